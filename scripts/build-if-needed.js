// Compiles once on a fresh clone (or after a source change) so `npm start` needs no separate build step:
// the server with tsc, then the web console (scripts/build-web.js) when it or the API changed.
const { execFileSync } = require('node:child_process');
const { existsSync, statSync, readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
// tsc compiles incrementally and leaves unchanged outputs alone, so no compiled file's time says when
// the last build ran: this stamp does, for the server's staleness and for the console's (its API types
// come from the server).
const stamp = join(root, 'dist', '.build-stamp');

// Tests and their fixtures are not part of the build, so editing them needs no rebuild.
const isBuilt = (name) => name.endsWith('.ts') && !name.endsWith('.spec.ts') && name !== 'fixtures.ts';
const isWebSource = (name) => /\.(ts|tsx|css|html|svg|json)$/.test(name) && name !== 'schema.d.ts';

function newestSource(dir, include = isBuilt) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path, include));
    else if (include(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sources = ['src', 'workflows', 'bench'].map((d) => join(root, d)).filter(existsSync);
const stale =
  !existsSync(stamp) || !existsSync(join(root, 'dist', 'src', 'main.js')) || Math.max(...sources.map((d) => newestSource(d))) > statSync(stamp).mtimeMs;
if (stale) {
  process.stderr.write('Building (tsc -p tsconfig.build.json)...\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

// The console: its sources, or the server whose OpenAPI document its client is generated from, changed.
const webOutput = join(root, 'dist', 'web', 'index.html');
const webSources = join(root, 'web');
if (existsSync(webSources)) {
  const webStale = !existsSync(webOutput) || Math.max(newestSource(webSources, isWebSource), statSync(stamp).mtimeMs) > statSync(webOutput).mtimeMs;
  if (webStale) {
    process.stderr.write('Building the web console (scripts/build-web.js)...\n');
    execFileSync(process.execPath, [join(root, 'scripts', 'build-web.js')], { cwd: root, stdio: 'inherit' });
  }
}
