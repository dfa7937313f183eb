/**
 * Summarises a .cpuprofile written with BENCH_PROFILE=1 or by sql-profile.js:
 *   node dist/bench/profile-summary.js bench/results/profiles/app-<pid>.cpuprofile [top] [requests]
 * Prints where the app's CPU time went: by layer of the request path (auth guard, validation, the
 * engine's steps, the response view, serialisation, logging, framework), by package / source folder
 * (self time), the hottest functions (self time), and the inclusive time of the app's own functions.
 * With the number of requests profiled (the third argument, or `<file>.meta.json` as sql-profile.js
 * writes it) every figure is also given in ms per request.
 */
import { existsSync, readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function area(url: string): string {
  if (!url) return '(native / idle / gc)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return url;
  const own = /\/(src|workflows|bench)\/([^/]+)/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  return url;
}

interface Frame {
  fn: string;
  /** The path below dist/ or node_modules/, or the URL as it is. */
  file: string;
  pkg: string | null;
}

const frameOf = (node: ProfileNode): Frame => {
  const { functionName, url } = node.callFrame;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? null;
  const file = pkg ? url.slice(url.lastIndexOf('node_modules/') + 'node_modules/'.length) : (/\/dist\/(.*)$/.exec(url)?.[1] ?? url);
  return { fn: functionName, file, pkg };
};

/** better-sqlite3's native methods: the time SQLite itself takes (statements, COMMIT and its fsync). */
const SQLITE_NATIVE = new Set(['run', 'all', 'get', 'iterate', 'prepare', 'exec', 'Statement', 'pragma']);

type Rule = [label: string, test: (f: Frame) => boolean];
const inFile = (pattern: RegExp) => (f: Frame) => pattern.test(f.file);
const fnIn = (names: string[], pattern: RegExp) => (f: Frame) => names.includes(f.fn) && pattern.test(f.file);
const pkgIs =
  (...names: string[]) =>
  (f: Frame) =>
    f.pkg !== null && names.includes(f.pkg);

/** The part of the request a sample belongs to: the first rule (in this order) that any frame of its stack matches. */
const CONTEXTS: Rule[] = [
  [
    'background (outbox dispatcher, webhooks, mail, timers)',
    inFile(/^src\/(outbox\/(outbox\.dispatcher|reminder)|webhooks\/|mail\/mail\.sender|engine\/timer\.poller|common\/background-pass)/),
  ],
  [
    'response view',
    (f) => (f.fn === 'detail' && /^src\/procurements\/procurements\.service/.test(f.file)) || /^src\/procurements\/procurement\.view/.test(f.file),
  ],
  ['engine', inFile(/^src\/(engine\/engine\.service|database\/unit-of-work)/)],
  ['auth guard', (f) => /^src\/common\/auth\//.test(f.file) || f.pkg === 'jose'],
  [
    'validation',
    (f) =>
      /^src\/(procurements\/event-body\.pipe|common\/(validation|hostile-input))/.test(f.file) ||
      /^@nestjs\/common\/pipes\//.test(f.file) ||
      pkgIs('class-validator', 'class-transformer', 'ajv')(f),
  ],
  ['controller and service glue', inFile(/^src\/(procurements|common|i18n)\//)],
  ['logging', pkgIs('pino', 'pino-http', 'nestjs-pino', 'pino-std-serializers', 'sonic-boom', 'thread-stream')],
  ['response serialisation', (f) => (f.pkg === 'fastify' && /serializ/i.test(`${f.fn} ${f.file}`)) || pkgIs('fast-json-stringify')(f)],
  ['Nest (routing, guards, interceptors)', pkgIs('@nestjs/core', '@nestjs/common', '@nestjs/platform-fastify', 'rxjs', 'reflect-metadata')],
  ['bench: inject (light-my-request)', pkgIs('light-my-request')],
  [
    'Fastify',
    (f) =>
      pkgIs('fastify', 'find-my-way', 'avvio', 'secure-json-parse', 'fast-content-type-parse', '@fastify/middie', '@fastify/rate-limit', '@fastify/error')(f),
  ],
  ['TypeORM (async continuation: caller not on the stack)', pkgIs('typeorm')],
  ['bench: the profiler itself', inFile(/^node:inspector/)],
];

/** Within the engine and the response view: which step. */
const STEPS: Rule[] = [
  ['listener: outbox', (f) => /^src\/outbox\//.test(f.file)],
  ['listener: portfolio projection', inFile(/^src\/portfolio\//)],
  ['listener: notices', inFile(/^src\/notices\//)],
  ['audit hashing', (f) => /^src\/engine\/audit-keys/.test(f.file) || fnIn(['stateDigest', 'hashOf', 'build', 'planState'], /^src\/engine\/audit-log/)(f)],
  ['audit insert', fnIn(['insert'], /^src\/engine\/audit-log/)],
  ['timers', inFile(/^src\/engine\/timer\.service/)],
  ['plan row load', fnIn(['find', 'hydrate', 'loadForCommand'], /^src\/engine\/(plan-rows|engine\.service)/)],
  ['plan row update', fnIn(['update'], /^src\/engine\/plan-rows/)],
  ['facts', (f) => /^src\/(engine\/facts\.service|dialogue\/|criteria\/)/.test(f.file)],
  ['rules of law and regime (thresholds)', inFile(/^src\/thresholds\//)],
  ['evaluate (guards)', fnIn(['evaluate', 'refusalReasons'], /^(workflows\/common\/inspect|src\/engine\/engine\.service)/)],
  ['restore machine', fnIn(['restore', 'initialContext'], /^workflows\//)],
  ['transition (xstate)', pkgIs('xstate')],
  ['payload validation', (f) => /^src\/engine\/payload-validator/.test(f.file) || f.pkg === 'ajv'],
  ['localisation (i18n)', inFile(/^src\/i18n\//)],
  ['workflow definitions', inFile(/^workflows\//)],
  ['unit of work (transaction, savepoints)', inFile(/^src\/database\/unit-of-work/)],
  ['TypeORM', pkgIs('typeorm')],
];

function layerOf(stack: Frame[]): string {
  const leaf = stack[0];
  if (leaf.fn === '(garbage collector)') return '(garbage collector)';
  if (leaf.fn === '(program)') return '(program: V8 outside JavaScript)';
  if (leaf.file.startsWith('bench/')) return 'bench: its own code (SQL timing wrapper)';
  if (leaf.file === '' && SQLITE_NATIVE.has(leaf.fn) && stack.some((f) => f.pkg === 'typeorm' || f.pkg === 'better-sqlite3' || f.file.startsWith('bench/'))) {
    return 'SQLite native (statements and COMMIT with its fsync: see the statement table)';
  }
  const own = stack.find((f) => /^(src|workflows)\//.test(f.file));
  const context =
    CONTEXTS.find(([, test]) => stack.some(test))?.[0] ??
    // An async continuation of the app's own code whose caller is not on the stack.
    (own
      ? `app: ${/^((?:src|workflows)\/[^/]+)/.exec(own.file)![1]} (async continuation)`
      : stack.some((f) => f.file.startsWith('node:'))
        ? 'node internals (unattributed)'
        : 'other');
  if (context !== 'engine' && context !== 'response view') return context;
  const step = STEPS.find(([, test]) => stack.some(test))?.[0] ?? 'other';
  return `${context} › ${step}`;
}

function main(): void {
  process.stdout.on('error', () => process.exit(0)); // e.g. piped into head
  const [file, topArg, requestsArg] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile-summary.js <file.cpuprofile> [top] [requests]\n');
    process.exit(2);
  }
  const top = Number(topArg ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, v]) => a + v, 0);
  const busy = total - idle;
  const meta = existsSync(`${file}.meta.json`) ? (JSON.parse(readFileSync(`${file}.meta.json`, 'utf8')) as { requests?: number; label?: string }) : {};
  const requests = Number(requestsArg ?? meta.requests ?? 0);
  const perRequest = (us: number) => (requests > 0 ? `${(us / 1000 / requests).toFixed(3).padStart(7)} ms/req ` : '');
  const ms = (us: number) => `${perRequest(us)}${(us / 1000).toFixed(0).padStart(8)} ms`;
  const share = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)} %`;

  process.stdout.write(
    `${file}: ${ms(total)} sampled, ${ms(busy)} busy (shares below are of busy time)${requests > 0 ? `; ${requests} requests${meta.label ? ` of ${meta.label}` : ''}` : ''}\n`,
  );

  // By layer: each sample's whole stack decides (see CONTEXTS and STEPS).
  const frames = new Map(profile.nodes.map((n) => [n.id, frameOf(n)]));
  const layerCache = new Map<number, string>();
  const layerOfNode = (id: number): string => {
    let layer = layerCache.get(id);
    if (layer === undefined) {
      const stack: Frame[] = [];
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) stack.push(frames.get(n)!);
      layer = layerOf(stack);
      layerCache.set(id, layer);
    }
    return layer;
  };
  const layers = new Map<string, number>();
  for (const [id, us] of self) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    const layer = layerOfNode(id);
    layers.set(layer, (layers.get(layer) ?? 0) + us);
  }
  process.stdout.write('\nBy layer (self time of every frame, by the layer its stack belongs to):\n');
  for (const [key, us] of [...layers].sort((a, b) => (a[0] < b[0] ? -1 : 1))) process.stdout.write(`  ${share(us)} ${ms(us)}  ${key}\n`);

  // PROFILE_LAYER=<regex>: the hottest functions within the layers it matches, to see what a layer holds.
  const layerFilter = process.env.PROFILE_LAYER ? new RegExp(process.env.PROFILE_LAYER) : null;
  if (layerFilter) {
    const within = new Map<string, number>();
    for (const [id, us] of self) {
      if (byId.get(id)!.callFrame.functionName === '(idle)' || !layerFilter.test(layerOfNode(id))) continue;
      const f = byId.get(id)!.callFrame;
      const key = `${f.functionName || '(anonymous)'}  ${frames.get(id)!.file}:${f.lineNumber + 1}  (${layerOfNode(id)})`;
      within.set(key, (within.get(key) ?? 0) + us);
    }
    process.stdout.write(`\nHottest functions in the layers matching ${layerFilter.source}:\n`);
    for (const [key, us] of [...within].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${share(us)} ${ms(us)}  ${key}\n`);
  }

  process.stdout.write('\nSelf time by area:\n');
  const areas = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    const key = frame.functionName === '(garbage collector)' ? '(garbage collector)' : frame.functionName === '(program)' ? '(program)' : area(frame.url);
    areas.set(key, (areas.get(key) ?? 0) + us);
  }
  for (const [key, us] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${share(us)} ${ms(us)}  ${key}\n`);

  process.stdout.write('\nHottest functions (self time):\n');
  const fns = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)') continue;
    const key = `${f.functionName || '(anonymous)'}  ${area(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  for (const [key, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${share(us)} ${ms(us)}  ${key}\n`);

  // Inclusive time of the app's own functions (src/ and workflows/), counted once per sample.
  process.stdout.write("\nInclusive time of the app's own functions (src/, workflows/):\n");
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const f = byId.get(n)!.callFrame;
      if (!/\/(src|workflows)\//.test(f.url) || f.url.includes('node_modules')) continue;
      const key = `${f.functionName || '(anonymous)'}  ${area(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  for (const [key, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${share(us)} ${ms(us)}  ${key}\n`);
}

main();
