/**
 * Where a paced run's slow answers on PostgreSQL come from. Diagnostic, not part of `npm run bench`:
 *
 *   TAIL_DATABASE_URL=postgres://postgres@127.0.0.1:5432/seeded node dist/bench/pg-tail.js
 *
 * Starts the app on the database (one seeded beforehand with `node dist/src/cli/seed.js` gives it
 * the benchmark's size; the working set is made in it, so use a copy), makes the working set, then
 * sends RECORD_NEEDS evenly spaced at TAIL_RATE/s (1,000) for TAIL_SECONDS (20), TAIL_RUNS times (3),
 * while a connection of its own reads `pg_stat_activity` every TAIL_SAMPLE_MS (50): which autovacuum
 * workers run on which table, whether the checkpointer is writing, and what the app's connections
 * wait for ("Client:ClientRead": for the app to send the next statement; "IO:WALSync": for the
 * COMMIT's flush; "CPU": the server is working). The app runs with `--trace-gc-nvp`. Per run it
 * prints each TAIL_WINDOW_MS (250) window whose p99 is over 25 ms with what the server and the app's
 * collector did meanwhile, what the app's connections waited for over the run, and how many slow
 * answers fell in windows with a collector's pause, with the kernel writing dirty pages back (at
 * least WRITEBACK_KB of them under writeback in `/proc/meminfo` at a sample: PostgreSQL's own writes
 * of evicted buffers, left in the page cache and flushed by the kernel 30 s later in a burst the
 * WAL's flush then waits behind), with autovacuum at work, or neither; and per run how many buffers
 * the server's backends, its background writer and its checkpointer wrote (`pg_stat_bgwriter`).
 * Other settings: TAIL_PLANS (5,000 plans in the working set), TAIL_PROFILE (a directory: the app's
 * main thread is CPU-profiled over the paced runs only, into `app-<pid>.cpuprofile` there;
 * `node dist/bench/profile-summary.js <file> 30 <answers>` reads it).
 *
 * On a server whose autovacuum is off (as this machine's), the database is vacuumed before the
 * working set is made and after, as `npm run bench` does between phases; TAIL_VACUUM=0 leaves it. */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { App } from './app';
import { GcTrace, type Collection } from './gc-trace';
import { closedLoop, paced } from './load';
import { serverInfo, vacuumIfNoAutovacuum } from './postgres';
import { killAll, pageCacheOf, readMeminfo } from './processes';
import { percentile, summarise } from './stats';
import { organisations, prepareWorkingSet, RECORD_NEEDS, roundRobin, roundRobinPaced } from './workloads';

const SLOW_MS = 25;
/** A sample with this much under writeback (KiB) marks its window as one where the kernel was flushing. */
const WRITEBACK_KB = 16 * 1024;

