// Compiles once on a fresh clone (or after a source change) so `npm start` needs no separate build step.
const { execFileSync } = require('node:child_process');
const { existsSync, statSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const output = join(root, 'dist', 'src', 'main.js');

// Tests and their fixtures are not part of the build, so editing them needs no rebuild.
const isBuilt = (name) => name.endsWith('.ts') && !name.endsWith('.spec.ts') && name !== 'fixtures.ts';

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (isBuilt(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sources = ['src', 'workflows', 'bench'].map((d) => join(root, d)).filter(existsSync);
const stale = !existsSync(output) || Math.max(...sources.map(newestSource)) > statSync(output).mtimeMs;
if (stale) {
  process.stderr.write('Building (tsc -p tsconfig.build.json)...\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
