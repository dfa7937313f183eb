import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, type TestApp } from './support/create-test-app';
import { buildIfNeeded, REPO_ROOT as ROOT } from './support/server-process';

const run = promisify(execFile);

/** The document less its `description` texts: what the generated types are made of. */
function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'description')
      .map(([key, v]) => [key, withoutDescriptions(v)]),
  );
}

/**
 * The console is typed by the API it calls: its build generates `web/src/api/schema.d.ts` from the
 * OpenAPI document the service serves (scripts/build-web.js, through dist/src/cli/openapi.js) and
 * type-checks the console against it before bundling. Shown here: the document the build reads is the
 * one GET /docs-json serves, and a console that does not follow a change of the API does not compile.
 */
describe('The console is built against the served OpenAPI document', () => {
  let t: TestApp;
  const cache = join(ROOT, 'node_modules', '.cache');

  beforeAll(async () => {
    await buildIfNeeded(400_000);
    t = await createTestApp();
  }, 420_000);

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  it('keeps the JavaScript the first page loads under 300 KB gzipped (the build measures it: dist/web/build-report.json)', () => {
    const report = JSON.parse(readFileSync(join(ROOT, 'dist', 'web', 'build-report.json'), 'utf8')) as { initialFiles: string[]; initialGzipBytes: number };
    expect(report.initialFiles.length).toBeGreaterThan(0);
    expect(report.initialGzipBytes).toBeLessThan(300 * 1024);
  });

  it('reads the same document as GET /docs-json serves', async () => {
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(join(cache, 'openapi-doc-'));
    try {
      await run(process.execPath, [join(ROOT, 'dist', 'src', 'cli', 'openapi.js'), join(dir, 'openapi.json')], { cwd: ROOT });
      const written = JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8')) as unknown;
      const served = (await t.http().get('/docs-json').expect(200)).body as unknown;
      // Prose aside: terminus words its health responses differently the second time a document is
      // built in one process (this test app has built one already for its response validator).
      expect(withoutDescriptions(written)).toEqual(withoutDescriptions(served));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails to type-check when the API drops a field the console reads (PlanDetail.transitions), and passes as generated', async () => {
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(join(cache, 'console-typecheck-'));
    try {
      // A copy of the console beside its real node_modules (and the shared workflow code and event catalogue it imports), so its imports resolve as in the build.
      const web = join(dir, 'web');
      cpSync(join(ROOT, 'web', 'src'), join(web, 'src'), { recursive: true });
      symlinkSync(join(ROOT, 'workflows'), join(dir, 'workflows'));
      // The outgoing event types, whose descriptions the console keeps (a type-only import).
      mkdirSync(join(dir, 'src'));
      symlinkSync(join(ROOT, 'src', 'outbox'), join(dir, 'src', 'outbox'));
      writeFileSync(
        join(web, 'tsconfig.json'),
        JSON.stringify({ extends: join(ROOT, 'web', 'tsconfig.json'), compilerOptions: { noEmit: true }, include: [join(web, 'src')] }),
      );
      const tsc = () =>
        run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(web, 'tsconfig.json')], { cwd: web }).then(
          () => '',
          (err: { stdout?: string }) => err.stdout ?? 'failed',
        );

      expect(await tsc()).toBe('');

      const schemaFile = join(web, 'src', 'api', 'schema.d.ts');
      const schema = readFileSync(schemaFile, 'utf8');
      const withoutTransitions = schema.replace(
        /(PlanDetail: components\["schemas"\]\["PlanSummary"\] & \{[\s\S]*?)\n\s*transitions: \{[\s\S]*?\n {12}\}\[\];/,
        '$1',
      );
      expect(withoutTransitions).not.toBe(schema);
      writeFileSync(schemaFile, withoutTransitions);
      expect(await tsc()).toMatch(/Property 'transitions' does not exist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