const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a number > 0`);
  return value;
};

/** What the server was doing at one moment. */
export interface Sample {
  /** ms after the run's start. */
  at: number;
  /** Tables autovacuum workers were working on ("VACUUM procurement_plans", "ANALYZE …"). */
  autovacuum: string[];
  checkpoint: boolean;
  /** The app's connections by what they waited for ("IO:WALSync", "Lock:transactionid", "CPU" when running, idle left out). */
  waits: Record<string, number>;
  /** The machine's page cache: KiB dirty and KiB being written back (`/proc/meminfo`), when read. */
  dirtyKb?: number;
  writebackKb?: number;
}

const ACTIVITY = `
  select backend_type, state, wait_event_type, wait_event, query, datname = current_database() as here
  from pg_stat_activity where pid <> pg_backend_pid()`;

export interface ActivityRow {
  backend_type: string;
  state: string | null;
  wait_event_type: string | null;
  wait_event: string | null;
  query: string | null;
  here: boolean;
}

export function sampleOf(at: number, rows: ActivityRow[]): Sample {
  const sample: Sample = { at, autovacuum: [], checkpoint: false, waits: {} };
  for (const row of rows) {
    if (row.backend_type === 'autovacuum worker' && row.query) sample.autovacuum.push(row.query.replace(/^autovacuum:\s*/, '').replace(/public\./g, ''));
    // Between checkpoints it waits in CheckpointerMain; during one it writes, syncs, or sleeps to spread its writes (CheckpointWriteDelay).
    else if (row.backend_type === 'checkpointer') sample.checkpoint = row.wait_event !== 'CheckpointerMain';
    else if (row.backend_type === 'client backend' && row.here && row.state !== 'idle') {
      const what = row.wait_event_type ? `${row.wait_event_type}:${row.wait_event}` : 'CPU';
      sample.waits[what] = (sample.waits[what] ?? 0) + 1;
    }
  }
  return sample;
}

/** Samples `pg_stat_activity` until stopped. */
function sampler(client: Client, everyMs: number, started: () => number) {
  const samples: Sample[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const at = started();
      const { rows } = await client.query<ActivityRow>(ACTIVITY);
      samples.push({ ...sampleOf(at, rows), ...pageCacheOf(readMeminfo()) });
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    samples,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

const fmt = (n: number) => n.toFixed(1);

export interface SlowWindow {
  /** ms after the run's start. */
  from: number;
  answers: number;
  slow: number;
  p99: number;
  max: number;
  autovacuum: string[];
  checkpoint: boolean;
  /** The most KiB under writeback at a sample in the window (0 when none was read). */
  writebackKb: number;
  /** Collections that ended in the window or the next one, with a pause of 2 ms or more (or full ones). */
  pauses: Collection[];
  /** The app's connections, mean per sample, by what they waited for. */
  waits: Record<string, number>;
}

export interface TailAnalysis {
  answers: number;
  latencyMs: ReturnType<typeof summarise>;
  /**
   * Answers slower than SLOW_MS, and how many fell in windows with a collector's pause, else with the
   * kernel writing back WRITEBACK_KB or more, else with autovacuum at work, else neither.
   */
  slow: Kinds;
  /** All windows, the same way: how common each kind of window was, slow or not. */
  windows: Kinds;
  /** Windows whose p99 is over SLOW_MS, in time order. */
  slowWindows: SlowWindow[];
  /** The app's connections over the whole run, mean per sample, by what they waited for ("Client:ClientRead": for the app). */
  waits: Record<string, number>;
  scavenges: number;
  scavengePauseP99Ms: number;
  markCompactPausesMs: number[];
}

interface Kinds {
  total: number;
  withPause: number;
  withWriteback: number;
  withAutovacuum: number;
  neither: number;
}

function meanWaits(samples: Sample[]): Record<string, number> {
  const waits: Record<string, number> = {};
  for (const x of samples) for (const [k, v] of Object.entries(x.waits)) waits[k] = (waits[k] ?? 0) + v;
  for (const k of Object.keys(waits)) waits[k] /= Math.max(1, samples.length);
  return waits;
}

/**
 * A paced run's answers ([due, ms after the start; latency, ms]) cut into windows of `windowMs`, each
 * set beside what the server (`samples`) and the app's collector (`collections`, `at` in ms after the
 * start) did meanwhile.
 */
export function analyse(timeline: Array<[number, number]>, samples: Sample[], collections: Collection[], windowMs: number): TailAnalysis {
  const windows = new Map<number, number[]>();
  for (const [due, latency] of timeline) {
    const w = Math.floor(due / windowMs);
    let latencies = windows.get(w);
    if (!latencies) windows.set(w, (latencies = []));
    latencies.push(latency);
  }
  const slow: Kinds = { total: 0, withPause: 0, withWriteback: 0, withAutovacuum: 0, neither: 0 };
  const kinds: Kinds = { total: 0, withPause: 0, withWriteback: 0, withAutovacuum: 0, neither: 0 };
  const slowWindows: SlowWindow[] = [];
  for (const [w, latencies] of [...windows].sort((a, b) => a[0] - b[0])) {
    const from = w * windowMs;
    const seen = samples.filter((x) => x.at >= from && x.at < from + windowMs);
    const autovacuum = [...new Set(seen.flatMap((x) => x.autovacuum))];
    // A collection is reported when it ends; its pause may hold back answers due in the window before.
    const pauses = collections.filter((c) => c.at >= from && c.at < from + 2 * windowMs && (c.kind === 'mark-compact' || c.pauseMs >= 2));
    const slowHere = latencies.filter((l) => l > SLOW_MS).length;
    const writebackKb = Math.max(0, ...seen.map((x) => x.writebackKb ?? 0));
    const kind = pauses.length > 0 ? 'withPause' : writebackKb >= WRITEBACK_KB ? 'withWriteback' : autovacuum.length > 0 ? 'withAutovacuum' : 'neither';
    slow.total += slowHere;
    slow[kind] += slowHere;
    kinds.total++;
    kinds[kind]++;
    const s = summarise(latencies);
    if (s.p99 > SLOW_MS) {
      slowWindows.push({
        from,
        answers: latencies.length,
        slow: slowHere,
        p99: s.p99,
        max: s.max,
        autovacuum,
        checkpoint: seen.some((x) => x.checkpoint),
        writebackKb,
        pauses,
        waits: meanWaits(seen),
      });
    }
  }
  const scavenges = collections.filter((c) => c.kind === 'scavenge').map((c) => c.pauseMs);
  return {
    answers: timeline.length,
    latencyMs: summarise(timeline.map(([, latency]) => latency)),
    slow,
    windows: kinds,
    slowWindows,
    waits: meanWaits(samples),
    scavenges: scavenges.length,
    scavengePauseP99Ms: scavenges.length ? percentile(scavenges, 99) : 0,
    markCompactPausesMs: collections.filter((c) => c.kind === 'mark-compact').map((c) => c.pauseMs),
  };
}

const waitsText = (waits: Record<string, number>, top: number) =>
  Object.entries(waits)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ') || 'idle';

function render(run: number, a: TailAnalysis): string {
  const lines = [`\nrun ${run}: ${a.answers} answers, p50 ${fmt(a.latencyMs.p50)} ms, p99 ${fmt(a.latencyMs.p99)} ms, max ${fmt(a.latencyMs.max)} ms`];
  for (const w of a.slowWindows) {
    const pauses = w.pauses.map((c) => `${c.kind === 'mark-compact' ? 'full' : c.kind === 'scavenge' ? 'scavenge' : 'other'} ${fmt(c.pauseMs)}`).join(', ');
    lines.push(
      `  ${(w.from / 1000).toFixed(2).padStart(6)} s: p99 ${fmt(w.p99).padStart(6)} ms, max ${fmt(w.max).padStart(6)}, slow ${String(w.slow).padStart(3)}/${w.answers}` +
        `${w.autovacuum.length ? `; autovacuum ${w.autovacuum.join(' + ')}` : ''}${w.checkpoint ? '; checkpoint' : ''}` +
        `${w.writebackKb ? `; writeback ${fmt(w.writebackKb / 1024)} MiB` : ''}${pauses ? `; GC ${pauses} ms` : ''}; connections: ${waitsText(w.waits, 4)}`,
    );
  }
  lines.push(
    `  collections: ${a.scavenges} scavenges (pause p99 ${fmt(a.scavengePauseP99Ms)} ms), full: ${a.markCompactPausesMs.map(fmt).join(' / ') || 'none'}`,
    `  the app's connections (mean per sample): ${waitsText(a.waits, 6)}`,
    `  answers over ${SLOW_MS} ms: ${a.slow.total}; in windows with a collector's pause ${a.slow.withPause} (${a.windows.withPause} of ${a.windows.total} windows), ` +
      `with the kernel writing back ${WRITEBACK_KB / 1024} MiB or more ${a.slow.withWriteback} (${a.windows.withWriteback}), ` +
      `with autovacuum at work ${a.slow.withAutovacuum} (${a.windows.withAutovacuum}), neither ${a.slow.neither} (${a.windows.neither})`,
  );
  return `${lines.join('\n')}\n`;
}

