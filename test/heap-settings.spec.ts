import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT as ROOT } from './support/server-process';

/** src/common/heap-settings.ts as the build compiles it, to run first in a fresh node. */
function serviceSettings(): string {
  const source = readFileSync(join(ROOT, 'src', 'common', 'heap-settings.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  return `(function (exports, require) {\n${outputText}\n})({}, require);\n`;
}

/**
 * An allocation site whose objects are all still alive at thirty young-generation collections,
 * then a hundred more objects from it: how many of those V8 made in the young generation.
 */
const SURVIVING_SITE = `
  const kept = [];
  function make(i) { return [i, null, i]; }
  for (let round = 0; round < 30; round++) {
    for (let i = 0; i < 5000; i++) kept.push(make(i));
    gc({ type: 'minor' });
  }
  let young = 0;
  for (let i = 0; i < 100; i++) if (%InYoungGeneration(make(i))) young++;
  process.stdout.write(JSON.stringify({ young, kept: kept.length }));`;

/**
 * Runs SURVIVING_SITE after `prelude` in a fresh node. Only optimised code tracks an allocation site's
 * survivors, and `make` is re-optimised after each decision; compiled on a background thread, it was
 * at times not ready when the hundred objects were made, and they came from the interpreter, young
 * whatever the decision (about one run in four). Compiled on the main thread, every run is the same.
 */
async function youngOf(prelude: string): Promise<number> {
  const args = ['--expose-gc', '--allow-natives-syntax', '--no-concurrent-recompilation', '-e', prelude + SURVIVING_SITE];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code).toBe(0);
  return (JSON.parse(out) as { young: number }).young;
}

/**
 * The service runs without V8's allocation-site pretenuring (decision 0028, session 20): once most
 * objects of one place in the code were alive at a young-generation collection, V8 made all its later
 * objects in the old generation, for the process's life, and under load that was 3 to 8 KB of every
 * transition (full collections of 10 to 30 ms amid the traffic).
 */
describe('V8 settings of the service', () => {
  it('this node pretenures a site whose objects survived (what the setting turns off)', async () => {
    // If a later Node stops doing this, the setting may no longer be needed: see heap-settings.ts.
    expect(await youngOf('')).toBe(0);
  });

  it('with the service’s settings applied first, a surviving site’s new objects stay young', async () => {
    expect(await youngOf(serviceSettings())).toBe(100);
  });

  it('main.ts applies them before anything else is loaded', () => {
    const main = readFileSync(join(ROOT, 'src', 'main.ts'), 'utf8');
    const firstImport = /^import\s[^;]*;/m.exec(main)?.[0];
    expect(firstImport).toBe("import './common/heap-settings';");
  });
});
