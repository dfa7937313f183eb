import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Schema } from 'node-schematron';
import { validateXML } from 'xmllint-wasm';
import { eformsDirectory, HILMA_FOLDER, SDK_FOLDER } from '../../src/notices/eforms-metadata';

/** A failed assert of a schematron run: its rule id and the notice element it was judged on. */
export interface FailedAssert {
  id: string | null;
  context: string;
}

export interface NoticeValidation {
  /** The notice without Hilma's national extension against the SDK's UBL-PriorInformationNotice-2.3.xsd. */
  xsd: string[];
  /** The whole notice against Hilma's National-PriorInformationNotice-2.3.xsd (see knownNationalXsdErrors). */
  nationalXsd: string[];
  /** The SDK's static schematron, phase eforms-E1. */
  staticE1: FailedAssert[];
  /** Hilma's FI-Validation-E1.sch. */
  hilmaE1: FailedAssert[];
}

/**
 * Hilma's national XSD requires, inside hilma:NationalExtension, FI-11 ApplicableLegislationCode and
 * the TenderingProcess, NoticeResult and ReadOnlyFields groups, while Hilma's own rules forbid FI-11
 * in an E1 notice (FI-E1-FI-11-1) and Hilma's example E1 states only FI-20. A valid E1 therefore
 * meets exactly these complaints of the national XSD and no other.
 */
export const KNOWN_NATIONAL_XSD_ERRORS = [
  /Element '\{urn:hanselHilma:NationalNoticeExtension\}IsEUApplicableConstraintIndicator': This element is not expected\. Expected is \( \{urn:hanselHilma:NationalNoticeExtension\}ApplicableLegislationCode \)/,
  /Element '\{urn:hanselHilma:NationalNoticeExtension\}NationalExtension': Missing child element\(s\)\. Expected is \( \{urn:hanselHilma:NationalNoticeExtension\}TenderingProcess \)/,
];

const NATIONAL_EXTENSION = /<hilma:NationalExtension>[\s\S]*<\/hilma:NationalExtension>\s*/;

/** The E1 phase of the static schematron with its patterns inlined (node-schematron does not follow <include>). */
function staticE1Schematron(dir: string): string {
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  const main = read('complete-validation.sch');
  const phase = /<phase id="eforms-E1">([\s\S]*?)<\/phase>/.exec(main)![1];
  const patterns = [...phase.matchAll(/pattern="EFORMS-([^"]+)"/g)].map(([, id]) => bare(read(`${id}.sch`)));
  const head = main.slice(0, main.indexOf('<phase '));
  const diagnostics = /<diagnostics>[\s\S]*<\/diagnostics>/.exec(main)![0];
  return `${head}${patterns.join('\n')}${diagnostics}</schema>`;
}

/** Hilma's E1 pattern in a schema with the SDK's namespaces and variables, and Hilma's namespace. */
function hilmaE1Schematron(staticMain: string, pattern: string): string {
  const head = staticMain
    .slice(0, staticMain.indexOf('<phase '))
    .replace('<ns prefix="fn"', '<ns prefix="hilma" uri="urn:hanselHilma:NationalNoticeExtension" />\n\t<ns prefix="fn"');
  return `${head}${bare(pattern)}</schema>`;
}

const bare = (sch: string) => sch.replace(/<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');

/**
 * Validates notices offline, as Hilma would: compile once per suite (a second), then seconds per
 * notice for the static rules. Tests only: never in a request.
 */
export class EformsValidator {
  private constructor(
    private readonly staticSchema: Schema,
    private readonly hilmaSchema: Schema,
    private readonly schemas: { sdk: string; national: string; preload: Array<{ fileName: string; contents: string }> },
  ) {}

  static create(dir = eformsDirectory()): EformsValidator {
    const sdk = join(dir, SDK_FOLDER);
    const staticDir = join(sdk, 'schematrons', 'static');
    const staticMain = readFileSync(join(staticDir, 'complete-validation.sch'), 'utf8');
    const hilma = readFileSync(join(dir, HILMA_FOLDER, 'schematrons', 'generated', 'FI-Validation-E1.sch'), 'utf8');
    const common = join(sdk, 'schemas', 'common');
    const files = readdirSync(common).map((name) => ({ name, contents: readFileSync(join(common, name), 'utf8') }));
    // The maindoc schemas import ../common/…, Hilma's ../ted/sdk/schemas/common/…; xmllint resolves imports by these names.
    const preload = files.flatMap(({ name, contents }) =>
      ['', '../common/', '../ted/sdk/schemas/common/'].map((prefix) => ({ fileName: `${prefix}${name}`, contents })),
    );
    preload.push({
      fileName: './NationalNoticeExtension.xsd',
      contents: readFileSync(join(dir, HILMA_FOLDER, 'schemas', 'NationalNoticeExtension.xsd'), 'utf8'),
    });
    return new EformsValidator(Schema.fromString(staticE1Schematron(staticDir)), Schema.fromString(hilmaE1Schematron(staticMain, hilma)), {
      sdk: readFileSync(join(sdk, 'schemas', 'maindoc', 'UBL-PriorInformationNotice-2.3.xsd'), 'utf8'),
      national: readFileSync(join(dir, HILMA_FOLDER, 'schemas', 'National-PriorInformationNotice-2.3.xsd'), 'utf8'),
      preload,
    });
  }

  async validate(xml: string): Promise<NoticeValidation> {
    const xsd = async (schema: string, contents: string) =>
      (await validateXML({ xml: [{ fileName: 'notice.xml', contents }], schema: [schema], preload: this.schemas.preload, maxMemoryPages: 16_384 })).errors.map(
        (e) => e.rawMessage,
      );
    const failed = (schema: Schema) =>
      schema
        .validateString(xml)
        .filter((r) => !r.isReport)
        .map((r) => ({ id: r.assertId, context: (r.context as unknown as { nodeName?: string }).nodeName ?? '' }));
    return {
      xsd: await xsd(this.schemas.sdk, xml.replace(NATIONAL_EXTENSION, '')),
      nationalXsd: await xsd(this.schemas.national, xml),
      staticE1: failed(this.staticSchema),
      hilmaE1: failed(this.hilmaSchema),
    };
  }
}

/** The national XSD's complaints beyond the known contradiction with Hilma's E1 rules. */
export const unexpectedNationalXsdErrors = (errors: string[]) => errors.filter((e) => !KNOWN_NATIONAL_XSD_ERRORS.some((known) => known.test(e)));