const BUFFERS_WRITTEN =
  'select buffers_backend::float8 as backends, buffers_clean::float8 as cleaner, buffers_checkpoint::float8 as checkpointer from pg_stat_bgwriter';
type BuffersWritten = { backends: number; cleaner: number; checkpointer: number };

async function main(): Promise<void> {
  const ROOT = resolve(__dirname, '..', '..');
  const url = process.env.TAIL_DATABASE_URL;
  if (!url) throw new Error('TAIL_DATABASE_URL must name a PostgreSQL database (a copy: the run changes its plans)');
  const rate = setting('TAIL_RATE', 1000);
  const seconds = setting('TAIL_SECONDS', 20);
  const runs = setting('TAIL_RUNS', 3);
  const planCount = setting('TAIL_PLANS', 5000);
  const sampleMs = setting('TAIL_SAMPLE_MS', 50);
  const windowMs = setting('TAIL_WINDOW_MS', 250);
  const connections = 50;
  const profileDir = process.env.TAIL_PROFILE;
  if (profileDir) Object.assign(process.env, { BENCH_PROFILE_DIR: resolve(profileDir), BENCH_PROFILE_ON_SIGNAL: '1' });
  const app = await App.start({
    distDir: resolve(ROOT, 'dist'),
    repoRoot: ROOT,
    sqlitePath: join(tmpdir(), 'pg-tail-unused.sqlite'), // required by the app's settings, unused with DATABASE_URL
    databaseUrl: url,
    poolSize: 10, // the benchmark's BENCH_PG_POOL
    jwtSecret: randomBytes(32).toString('base64url'),
    anonymisationSecret: randomBytes(32).toString('base64url'),
    logLevel: 'warn',
    nodeArgs: ['--trace-gc-nvp', ...(profileDir ? ['--require', join(ROOT, 'dist', 'bench', 'profile-preload.js')] : [])],
    label: 'app',
  });
  const gc = new GcTrace(app.process.child.stdout!);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const orgs = await organisations(app, ['city-of-espoo', 'city-of-vantaa']);
    // As npm run bench does on a server whose autovacuum is off: after seeding (the first vacuum of a seeded copy
    // rewrites most of its pages, and a paced run right behind it measures that), after the working set is made.
    const server = await serverInfo(url);
    const maintain = () => (process.env.TAIL_VACUUM === '0' ? Promise.resolve() : vacuumIfNoAutovacuum(url, server));
    await maintain();
    const { plans } = await prepareWorkingSet(app, orgs, planCount, connections, 'app', (m) => process.stdout.write(`${m}\n`));
    await maintain();
    await closedLoop({ title: 'warm-up', url: app.url, connections, duration: 5, requests: roundRobin(plans, orgs, RECORD_NEEDS), appPids: [app.pid] });
    let answers = 0;
    if (profileDir) process.kill(app.pid, 'SIGWINCH');
    for (let run = 1; run <= runs; run++) {
      const timeline: Array<[number, number]> = [];
      const t0 = performance.now();
      const wall0 = Date.now();
      const written0 = (await client.query<BuffersWritten>(BUFFERS_WRITTEN)).rows[0];
      const sampling = sampler(client, sampleMs, () => performance.now() - t0);
      await paced({
        title: 'RECORD_NEEDS paced',
        url: app.url,
        rate,
        seconds,
        connections,
        next: roundRobinPaced(plans, orgs, RECORD_NEEDS),
        appPids: [app.pid],
        timeline,
      });
      await sampling.stop();
      answers += timeline.length;
      const collections = gc.within(wall0, Date.now()).map((c) => ({ ...c, at: c.at - wall0 }));
      process.stdout.write(render(run, analyse(timeline, sampling.samples, collections, windowMs)));
      // The server's statistics reach the view about once a second: close enough over a run.
      const written = (await client.query<BuffersWritten>(BUFFERS_WRITTEN)).rows[0];
      const per = (key: keyof BuffersWritten) => ((written[key] - written0[key]) / Math.max(1, timeline.length)).toFixed(2);
      process.stdout.write(
        `  8 KiB buffers written per answer: by backends ${per('backends')}, the background writer ${per('cleaner')}, the checkpointer ${per('checkpointer')}\n`,
      );
    }
    if (profileDir) {
      process.kill(app.pid, 'SIGWINCH');
      process.stdout.write(`\nprofile of the paced runs (${answers} answers) in ${resolve(profileDir)}/app-${app.pid}.cpuprofile\n`);
    }
  } finally {
    await client.end();
    await app.stop();
    await killAll();
  }
}

// Run as a program (the build is CommonJS); imported by a test (jest runs ES modules), it only exports.
if (typeof require !== 'undefined' && require.main === module) {
  process.on('SIGINT', () => void killAll().finally(() => process.exit(2)));
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
