import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { WorkflowRegistry } from '../registry';

/**
 * Stage knowledge lives only in workflows/ (house style 13): src/ asks for a stage's tag and never
 * writes a stage id. Specs may name stages, so *.spec.ts files are not scanned.
 *
 * A string literal counts as a stage id unless it is a type (`'cancelled'` in a union), or the
 * compiler types it as a member of a closed set of literals that excludes `string` (a round's or a
 * timer's status `'cancelled'`): a stage id is a plain string, so a literal in a closed vocabulary
 * is a word of that vocabulary. What remains and is not a stage is listed below, with its count.
 */
const NOT_STAGES = [
  { file: 'src/notices/statistics/hilma-statistics.ts', literal: 'marketAnalysis', count: 4, why: 'the name of a record of the plan context' },
  { file: 'src/ocds/ocds-release.ts', literal: 'approval', count: 2, why: 'the OCDS milestone type and its id' },
  { file: 'src/dialogue/dialogue.schemas.ts', literal: 'cancelled', count: 1, why: "a round's status in the OpenAPI schema" },
];

/** Jest runs from the repository's root, as the other specs that read files assume. */
const ROOT = process.cwd();
const STAGE_IDS = new Set(new WorkflowRegistry().list().flatMap((def) => def.stages.map((s) => s.id)));

interface Finding {
  file: string;
  line: number;
  literal: string;
}

function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) throw new Error('tsconfig.json did not parse');
  return { ...parsed.options, noEmit: true, incremental: false };
}

/** Every string literal in `files` equal to one of `stageIds` that is not a word of a closed vocabulary. */
function stageLiterals(files: string[], stageIds: ReadonlySet<string>): Finding[] {
  const program = ts.createProgram(files, compilerOptions());
  const checker = program.getTypeChecker();
  const string = checker.getStringType();
  const findings: Finding[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`${file} is not in the program`);
    const visit = (node: ts.Node): void => {
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && stageIds.has(node.text) && !ts.isLiteralTypeNode(node.parent)) {
        const expected = checker.getContextualType(node);
        const closedVocabulary = expected !== undefined && !checker.isTypeAssignableTo(string, expected);
        if (!closedVocabulary) {
          findings.push({ file: relative(ROOT, file), line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, literal: node.text });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings;
}

function sourceFiles(): string[] {
  return ts.sys.readDirectory(join(ROOT, 'src'), ['.ts']).filter((f) => !f.endsWith('.spec.ts') && !f.endsWith('.d.ts'));
}

describe('No stage id literal outside workflows/', () => {
  it('finds none in src/ beyond the words listed as not stages', () => {
    const findings = stageLiterals(sourceFiles(), STAGE_IDS);
    const allowed = (f: Finding) => NOT_STAGES.some((n) => n.file === f.file && n.literal === f.literal);
    expect(
      findings
        .filter((f) => !allowed(f))
        .map((f) => `${f.file}:${f.line} '${f.literal}' names a stage: ask the plan's workflow for a tag (workflows/common/tags.ts)`),
    ).toEqual([]);
    for (const entry of NOT_STAGES) {
      const count = findings.filter((f) => f.file === entry.file && f.literal === entry.literal).length;
      expect(`${entry.file}: '${entry.literal}' (${entry.why}) ×${count}`).toBe(`${entry.file}: '${entry.literal}' (${entry.why}) ×${entry.count}`);
    }
  });

  it('names file and line of a comparison with a stage, a list of stages and a SQL parameter, and spares types and closed vocabularies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stage-literals-'));
    const file = join(dir, 'sample.ts');
    writeFileSync(
      file,
      [
        'declare const plan: { stage: string };',
        "export const running = plan.stage === 'marketDialogue';",
        "export const OPEN = ['marketAnalysis', `marketDialogue`];",
        "export const params = { stage: 'approval' } as Record<string, unknown>;",
        "export type Status = 'closed' | 'cancelled';",
        "export const status: Status = plan.stage ? 'cancelled' : 'closed';",
        "export const note = 'approval.waiting';",
      ].join('\n'),
    );
    expect(stageLiterals([file], STAGE_IDS).map((f) => `${f.line} ${f.literal}`)).toEqual([
      '2 marketDialogue',
      '3 marketAnalysis',
      '3 marketDialogue',
      '4 approval',
    ]);
  });
});
