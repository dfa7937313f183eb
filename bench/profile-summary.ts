/**
 * Summarises a .cpuprofile written with BENCH_PROFILE=1:
 *   node dist/bench/profile-summary.js bench/results/profiles/app-<pid>.cpuprofile [top]
 * Prints where the app's CPU time went: by package / source folder (self time), the hottest
 * functions (self time), and the inclusive time of the app's own functions.
 */
import { readFileSync } from 'node:fs';

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

function main(): void {
  process.stdout.on('error', () => process.exit(0)); // e.g. piped into head
  const [file, topArg] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile-summary.js <file.cpuprofile> [top]\n');
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
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(8)} ms`;
  const share = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)} %`;

  process.stdout.write(`${file}: ${ms(total)} sampled, ${ms(busy)} busy (shares below are of busy time)\n\nSelf time by area:\n`);
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
