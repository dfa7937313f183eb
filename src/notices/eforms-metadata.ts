import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the eForms SDK and Hilma's national tailoring are read from (never copied into the repository). */
export const DEFAULT_EFORMS_DIR = '../shared/eforms';
export const SDK_FOLDER = 'sdk-1.13.3';
export const HILMA_FOLDER = 'hilma-sdk';

interface Constraint {
  noticeTypes: string[];
  value: boolean;
  condition?: string;
}

interface Rule {
  value?: boolean;
  constraints?: Constraint[];
}

/** One business term's field as fields.json describes it (the parts the writer uses). */
export interface FieldMeta {
  id: string;
  parentNodeId: string;
  name: string;
  btId?: string;
  xpathAbsolute: string;
  xpathRelative: string;
  xsdSequenceOrder?: Array<Record<string, number>>;
  type: string;
  attributes?: string[];
  attributeName?: string;
  attributeOf?: string;
  presetValue?: string;
  mandatory?: Rule;
  forbidden?: Rule;
}

/** A node of the notice's XML structure (a group of fields: an organisation, a lot…). */
export interface NodeMeta {
  id: string;
  parentId?: string;
  xpathRelative: string;
  xsdSequenceOrder?: Array<Record<string, number>>;
  repeatable: boolean;
}

export interface DocumentType {
  id: string;
  namespace: string;
  rootElement: string;
  additionalNamespaces: Array<{ prefix: string; uri: string }>;
}

/** Hilma's national extension: its namespace, and where national nodes and fields come in the XSD's order. */
export const HILMA_NAMESPACE = { prefix: 'hilma', uri: 'urn:hanselHilma:NationalNoticeExtension' };

interface FieldsFile {
  sdkVersion: string;
  ublVersion: string;
  xmlStructure: NodeMeta[];
  fields: FieldMeta[];
}

/**
 * The eForms field metadata (SDK fields.json with Hilma's national fields and rules laid over it):
 * every business term's XPath, element order, and per-subtype mandatory and forbidden constraints.
 * Hilma's national fields carry no `xsdSequenceOrder`; their order in national-fields.json is the
 * order of NationalNoticeExtension.xsd, and the extension comes last in the document.
 */
export class EformsMetadata {
  readonly sdkVersion: string;
  readonly ublVersion: string;
  private readonly fields = new Map<string, FieldMeta>();
  private readonly nodes = new Map<string, NodeMeta>();
  private readonly documentTypes: DocumentType[];
  private readonly subtypes: Array<{ subTypeId: string; documentType: string; type: string; formType: string; legalBasis: string }>;

  constructor(
    sdk: FieldsFile,
    national: { xmlStructure: NodeMeta[]; fields: FieldMeta[] },
    nationalRules: Array<Pick<FieldMeta, 'id' | 'mandatory' | 'forbidden'>>,
    noticeTypes: { documentTypes: DocumentType[]; noticeSubTypes: EformsMetadata['subtypes'] },
  ) {
    this.sdkVersion = sdk.sdkVersion;
    this.ublVersion = sdk.ublVersion;
    for (const node of sdk.xmlStructure) this.nodes.set(node.id, node);
    for (const field of sdk.fields) this.fields.set(field.id, field);
    national.xmlStructure.forEach((node, i) =>
      this.nodes.set(node.id, {
        ...node,
        xsdSequenceOrder: node.xsdSequenceOrder ?? nationalOrder(node.xpathRelative, node.parentId === 'ND-Root' ? 1000 : i),
      }),
    );
    national.fields.forEach((field, i) =>
      this.fields.set(field.id, { ...field, xsdSequenceOrder: field.xsdSequenceOrder ?? nationalOrder(field.xpathRelative, i) }),
    );
    // National rules only make constraints stricter: their constraints are added to the SDK's.
    for (const rule of nationalRules) {
      const field = this.fields.get(rule.id);
      if (!field) continue;
      this.fields.set(rule.id, { ...field, mandatory: merged(field.mandatory, rule.mandatory), forbidden: merged(field.forbidden, rule.forbidden) });
    }
    this.documentTypes = noticeTypes.documentTypes;
    this.subtypes = noticeTypes.noticeSubTypes;
  }

  static load(dir: string): EformsMetadata {
    const json = <T>(...path: string[]) => JSON.parse(readFileSync(join(dir, ...path), 'utf8')) as T;
    return new EformsMetadata(
      json<FieldsFile>(SDK_FOLDER, 'fields', 'fields.json'),
      json(HILMA_FOLDER, 'fields', 'national-fields.json'),
      json(HILMA_FOLDER, 'fields', 'national-rules.json'),
      json(SDK_FOLDER, 'notice-types', 'notice-types.json'),
    );
  }

  field(id: string): FieldMeta {
    const field = this.fields.get(id);
    if (!field) throw new Error(`eForms field ${id} is not in fields.json`);
    return field;
  }

  node(id: string): NodeMeta {
    const node = this.nodes.get(id);
    if (!node) throw new Error(`eForms node ${id} is not in fields.json`);
    return node;
  }

  /** The subtype's notice type (BT-02), form type (BT-03), legal basis (BT-01) and root element with its namespaces. */
  subtype(subtype: string): { noticeType: string; formType: string; legalBasis: string; document: DocumentType } {
    const entry = this.subtypes.find((s) => s.subTypeId === subtype);
    if (!entry) throw new Error(`eForms notice subtype ${subtype} is not in notice-types.json`);
    const document = this.documentTypes.find((d) => d.id === entry.documentType)!;
    return { noticeType: entry.type, formType: entry.formType, legalBasis: entry.legalBasis, document };
  }

  /** Fields the subtype always needs (constraints without a condition), SDK and national alike. */
  mandatoryFields(subtype: string): FieldMeta[] {
    return [...this.fields.values()].filter((f) => unconditionally(f.mandatory, subtype));
  }

  /** Whether the subtype forbids the field outright (a condition-free constraint). */
  forbidden(id: string, subtype: string): boolean {
    return unconditionally(this.field(id).forbidden, subtype);
  }
}

export function eformsDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.EFORMS_DIR ?? DEFAULT_EFORMS_DIR);
}

let loaded: { dir: string; metadata: EformsMetadata } | null = null;

/** The metadata, read once per process (fields.json is 2 MB). */
export function eformsMetadata(dir = eformsDirectory()): EformsMetadata {
  if (loaded?.dir !== dir) loaded = { dir, metadata: EformsMetadata.load(dir) };
  return loaded.metadata;
}

function unconditionally(rule: Rule | undefined, subtype: string): boolean {
  return (rule?.constraints ?? []).some((c) => c.value && !c.condition && c.noticeTypes.includes(subtype));
}

function merged(base: Rule | undefined, extra: Rule | undefined): Rule | undefined {
  if (!extra) return base;
  return { ...base, constraints: [...(base?.constraints ?? []), ...(extra.constraints ?? [])] };
}

function nationalOrder(xpathRelative: string, position: number): Array<Record<string, number>> {
  return xpathSteps(xpathRelative)
    .filter((step) => !step.startsWith('@'))
    .map((step) => ({ [elementName(step)]: position }));
}

/** Splits a relative XPath into its steps, keeping predicates (which may hold slashes) with their step. */
export function xpathSteps(xpath: string): string[] {
  const steps: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of xpath) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '/' && depth === 0) {
      if (current) steps.push(current);
      current = '';
    } else current += ch;
  }
  if (current) steps.push(current);
  return steps;
}

export function elementName(step: string): string {
  const bracket = step.indexOf('[');
  return bracket === -1 ? step : step.slice(0, bracket);
}
