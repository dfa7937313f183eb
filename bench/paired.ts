/**
 * Paired comparison of two or more builds (or node flags) of the app, on SQLite or PostgreSQL, for
 * a machine whose speed drifts: this one's GET /health/live went from 13,000/s to 30,000/s within
 * twenty minutes (session 16), so two `npm run bench` runs taken one after the other compare the
 * machine, not the code. Here every variant runs at once, each in a process of its own on a database
 * of its own, and the measured runs alternate between them (A B, B A, A B, …), so a drift falls on
 * both sides alike.
 * Diagnostic, not part of `npm run bench`:
 *
 *   node dist/bench/paired.js <dist> [<dist> …]
 *   node dist/bench/paired.js /tmp/old/dist dist 'dist@--max-semi-space-size=32'
 *
 * A variant is a build's `dist/` folder, optionally followed by `@` and node arguments for the app.
 * Settings: PAIRED_RUNS (6), PAIRED_SECONDS (6), PAIRED_PLANS (3,000), PAIRED_CONNECTIONS (50),
 * PAIRED_PACED_RATE (0: no paced run; else RECORD_NEEDS evenly spaced at that rate after each
 * closed-loop run), PAIRED_GC (1: the apps run with `--trace-gc-nvp`, and each paced run also
 * reports what reached the old generation per answer, the scavenges and the full collections),
 * PAIRED_SHUFFLE (1: the working set is visited in an order unrelated to when its plans were made,
 * as a real workload's would be, not in the order they were created in, which `npm run bench`
 * uses), PAIRED_DATABASE_URLS (one PostgreSQL URL per variant, separated by spaces; an empty list: each
 * variant on a new SQLite file of its own), PAIRED_SQLITE_FILES (one SQLite file per variant, used
 * in place: copies of one seeded file). On a PostgreSQL server whose autovacuum is off, each
 * variant's database is vacuumed before each of its runs, as `npm run bench` does between phases.
 * Each variant needs a database of its own: the working set is
 * made in it, so two variants on one database would change each other's plans. A database seeded
 * beforehand (`node dist/src/cli/seed.js`) gives the variants the size the benchmark measures.
 * Per run it prints the rate, p99, and the CPU time per answer of the app's main thread (the event
 * loop, which bounds the rate) and of its whole process; at the end the medians, and in how many
 * pairs each variant beat the first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { App } from './app';
import { GcTrace, gcText } from './gc-trace';
import { closedLoop, paced, type LoadResult } from './load';
import { serverInfo, vacuumIfNoAutovacuum } from './postgres';
import { cpuSecondsOf, killAll, threadCpuSecondsOf } from './processes';
import { queuedText } from './report';
import { median } from './stats';
import { organisations, prepareWorkingSet, RECORD_NEEDS, roundRobin, roundRobinPaced, type Organisation, type WorkingPlan } from './workloads';

const ROOT = resolve(__dirname, '..', '..');
const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0`);
  return value;
};

/** A plan's place in the shuffled order: a hash of its id, so unrelated to when it was created. */
const shuffleKey = (id: string) => createHash('sha256').update(id).digest('hex');

/** A setting that names one thing per variant, separated by spaces; empty when unset. */
function perVariant(name: string, variants: number): string[] {
  const values = (process.env[name] ?? '').split(/\s+/).filter(Boolean);
  if (values.length > 0 && values.length !== variants) throw new Error(`${name} needs one value per variant, separated by spaces`);
  return values;
}

interface Variant {
  label: string;
  app: App;
  orgs: Organisation[];
  plans: WorkingPlan[];
  trace?: GcTrace;
  runs: Array<{ rate: number; p99: number; mainMs: number; processMs: number; paced?: { p50: number; p99: number; mainMs: number; promotedKb?: number } }>;
}

/** Runs `load`, and the app's CPU per answer meanwhile: its main thread's (user + system) and its whole process's. */
async function measured(variant: Variant, load: () => Promise<LoadResult>) {
  const pid = variant.app.pid;
  const main0 = threadCpuSecondsOf(pid);
  const process0 = cpuSecondsOf(pid);
  const result = await load();
  const perAnswer = (seconds: number) => (seconds * 1000) / Math.max(1, result.ok);
  return { result, mainMs: perAnswer(threadCpuSecondsOf(pid) - main0), processMs: perAnswer(cpuSecondsOf(pid) - process0) };
}

async function main(): Promise<void> {
  const specs = process.argv.slice(2);
  if (specs.length < 2 || specs.includes('--help')) {
    process.stdout.write('usage: node dist/bench/paired.js <dist>[@<node args>] <dist>[@<node args>] …\n');
    process.exitCode = specs.includes('--help') ? 0 : 1;
    return;
  }
  const runs = setting('PAIRED_RUNS', 6);
  const seconds = setting('PAIRED_SECONDS', 6);
  const planCount = setting('PAIRED_PLANS', 3000);
  const connections = setting('PAIRED_CONNECTIONS', 50);
  const pacedRate = setting('PAIRED_PACED_RATE', 0);
  const gc = setting('PAIRED_GC', 0) > 0;
  const shuffled = setting('PAIRED_SHUFFLE', 0) > 0;
  const databaseUrls = perVariant('PAIRED_DATABASE_URLS', specs.length);
  const sqliteFiles = perVariant('PAIRED_SQLITE_FILES', specs.length);
  const dir = mkdtempSync(join(os.tmpdir(), 'ppe-paired-'));
  const secrets = { jwtSecret: randomBytes(32).toString('base64url'), anonymisationSecret: randomBytes(32).toString('base64url') };
  const variants: Variant[] = [];
  try {
    for (const [index, spec] of specs.entries()) {
      const [distDir, args = ''] = spec.split('@');
      const app = await App.start({
        distDir: resolve(distDir),
        repoRoot: ROOT,
        sqlitePath: sqliteFiles[index] ?? join(dir, `variant-${index}.sqlite`),
        databaseUrl: databaseUrls[index],
        ...secrets,
        logLevel: 'warn',
        nodeArgs: [...(gc ? ['--trace-gc-nvp'] : []), ...args.split(/\s+/).filter(Boolean)],
        label: spec,
      });
      const orgs = await organisations(app, ['city-of-espoo', 'city-of-vantaa']);
      const { plans } = await prepareWorkingSet(app, orgs, planCount, connections, spec, (message) => process.stdout.write(`${message}\n`));
      if (shuffled) {
        const keys = new Map(plans.map((plan) => [plan, shuffleKey(plan.id)]));
        plans.sort((a, b) => keys.get(a)!.localeCompare(keys.get(b)!));
      }
      // Warm-up: the JIT, SQLite's page cache and the WAL reach their steady state.
      await closedLoop({ title: 'warm-up', url: app.url, connections, duration: 5, requests: roundRobin(plans, orgs, RECORD_NEEDS), appPids: [app.pid] });
      variants.push({ label: spec, app, orgs, plans, runs: [], trace: gc ? new GcTrace(app.process.child.stdout!) : undefined });
      process.stdout.write(`${spec}: ready, ${plans.length} plans in needsAssessment\n`);
    }
    // As npm run bench does on a server whose autovacuum is off: each variant's database is vacuumed before
    // each of its runs, with no load running, or the dead row versions every transition leaves make each
    // run slower than the one before (4 pairs of 15 s: 2,577/s in the first, 965/s in the last, session 23).
    const maintain = await Promise.all(
      databaseUrls.map(async (url) => {
        const server = await serverInfo(url);
        return () => vacuumIfNoAutovacuum(url, server);
      }),
    );
    for (let run = 0; run < runs; run++) {
      // Each run's order is the previous one's reversed, so neither side always goes first.
      for (const variant of run % 2 === 0 ? variants : [...variants].reverse()) {
        await maintain[variants.indexOf(variant)]?.();
        const load = await measured(variant, () =>
          closedLoop({
            title: 'RECORD_NEEDS',
            url: variant.app.url,
            connections,
            duration: seconds,
            requests: roundRobin(variant.plans, variant.orgs, RECORD_NEEDS, run * 997),
            appPids: [variant.app.pid],
          }),
        );
        const entry: Variant['runs'][number] = { rate: load.result.rate, p99: load.result.latencyMs.p99, mainMs: load.mainMs, processMs: load.processMs };
        let line = `run ${run + 1}/${runs} ${variant.label}: ${entry.rate.toFixed(0)}/s, p99 ${entry.p99.toFixed(1)} ms, main thread ${entry.mainMs.toFixed(3)} ms/answer, process ${entry.processMs.toFixed(3)}`;
        if (pacedRate > 0) {
          const pacedRun = () =>
            paced({
              title: 'RECORD_NEEDS paced',
              url: variant.app.url,
              rate: pacedRate,
              seconds,
              connections,
              next: roundRobinPaced(variant.plans, variant.orgs, RECORD_NEEDS),
              appPids: [variant.app.pid],
            });
          const open = await measured(variant, () => (variant.trace ? variant.trace.during(pacedRun) : pacedRun()));
          entry.paced = {
            p50: open.result.latencyMs.p50,
            p99: open.result.latencyMs.p99,
            mainMs: open.mainMs,
            promotedKb: open.result.gc?.promotedKbPerAnswer,
          };
          line += ` | paced ${pacedRate}/s: p50 ${entry.paced.p50.toFixed(1)} ms, p99 ${entry.paced.p99.toFixed(1)} ms, main thread ${entry.paced.mainMs.toFixed(3)} ms/answer, load generator late p99 ${(open.result.clientLagMs?.p99 ?? Number.NaN).toFixed(2)} ms${queuedText(open.result)}`;
          if (open.result.gc) line += `; ${gcText(open.result.gc)}`;
        }
        process.stdout.write(`${line}\n`);
        variant.runs.push(entry);
      }
    }
    process.stdout.write('\nmedians (and pairs in which the variant did better than the first):\n');
    const first = variants[0];
    for (const variant of variants) {
      const wins = (key: (r: Variant['runs'][number]) => number, lowerIsBetter: boolean) =>
        variant === first
          ? ''
          : ` (${variant.runs.filter((r, i) => (lowerIsBetter ? key(r) < key(first.runs[i]) : key(r) > key(first.runs[i]))).length}/${runs})`;
      const m = (key: (r: Variant['runs'][number]) => number) => median(variant.runs.map(key));
      let line = `${variant.label}: ${m((r) => r.rate).toFixed(0)}/s${wins((r) => r.rate, false)}, main thread ${m((r) => r.mainMs).toFixed(3)} ms/answer${wins((r) => r.mainMs, true)}, process ${m((r) => r.processMs).toFixed(3)}`;
      if (pacedRate > 0) {
        line += `; paced p99 ${m((r) => r.paced!.p99).toFixed(1)} ms${wins((r) => r.paced!.p99, true)}, main thread ${m((r) => r.paced!.mainMs).toFixed(3)} ms/answer${wins((r) => r.paced!.mainMs, true)}`;
        if (gc) line += `, to the old generation ${m((r) => r.paced!.promotedKb ?? 0).toFixed(2)} KB/answer${wins((r) => r.paced!.promotedKb ?? 0, true)}`;
      }
      process.stdout.write(`${line}\n`);
    }
  } finally {
    for (const variant of variants) await variant.app.stop();
    await killAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.on('SIGINT', () => void killAll().finally(() => process.exit(2)));
main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
