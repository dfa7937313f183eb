/**
 * `npm run bench`: the service's throughput and latency against the ceilings it is judged by.
 *
 * SQLite (always): (a) raw durable SQLite commits/s on the same disk; RSS of the app after a fixed
 * workload on 1,000 and on 100,000 seeded plans; the portfolio summary and list page on 100,000
 * plans; (b) the framework ceiling (GET /health/live); transitions over HTTP (RECORD_NEEDS,
 * round-robin over a working set of plans, 50 connections, warm-up, median of 3 × 20 s); p99 at
 * half the measured maximum rate. PostgreSQL (when DATABASE_URL is set): the same transition run
 * on one instance and on two instances sharing one fresh database.
 *
 * Settings: environment variables or --options (see CONFIG below and bench/README.md).
 * Prints a table and writes bench/results/latest.json.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { App, serviceEnv } from './app';
import { GcTrace, gcText } from './gc-trace';
import { closedLoop, closedLoops, paced, type ClosedLoopSpec, type LoadResult, type WalPerAnswer } from './load';
import {
  createDatabase,
  databaseUrlFor,
  dropDatabase,
  measurePgCommits,
  serverInfo,
  vacuumIfNoAutovacuum,
  walDuring,
  type PgCeilingResult,
  type PgServerInfo,
} from './postgres';
import { killAll, machineTicks, runToCompletion, watchPageCache, type Memory, type PageCachePeak } from './processes';
import { fmt, frameworkPacedNote, int, machineSpeedGoal, PACED_P99_GOAL_MS, pacedGoal, pct, queuedText, table, type Cell, type Goal } from './report';
import type { SqliteCeilingResult } from './sqlite-ceiling';
import { median, medianRun } from './stats';
import {
  get,
  HEALTH_LIVE,
  mixedWorkload,
  organisations,
  RECORD_NEEDS,
  roundRobin,
  prepareWorkingSet,
  roundRobinPaced,
  type Organisation,
  type WorkingPlan,
} from './workloads';

const ROOT = resolve(__dirname, '..', '..');

// ---------------------------------------------------------------------------------------------
// Configuration

const CONFIG = {
  duration: { env: 'BENCH_DURATION', default: 20, help: 'seconds of each measured run' },
  runs: { env: 'BENCH_RUNS', default: 3, help: 'measured runs; the median is reported' },
  warmup: { env: 'BENCH_WARMUP', default: 5, help: 'seconds of warm-up before measured runs' },
  connections: { env: 'BENCH_CONNECTIONS', default: 50, help: 'concurrent connections' },
  plansSmall: { env: 'BENCH_PLANS_SMALL', default: 1000, help: 'seeded plans of the small database (RSS check)' },
  plansLarge: { env: 'BENCH_PLANS_LARGE', default: 100_000, help: 'seeded plans of the large database (RSS, portfolio, transitions)' },
  workingSet: { env: 'BENCH_WORKING_SET', default: 5000, help: 'plans created over HTTP and moved to needsAssessment for the transition runs' },
  orgs: { env: 'BENCH_ORGS', default: 4, help: 'seeded organisations' },
  seed: { env: 'BENCH_SEED', default: 42, help: 'seeder random seed' },
  portfolioDuration: { env: 'BENCH_PORTFOLIO_DURATION', default: 10, help: 'seconds per portfolio endpoint' },
  portfolioConnections: { env: 'BENCH_PORTFOLIO_CONNECTIONS', default: 1, help: 'connections for the portfolio latency runs' },
  rssPlans: { env: 'BENCH_RSS_PLANS', default: 500, help: 'plans created for the fixed RSS workload' },
  rssRequests: { env: 'BENCH_RSS_REQUESTS', default: 5000, help: 'requests of the fixed RSS workload' },
  ceilingDuration: { env: 'BENCH_CEILING_DURATION', default: 0, help: 'seconds per raw-commit ceiling run (0: same as duration)' },
  pgPlans: { env: 'BENCH_PG_PLANS', default: 0, help: 'seeded plans on PostgreSQL (0: same as plansLarge)' },
  pgPool: { env: 'BENCH_PG_POOL', default: 10, help: 'DATABASE_POOL_SIZE of each instance on PostgreSQL' },
  timeoutMinutes: { env: 'BENCH_TIMEOUT_MINUTES', default: 180, help: 'the whole benchmark stops after this long' },
  pacedRate: {
    env: 'BENCH_PACED_RATE',
    default: 0,
    help: 'rate of the paced runs; 0: half the measured maximum (set it to compare two builds at the same load)',
  },
  only: { env: 'BENCH_ONLY', default: 'all', help: 'all | sqlite | postgres' },
  logLevel: { env: 'BENCH_LOG_LEVEL', default: 'warn', help: "the app's LOG_LEVEL" },
  appNodeArgs: { env: 'BENCH_APP_NODE_ARGS', default: '', help: 'extra node arguments for the app, e.g. --cpu-prof' },
  keep: { env: 'BENCH_KEEP', default: 'false', help: 'keep the temporary folder (databases, profiles)' },
  profile: { env: 'BENCH_PROFILE', default: 'false', help: 'CPU-profile every app process into bench/results/profiles/' },
  idleWait: { env: 'BENCH_IDLE_WAIT', default: 300, help: 'seconds to wait for other load on the machine to stop before starting' },
  idleThreshold: { env: 'BENCH_IDLE_THRESHOLD', default: 0.15, help: 'machine busy share (0..1) counted as idle' },
  idleWaitRun: { env: 'BENCH_IDLE_WAIT_RUN', default: 120, help: 'seconds to wait before each measured run for other load to stop' },
} as const;

type ConfigKey = keyof typeof CONFIG;
type Config = { [K in ConfigKey]: (typeof CONFIG)[K]['default'] extends number ? number : string } & { databaseUrl?: string };

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function loadConfig(): Config {
  const { values } = parseArgs({
    options: { ...Object.fromEntries(Object.keys(CONFIG).map((k) => [kebab(k), { type: 'string' as const }])), help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    const lines = Object.entries(CONFIG).map(([k, c]) => `  --${kebab(k).padEnd(24)} ${c.env.padEnd(28)} ${String(c.default).padEnd(8)} ${c.help}`);
    process.stdout.write(
      `npm run bench [-- --option value ...]    (or the environment variables)\n\n${lines.join('\n')}\n\n  DATABASE_URL set: the PostgreSQL runs too.\n`,
    );
    process.exit(0);
  }
  const config: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(CONFIG)) {
    const raw = ((values as Record<string, string | boolean | undefined>)[kebab(key)] as string | undefined) ?? process.env[spec.env];
    if (typeof spec.default === 'number') {
      const value = raw === undefined || raw === '' ? spec.default : Number(raw);
      if (!Number.isFinite(value) || value < 0) throw new Error(`${spec.env} / --${kebab(key)} must be a non-negative number, not ${raw}`);
      config[key] = value;
    } else {
      config[key] = raw === undefined || raw === '' ? spec.default : raw;
    }
  }
  const c = config as Config;
  if (c.runs < 1 || c.duration <= 0 || c.connections < 2 || c.idleThreshold > 1) throw new Error('runs must be >= 1, duration > 0 and connections >= 2');
  if (!['all', 'sqlite', 'postgres'].includes(c.only)) throw new Error('BENCH_ONLY must be all, sqlite or postgres');
  if (c.ceilingDuration === 0) c.ceilingDuration = c.duration;
  if (c.pgPlans === 0) c.pgPlans = c.plansLarge;
  c.databaseUrl = process.env.DATABASE_URL || undefined;
  return c;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const begun = Date.now();
function log(message: string): void {
  process.stderr.write(`[bench +${Math.round((Date.now() - begun) / 1000)}s] ${message}\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function machineBusy(seconds: number): Promise<number> {
  const before = machineTicks();
  await sleep(seconds * 1000);
  const after = machineTicks();
  return (after.busy - before.busy) / Math.max(1, after.total - before.total);
}

interface Background {
  when: string;
  /** Busy share of all cores just before the suite started (nothing of the benchmark running). */
  busy: number;
  waitedSeconds: number;
  loadAverage: number[];
}

/** Other work on the machine skews every figure: wait (a while) for it to stop, and record how busy the machine was. */
async function waitForIdle(config: Config, when: string): Promise<Background> {
  const started = Date.now();
  let busy = await machineBusy(3);
  while (busy > config.idleThreshold && Date.now() - started < config.idleWait * 1000) {
    log(`${when}: the machine is ${pct(busy)} busy with other work; waiting for it to be idle (up to ${config.idleWait} s in all)`);
    busy = await machineBusy(5);
  }
  if (busy > config.idleThreshold) log(`${when}: WARNING: starting while the machine is ${pct(busy)} busy with other work`);
  return { when, busy, waitedSeconds: (Date.now() - started) / 1000, loadAverage: os.loadavg() };
}

/** Before a measured run: the share of the machine busy with other work (the app is idle then), waiting a little for it to stop. */
async function settle(config: Config, label: string): Promise<number> {
  const started = Date.now();
  let busy = await machineBusy(1);
  let warned = false;
  while (busy > config.idleThreshold && Date.now() - started < config.idleWaitRun * 1000) {
    if (!warned) log(`${label}: machine ${pct(busy)} busy with other work; waiting up to ${config.idleWaitRun} s`);
    warned = true;
    busy = await machineBusy(3);
  }
  return busy;
}

interface Context {
  config: Config;
  workDir: string;
  build: string;
  jwtSecret: string;
  anonymisationSecret: string;
  nodeArgs: string[];
}

interface SeedInfo {
  plans: number;
  auditEvents: number | null;
  seconds: number;
  organisations: string[];
}

const DEFAULT_ORGANISATIONS = [
  'city-of-espoo',
  'city-of-tampere',
  'city-of-turku',
  'city-of-oulu',
  'city-of-vantaa',
  'hansel-central-purchasing',
  'city-of-jyvaskyla',
  'city-of-lahti',
];

/** The seeder's own CLI (src/cli/seed.ts) against the given database. */
async function seedDatabase(ctx: Context, target: { sqlitePath: string; databaseUrl?: string }, plans: number): Promise<SeedInfo> {
  const env = serviceEnv(
    { ...target, jwtSecret: ctx.jwtSecret, anonymisationSecret: ctx.anonymisationSecret, logLevel: 'warn' },
    { NODE_PATH: join(ROOT, 'node_modules') },
  );
  const started = Date.now();
  const output = await runToCompletion(
    process.execPath,
    [join(ctx.build, 'src', 'cli', 'seed.js'), '--plans', String(plans), '--orgs', String(ctx.config.orgs), '--seed', String(ctx.config.seed)],
    { env, cwd: ROOT, label: 'seeder', timeoutMs: Math.max(900_000, plans * 30) },
  );
  const seconds = (Date.now() - started) / 1000;
  const seeded = /Seeded (\d+) plans with (\d+) audit events/.exec(output);
  const orgs = / for ([a-z0-9, -]+)\.\s*$/m.exec(output)?.[1].split(', ');
  return {
    plans,
    auditEvents: seeded ? Number(seeded[2]) : null,
    seconds,
    organisations: orgs && orgs.length > 0 ? orgs : DEFAULT_ORGANISATIONS.slice(0, ctx.config.orgs),
  };
}

/** What each app's collector reported (every app runs with `--trace-gc-nvp`: a line per collection, on stdout). */
const gcTraces = new WeakMap<App, GcTrace>();

async function startApp(ctx: Context, label: string, target: { sqlitePath: string; databaseUrl?: string }): Promise<App> {
  const app = await App.start({
    distDir: ctx.build,
    repoRoot: ROOT,
    ...target,
    poolSize: target.databaseUrl ? ctx.config.pgPool : undefined,
    jwtSecret: ctx.jwtSecret,
    anonymisationSecret: ctx.anonymisationSecret,
    logLevel: ctx.config.logLevel,
    nodeArgs: ['--trace-gc-nvp', ...ctx.nodeArgs],
    label,
  });
  gcTraces.set(app, new GcTrace(app.process.child.stdout!));
  return app;
}

/** `runs` measured runs of the same closed-loop load; the run with the median rate stands for them. */
/** `beforeEachRun` runs ahead of each measured run (after the warm-up): a ceiling measured beside it. */
async function measuredRuns(ctx: Context, title: string, spec: () => ClosedLoopSpec, beforeEachRun?: () => Promise<void>): Promise<MeasuredRuns> {
  if (ctx.config.warmup > 0) {
    log(`${title}: warm-up ${ctx.config.warmup} s`);
    await closedLoop({ ...spec(), duration: ctx.config.warmup, title: `${title} (warm-up)` });
  }
  const runs: LoadResult[] = [];
  for (let i = 0; i < ctx.config.runs; i++) {
    await beforeEachRun?.();
    const background = await settle(ctx.config, title);
    const run = { ...(await closedLoop({ ...spec(), duration: ctx.config.duration, title })), background };
    log(
      `${title}: run ${i + 1}/${ctx.config.runs}: ${fmt(run.rate)}/s, p50 ${fmt(run.latencyMs.p50)} ms, p99 ${fmt(run.latencyMs.p99)} ms, non-2xx ${run.non2xx}, errors ${run.errors}`,
    );
    runs.push(run);
  }
  return { runs, median: medianRun(runs, (r) => r.rate), rate: median(runs.map((r) => r.rate)) };
}

interface MeasuredRuns {
  runs: LoadResult[];
  /** The run whose rate is the median: its latencies are the ones reported. */
  median: LoadResult;
  rate: number;
}

interface MemoryCheck {
  seededPlans: number;
  /** Median of 5 samples of VmRSS taken after the fixed workload and 2 s of rest, MiB. */
  rssMiB: number;
  peakRssMiB: number;
  workload: LoadResult;
}

async function settledMemory(app: App): Promise<Memory> {
  await sleep(2000);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(app.memory().rssMiB);
    await sleep(400);
  }
  return { rssMiB: median(samples), peakRssMiB: app.memory().peakRssMiB };
}

async function memoryCheck(ctx: Context, app: App, orgs: Organisation[], seededPlans: number): Promise<MemoryCheck> {
  const { plans } = await prepareWorkingSet(app, orgs, ctx.config.rssPlans, ctx.config.connections, `RSS check on ${int(seededPlans)} plans`, log);
  log(`RSS check on ${int(seededPlans)} plans: fixed mixed workload of ${int(ctx.config.rssRequests)} requests`);
  const workload = await closedLoop({
    title: 'fixed mixed workload',
    url: app.url,
    connections: ctx.config.connections,
    amount: ctx.config.rssRequests,
    requests: mixedWorkload(plans, orgs),
    appPids: [app.pid],
  });
  const memory = await settledMemory(app);
  log(`RSS check on ${int(seededPlans)} plans: RSS ${fmt(memory.rssMiB)} MiB (peak ${fmt(memory.peakRssMiB)} MiB); workload non-2xx ${workload.non2xx}`);
  return { seededPlans, ...memory, workload };
}

interface PortfolioResults {
  summary: LoadResult;
  list: LoadResult;
}

async function portfolioLatency(ctx: Context, app: App, org: Organisation): Promise<PortfolioResults> {
  const one = async (title: string, path: string) => {
    const spec = { url: app.url, connections: ctx.config.portfolioConnections, requests: get(path, org.managerToken), appPids: [app.pid] };
    await closedLoop({ ...spec, title: `${title} (warm-up)`, duration: 2 });
    const background = await settle(ctx.config, title);
    const result = { ...(await closedLoop({ ...spec, title, duration: ctx.config.portfolioDuration })), background };
    log(`${title}: p50 ${fmt(result.latencyMs.p50)} ms, p95 ${fmt(result.latencyMs.p95)} ms, ${fmt(result.rate)}/s, non-2xx ${result.non2xx}`);
    return result;
  };
  return {
    summary: await one(`GET /portfolio/summary (${org.id})`, '/portfolio/summary'),
    list: await one(`GET /portfolio/plans?limit=50 (${org.id})`, '/portfolio/plans?limit=50'),
  };
}

interface TransitionResults {
  workingSet: number;
  create: LoadResult;
  startNeeds: LoadResult;
  recordNeeds: MeasuredRuns;
  halfRate: {
    rate: number;
    paced: LoadResult;
    pacedRuns: LoadResult[];
    /** GET /health/live at the same rate, paced: the machine's charge for a request that finds the app idle. */
    framework: LoadResult;
    autocannon: LoadResult;
  };
}

/**
 * `maintain` runs between phases (after the working set is made, and after the closed-loop runs):
 * what the database's own background maintenance would have done meanwhile (see vacuumIfNoAutovacuum).
 * `beforeEachRun` runs ahead of each closed-loop RECORD_NEEDS run.
 */
async function transitions(
  ctx: Context,
  app: App,
  orgs: Organisation[],
  label: string,
  maintain: () => Promise<void> = () => Promise.resolve(),
  beforeEachRun?: () => Promise<void>,
  walDuringRun?: () => Promise<(answers: number) => Promise<WalPerAnswer | undefined>>,
): Promise<{ results: TransitionResults; plans: WorkingPlan[] }> {
  const c = ctx.config;
  const prepared = await prepareWorkingSet(app, orgs, c.workingSet, c.connections, label, log);
  const { plans } = prepared;
  await maintain();
  const recordNeeds = await measuredRuns(
    ctx,
    `${label}: RECORD_NEEDS`,
    () => ({
      title: 'RECORD_NEEDS',
      url: app.url,
      connections: c.connections,
      requests: roundRobin(plans, orgs, RECORD_NEEDS),
      appPids: [app.pid],
    }),
    beforeEachRun,
  );
  const rate = c.pacedRate > 0 ? c.pacedRate : Math.max(1, Math.round(recordNeeds.rate / 2));
  await maintain();
  // Latency at half the maximum rate: as many paced runs as measured runs; the run with the median p99 stands for them.
  const pacedRuns: LoadResult[] = [];
  for (let i = 0; i < c.runs; i++) {
    const background = await settle(c, `${label}: paced`);
    const load = () =>
      paced({
        title: 'RECORD_NEEDS at half the maximum rate (paced)',
        url: app.url,
        rate,
        seconds: c.duration,
        connections: c.connections,
        next: roundRobinPaced(plans, orgs, RECORD_NEEDS),
        appPids: [app.pid],
      });
    const wal = await walDuringRun?.();
    const watch = watchPageCache();
    let pageCache: PageCachePeak | undefined;
    const run = await gcTraces
      .get(app)!
      .during(load)
      .finally(() => (pageCache = watch.stop()));
    run.pageCache = pageCache;
    run.background = background;
    if (wal) run.wal = await wal(run.responses);
    log(
      `${label}: paced at ${rate}/s: run ${i + 1}/${c.runs}: ${fmt(run.rate)}/s, p50 ${fmt(run.latencyMs.p50)} ms, p99 ${fmt(run.latencyMs.p99)} ms, load generator late p99 ${lateP99(run)} ms${queuedText(run)}${run.pageCache ? `, kernel writeback up to ${fmt(run.pageCache.writebackMiB)} MiB` : ''}, other work ${fmt(run.cpu.restCores, 2)} cores${run.gc ? `, ${gcText(run.gc)}` : ''}${run.wal ? `, WAL ${fmt(run.wal.kb, 2)} KB/answer with ${fmt(run.wal.fullPages, 3)} full-page images` : ''}`,
    );
    pacedRuns.push(run);
  }
  const pacedRun = medianRun(pacedRuns, (r) => r.latencyMs.p99);
  // The route that does nothing, at the same rate: at this rate the app's thread idles between
  // requests, and waking it costs every request several times its saturated CPU (session 27).
  const frameworkBackground = await settle(c, `${label}: GET /health/live paced`);
  const framework = await paced({
    title: 'GET /health/live at the paced rate',
    url: app.url,
    rate,
    seconds: c.duration,
    connections: c.connections,
    next: () => HEALTH_LIVE,
    appPids: [app.pid],
  });
  framework.background = frameworkBackground;
  log(`${label}: GET /health/live paced at ${rate}/s: p99 ${fmt(framework.latencyMs.p99)} ms, app CPU ${fmt(cpuMsPerAnswer(framework), 3)} ms/answer`);
  log(`${label}: RECORD_NEEDS with autocannon overallRate ${rate}/s, ${c.duration} s`);
  const background = await settle(c, `${label}: overallRate`);
  const limited = await closedLoop({
    title: 'RECORD_NEEDS at half the maximum rate (autocannon overallRate)',
    url: app.url,
    connections: c.connections,
    duration: c.duration,
    overallRate: rate,
    requests: roundRobin(plans, orgs, RECORD_NEEDS),
    appPids: [app.pid],
  });
  limited.background = background;
  log(`${label}: overallRate: ${fmt(limited.rate)}/s, p50 ${fmt(limited.latencyMs.p50)} ms, p99 ${fmt(limited.latencyMs.p99)} ms`);
  return {
    plans,
    results: {
      workingSet: plans.length,
      create: prepared.create,
      startNeeds: prepared.start,
      recordNeeds,
      halfRate: { rate, paced: pacedRun, pacedRuns, framework, autocannon: limited },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Suites

interface SqliteResults {
  directory: string;
  filesystem: string;
  ceilingA: SqliteCeiling;
  /**
   * (a) again, one run right before each RECORD_NEEDS run: this machine's speed drifts by more than
   * twice within minutes (decision 0028, session 16), so the goal's ratio compares with these.
   */
  ceilingBesideTransitions?: SqliteCeiling;
  small?: { seed: SeedInfo; startupMs: number; memory: MemoryCheck; peakRssMiB: number };
  large?: {
    seed: SeedInfo;
    startupMs: number;
    memory: MemoryCheck;
    portfolio: PortfolioResults;
    ceilingB: MeasuredRuns;
    transitions: TransitionResults;
    peakRssMiB: number;
    databaseMiB: number;
  };
}

interface SqliteCeiling {
  runs: SqliteCeilingResult[];
  median: SqliteCeilingResult;
  commitsPerSecond: number;
}

const ceilingOf = (runs: SqliteCeilingResult[]): SqliteCeiling => ({
  runs,
  median: medianRun(runs, (r) => r.commitsPerSecond),
  commitsPerSecond: median(runs.map((r) => r.commitsPerSecond)),
});

async function sqliteCeiling(ctx: Context): Promise<SqliteCeiling> {
  const runs: SqliteCeilingResult[] = [];
  for (let i = 0; i < ctx.config.runs; i++) runs.push(await sqliteCeilingRun(ctx, `run ${i + 1}/${ctx.config.runs}`));
  return ceilingOf(runs);
}

async function sqliteCeilingRun(ctx: Context, which: string): Promise<SqliteCeilingResult> {
  const background = await settle(ctx.config, '(a) raw SQLite commits');
  const out = await runToCompletion(
    process.execPath,
    [join(ctx.build, 'bench', 'sqlite-ceiling.js'), join(ctx.workDir, 'ceiling.sqlite'), String(ctx.config.ceilingDuration)],
    {
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
      cwd: ROOT,
      label: 'SQLite ceiling',
      timeoutMs: (ctx.config.ceilingDuration + 60) * 1000,
    },
  );
  const result = { ...(JSON.parse(out.trim().split('\n').pop() ?? '{}') as SqliteCeilingResult), background };
  log(
    `(a) raw SQLite commits: ${which}: ${fmt(result.commitsPerSecond)}/s (p50 ${fmt(result.commitLatencyMs.p50, 2)} ms, p99 ${fmt(result.commitLatencyMs.p99, 2)} ms)`,
  );
  return result;
}

function fileMiB(path: string): number {
  let bytes = 0;
  for (const suffix of ['', '-wal']) if (existsSync(path + suffix)) bytes += statSync(path + suffix).size;
  return bytes / 1024 / 1024;
}

async function sqliteSuite(ctx: Context, results: Results): Promise<void> {
  const c = ctx.config;
  const sqlite: SqliteResults = { directory: ctx.workDir, filesystem: filesystemOf(ctx.workDir), ceilingA: undefined as never };
  results.sqlite = sqlite;
  log(`(a) raw durable SQLite commits: ${c.runs} × ${c.ceilingDuration} s in ${ctx.workDir} (${sqlite.filesystem})`);
  sqlite.ceilingA = await sqliteCeiling(ctx);

  // RSS with the small database.
  const smallPath = join(ctx.workDir, 'small.sqlite');
  log(`seeding ${int(c.plansSmall)} plans into ${smallPath}`);
  const smallSeed = await seedDatabase(ctx, { sqlitePath: smallPath }, c.plansSmall);
  log(`seeded ${int(c.plansSmall)} plans in ${fmt(smallSeed.seconds)} s`);
  const small = await startApp(ctx, 'app (SQLite, small)', { sqlitePath: smallPath });
  try {
    const orgs = await organisations(small, smallSeed.organisations);
    const memory = await memoryCheck(ctx, small, orgs, c.plansSmall);
    sqlite.small = { seed: smallSeed, startupMs: small.startupMs, memory, peakRssMiB: small.memory().peakRssMiB };
  } finally {
    await small.stop();
  }

  // Everything else on the large database.
  const largePath = join(ctx.workDir, 'large.sqlite');
  log(`seeding ${int(c.plansLarge)} plans into ${largePath} (this takes a while)`);
  const largeSeed = await seedDatabase(ctx, { sqlitePath: largePath }, c.plansLarge);
  log(`seeded ${int(c.plansLarge)} plans in ${fmt(largeSeed.seconds)} s`);
  const app = await startApp(ctx, 'app (SQLite, large)', { sqlitePath: largePath });
  try {
    const orgs = await organisations(app, largeSeed.organisations);
    const memory = await memoryCheck(ctx, app, orgs, c.plansLarge);
    const portfolio = await portfolioLatency(ctx, app, orgs[0]);
    const ceilingB = await measuredRuns(ctx, '(b) GET /health/live', () => ({
      title: 'GET /health/live',
      url: app.url,
      connections: c.connections,
      requests: get('/health/live'),
      appPids: [app.pid],
    }));
    const beside: SqliteCeilingResult[] = [];
    const { results: transitionResults } = await transitions(ctx, app, orgs, 'SQLite', undefined, async () => {
      beside.push(await sqliteCeilingRun(ctx, `before RECORD_NEEDS run ${beside.length + 1}/${c.runs}`));
    });
    sqlite.ceilingBesideTransitions = ceilingOf(beside);
    sqlite.large = {
      seed: largeSeed,
      startupMs: app.startupMs,
      memory,
      portfolio,
      ceilingB,
      transitions: transitionResults,
      peakRssMiB: app.memory().peakRssMiB,
      databaseMiB: fileMiB(largePath),
    };
  } finally {
    await app.stop();
  }
}

interface PostgresResults {
  server: PgServerInfo;
  database: string;
  ceiling: {
    pool: { runs: PgCeilingResult[]; commitsPerSecond: number; median: PgCeilingResult };
    twoPools: { runs: PgCeilingResult[]; commitsPerSecond: number; median: PgCeilingResult };
  };
  seed?: SeedInfo;
  ceilingB?: MeasuredRuns;
  one?: TransitionResults & { peakRssMiB: number; startupMs: number };
  two?: {
    runs: Array<{ combined: LoadResult; parts: LoadResult[] }>;
    median: { combined: LoadResult; parts: LoadResult[] };
    rate: number;
    peakRssMiB: number[];
  };
}

async function pgCeiling(ctx: Context, url: string, connections: number) {
  const runs: PgCeilingResult[] = [];
  for (let i = 0; i < ctx.config.runs; i++) {
    const background = await settle(ctx.config, 'raw PostgreSQL commits');
    const run = { ...(await measurePgCommits(url, connections, ctx.config.ceilingDuration)), background };
    log(
      `raw PostgreSQL commits, ${connections} connections: run ${i + 1}/${ctx.config.runs}: ${fmt(run.commitsPerSecond)}/s (p50 ${fmt(run.commitLatencyMs.p50, 2)} ms, p99 ${fmt(run.commitLatencyMs.p99, 2)} ms)`,
    );
    runs.push(run);
  }
  return { runs, commitsPerSecond: median(runs.map((r) => r.commitsPerSecond)), median: medianRun(runs, (r) => r.commitsPerSecond) };
}

async function postgresSuite(ctx: Context, results: Results, baseUrl: string): Promise<void> {
  const c = ctx.config;
  const database = `bench_${new Date().toISOString().slice(0, 19).replace(/\D/g, '')}_${process.pid}`;
  const url = databaseUrlFor(baseUrl, database);
  log(`PostgreSQL: creating database ${database}`);
  await createDatabase(baseUrl, database);
  try {
    const server = await serverInfo(url);
    log(`PostgreSQL ${server.version}: ${JSON.stringify(server.settings)}`);
    const pg: PostgresResults = { server, database, ceiling: undefined as never };
    results.postgres = pg;
    pg.ceiling = { pool: await pgCeiling(ctx, url, c.pgPool), twoPools: await pgCeiling(ctx, url, c.pgPool * 2) };

    log(`PostgreSQL: seeding ${int(c.pgPlans)} plans (this takes a while)`);
    const sqlitePath = join(ctx.workDir, 'pg-secrets', 'unused.sqlite');
    pg.seed = await seedDatabase(ctx, { sqlitePath, databaseUrl: url }, c.pgPlans);
    log(`PostgreSQL: seeded ${int(c.pgPlans)} plans in ${fmt(pg.seed.seconds)} s`);

    const maintain = () => vacuumIfNoAutovacuum(url, server);
    await maintain();

    const a = await startApp(ctx, 'app A (PostgreSQL)', { sqlitePath, databaseUrl: url });
    let b: App | undefined;
    try {
      const orgsA = await organisations(a, pg.seed.organisations);
      pg.ceilingB = await measuredRuns(ctx, '(b) GET /health/live on PostgreSQL', () => ({
        title: 'GET /health/live',
        url: a.url,
        connections: c.connections,
        requests: get('/health/live'),
        appPids: [a.pid],
      }));
      const { results: one, plans } = await transitions(ctx, a, orgsA, 'PostgreSQL, one instance', maintain, undefined, () => walDuring(url));
      pg.one = { ...one, peakRssMiB: a.memory().peakRssMiB, startupMs: a.startupMs };

      b = await startApp(ctx, 'app B (PostgreSQL)', { sqlitePath, databaseUrl: url });
      const apps = [a, b];
      const orgsB = await organisations(b, pg.seed.organisations);
      const orgsOf = [orgsA, orgsB];
      // Each instance gets its own half of the plans, so no two requests in flight share a plan.
      const halves = [plans.filter((_, i) => i % 2 === 0), plans.filter((_, i) => i % 2 === 1)];
      const per = Math.floor(c.connections / 2);
      const specs = (duration: number): ClosedLoopSpec[] =>
        apps.map((app, i) => ({
          title: `RECORD_NEEDS via instance ${i === 0 ? 'A' : 'B'}`,
          url: app.url,
          connections: per,
          duration,
          requests: roundRobin(halves[i], orgsOf[i], RECORD_NEEDS),
          appPids: [app.pid],
        }));
      const pids = apps.map((app) => app.pid);
      await maintain();
      if (c.warmup > 0) {
        // B is fresh: let its JIT warm up on its own first, as A's did during the one-instance runs.
        log(`PostgreSQL, two instances: warm-up of instance B alone, then of both, ${c.warmup} s each`);
        await closedLoop(specs(c.warmup)[1]);
        await closedLoops('warm-up', specs(c.warmup), pids);
      }
      const runs: Array<{ combined: LoadResult; parts: LoadResult[] }> = [];
      for (let i = 0; i < c.runs; i++) {
        const background = await settle(c, 'PostgreSQL, two instances');
        const run = await closedLoops('RECORD_NEEDS, two instances', specs(c.duration), pids);
        run.combined.background = background;
        log(
          `PostgreSQL, two instances: run ${i + 1}/${c.runs}: ${fmt(run.combined.rate)}/s (${run.parts.map((p) => fmt(p.rate)).join(' + ')}), p50 ${fmt(run.combined.latencyMs.p50)} ms, p99 ${fmt(run.combined.latencyMs.p99)} ms, non-2xx ${run.combined.non2xx}`,
        );
        runs.push(run);
      }
      pg.two = {
        runs,
        median: medianRun(runs, (r) => r.combined.rate),
        rate: median(runs.map((r) => r.combined.rate)),
        peakRssMiB: apps.map((app) => app.memory().peakRssMiB),
      };
    } finally {
      await Promise.all([a.stop(), b?.stop()]);
    }
  } finally {
    log(`PostgreSQL: dropping database ${database}`);
    await dropDatabase(baseUrl, database).catch((err: Error) => log(`could not drop ${database}: ${err.message}`));
  }
}

// ---------------------------------------------------------------------------------------------
// Report

interface Results {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; platform: string; kernel: string; node: string };
  source: { commit: string | null; uncommittedFiles: number | null };
  config: Config;
  sqlite?: SqliteResults;
  postgres?: PostgresResults;
  /** How busy the machine was with other work before each suite. */
  background: Background[];
  goals: Goal[];
  errors: string[];
  durationSeconds?: number;
}

/** What the paced runs' rate is: half the measured maximum, or the rate BENCH_PACED_RATE fixed for a paired comparison. */
const pacedAt = (config: Config) => (config.pacedRate > 0 ? 'at the fixed rate BENCH_PACED_RATE' : 'at half the max rate');

function evaluateGoals(results: Results): Goal[] {
  const goals: Goal[] = [];
  const speed = machineSpeedGoal(results.sqlite?.large?.ceilingB.rate ?? results.postgres?.ceilingB?.rate);
  if (speed) goals.push(speed);
  const s = results.sqlite;
  const t = s?.large?.transitions;
  if (s && t) {
    // (a) as measured beside the transition runs when it was; the opening (a) in JSON files from before session 17.
    const ceiling = s.ceilingBesideTransitions ?? s.ceilingA;
    const ratio = t.recordNeeds.rate / ceiling.commitsPerSecond;
    goals.push({
      name: `SQLite transitions/s vs raw commits/s (a${s.ceilingBesideTransitions ? ', beside them' : ''})`,
      goal: '>= 60 %',
      measured: `${fmt(t.recordNeeds.rate)} / ${fmt(ceiling.commitsPerSecond)} = ${pct(ratio)}`,
      met: ratio >= 0.6,
    });
    goals.push(pacedGoal(`SQLite p99 ${pacedAt(results.config)} (${int(t.halfRate.rate)}/s, paced)`, pacedFigures(t.halfRate.paced)));
    const p99ac = t.halfRate.autocannon.latencyMs.p99;
    goals.push({
      name: `  same with autocannon overallRate (bursty, see notes)`,
      goal: `< ${PACED_P99_GOAL_MS} ms`,
      measured: `${fmt(p99ac)} ms`,
      met: p99ac < PACED_P99_GOAL_MS,
    });
    const cpu = cpuMsPerAnswer(t.recordNeeds.median);
    goals.push({ name: 'SQLite app CPU per transition (RECORD_NEEDS)', goal: '<= 0.6 ms', measured: `${fmt(cpu, 2)} ms`, met: cpu <= 0.6 });
  }
  if (s?.small && s.large) {
    const growth = s.large.memory.rssMiB / s.small.memory.rssMiB - 1;
    goals.push({
      name: `RSS ${int(s.large.seed.plans)} vs ${int(s.small.seed.plans)} plans`,
      goal: 'within ±15 %',
      measured: `${fmt(s.large.memory.rssMiB)} vs ${fmt(s.small.memory.rssMiB)} MiB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %)`,
      met: Math.abs(growth) <= 0.15,
    });
  }
  if (s?.large) {
    for (const [name, r] of [
      ['summary', s.large.portfolio.summary],
      ['plans?limit=50', s.large.portfolio.list],
    ] as const) {
      goals.push({
        name: `GET /portfolio/${name} p95 on ${int(s.large.seed.plans)} plans`,
        goal: '< 50 ms',
        measured: `${fmt(r.latencyMs.p95)} ms`,
        met: r.latencyMs.p95 < 50,
      });
    }
  }
  const pg = results.postgres;
  if (pg?.one) {
    const ratio = pg.one.recordNeeds.rate / pg.ceiling.pool.commitsPerSecond;
    goals.push({
      name: 'PostgreSQL transitions/s vs raw PG commits/s (same connections as the pool)',
      goal: '(60 % for SQLite)',
      measured: pct(ratio),
      met: null,
    });
    goals.push(pacedGoal(`PostgreSQL p99 ${pacedAt(results.config)} (${int(pg.one.halfRate.rate)}/s, paced)`, pacedFigures(pg.one.halfRate.paced)));
    const cpu = cpuMsPerAnswer(pg.one.recordNeeds.median);
    goals.push({ name: 'PostgreSQL app CPU per transition (RECORD_NEEDS, one instance)', goal: '<= 0.6 ms', measured: `${fmt(cpu, 2)} ms`, met: cpu <= 0.6 });
  }
  if (pg?.one && pg.two) {
    const scaling = pg.two.rate / pg.one.recordNeeds.rate;
    goals.push({ name: 'PostgreSQL two instances ÷ one instance (one database)', goal: '(scales where the CPU allows)', measured: pct(scaling), met: null });
  }
  return goals;
}

let busyThreshold = 0.15;
/** Cores used outside the app and the load generator on SQLite (kernel I/O and loopback networking included) above which a row is flagged. */
const OTHER_WORK_CORES = 0.2;
const skew = (background: number | undefined, note: Cell): Cell =>
  background !== undefined && background > busyThreshold ? `${note ? `${note}; ` : ''}WARNING: machine ${pct(background)} busy before` : note;

/** The app processes' CPU time per answer, in ms. */
const cpuMsPerAnswer = (r: LoadResult): number => (r.cpu.appCores * 1000) / (r.responses / r.seconds);

/** `restIsOther`: nothing but other work runs outside the app and the load generator (SQLite), so a busy `rest` skews the row. */

function loadRow(name: string, r: LoadResult | undefined, note: Cell = null, restIsOther = false): Cell[] {
  if (!r) return [name, null, null, null, null, null, null, null, null, null, note];
  let extra = skew(r.background, note);
  if (restIsOther && r.cpu.restCores > OTHER_WORK_CORES)
    extra = `${extra ? `${extra}; ` : ''}WARNING: other work used ${fmt(r.cpu.restCores, 2)} cores during the run`;
  return [
    name,
    r.rate,
    r.latencyMs.p50,
    r.latencyMs.p95,
    r.latencyMs.p99,
    int(r.non2xx + r.errors),
    fmt(cpuMsPerAnswer(r), 2),
    fmt(r.cpu.appCores, 2),
    fmt(r.cpu.loadgenCores, 2),
    fmt(r.cpu.restCores, 2),
    extra,
  ];
}

/**
 * The paced rows' note: each run's p99, and how late the load generator itself wrote its requests
 * (p99 per run): its own stalls on the shared cores, which the latencies include.
 */
const pacedNote = (runs: LoadResult[]): string =>
  `open loop, evenly spaced; median p99 of ${runs.map((r) => fmt(r.latencyMs.p99)).join(' / ')}; load generator late p99 ${runs.map(lateP99).join(' / ')} ms` +
  (runs.some((r) => r.queued?.count) ? `; waited for a free connection ${runs.map((r) => int(r.queued?.count ?? 0)).join(' / ')} requests` : '') +
  (runs.every((r) => r.pageCache) ? `; kernel writeback up to ${runs.map((r) => fmt(r.pageCache!.writebackMiB)).join(' / ')} MiB` : '') +
  (runs.every((r) => r.gc)
    ? `; to the old generation ${runs.map((r) => fmt(r.gc!.promotedKbPerAnswer, 2)).join(' / ')} KB/answer, full collections ${runs.map((r) => r.gc!.markCompacts).join(' / ')}`
    : '') +
  (runs.every((r) => r.wal)
    ? `; WAL ${runs.map((r) => fmt(r.wal!.kb, 1)).join(' / ')} KB/answer, full-page images ${runs.map((r) => fmt(r.wal!.fullPages, 3)).join(' / ')} per answer`
    : '');

/** What the paced goal judges of a run: its p99, and how late its load generator was (p99). */
const pacedFigures = (run: LoadResult) => ({ p99: run.latencyMs.p99, lateP99: run.clientLagMs?.p99 });

/** How late a paced run's load generator took up its requests, p99 in ms. */
function lateP99(run: LoadResult): string {
  return fmt(run.clientLagMs?.p99 ?? Number.NaN, 2);
}

const sqliteRow = (name: string, r: LoadResult | undefined, note: Cell = null): Cell[] => loadRow(name, r, note, true);

const LOAD_HEADERS = ['', 'ok/s', 'p50 ms', 'p95 ms', 'p99 ms', 'failed', 'CPU ms/req', 'app', 'loadgen', 'rest', 'notes'];
const ceilingRow = (
  name: string,
  run: { commitsPerSecond: number; commitLatencyMs: { p50: number; p99: number }; background?: number },
  rate: number,
  note: string,
): Cell[] => [name, rate, run.commitLatencyMs.p50, null, run.commitLatencyMs.p99, null, null, null, null, null, skew(run.background, note)];

function render(results: Results): string {
  const c = results.config;
  busyThreshold = c.idleThreshold;
  const out: string[] = [];
  const m = results.machine;
  out.push('');
  out.push(`Procurement planning engine — benchmark of ${results.date}`);
  out.push(
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${fmt(m.memoryGiB, 0)} GiB, ${m.platform} ${m.kernel}, Node ${m.node}; source ${results.source.commit?.slice(0, 10) ?? '?'}${results.source.uncommittedFiles ? ` + ${results.source.uncommittedFiles} uncommitted files` : ''}`,
  );
  out.push(
    `Runs: ${c.connections} connections, warm-up ${c.warmup} s, median of ${c.runs} × ${c.duration} s; app: node dist/src/main.js, NODE_ENV=production, LOG_LEVEL=${c.logLevel}, RATE_LIMIT_WRITES_PER_MINUTE=0, RATE_LIMIT_READS_PER_MINUTE=0; load generator on the same machine.`,
  );
  for (const b of results.background) {
    out.push(
      `Machine load ${b.when}: ${pct(b.busy)} of all cores busy with other work${b.waitedSeconds > 5 ? ` (after waiting ${fmt(b.waitedSeconds, 0)} s)` : ''}${b.busy > c.idleThreshold ? ' — WARNING: figures are skewed by other work on the machine' : ''}`,
    );
  }
  const s = results.sqlite;
  if (s) {
    out.push('');
    out.push(`SQLite (WAL, synchronous=FULL) in ${s.directory} (${s.filesystem})`);
    const rows: Cell[][] = [];
    rows.push(
      ceilingRow(
        '(a) raw SQLite durable commits, 1 writer',
        s.ceilingA.median,
        s.ceilingA.commitsPerSecond,
        `one small row per transaction; median of ${s.ceilingA.runs.map((r) => fmt(r.commitsPerSecond, 0)).join(' / ')}`,
      ),
    );
    if (s.ceilingBesideTransitions)
      rows.push(
        ceilingRow(
          '(a) again, before each RECORD_NEEDS run',
          s.ceilingBesideTransitions.median,
          s.ceilingBesideTransitions.commitsPerSecond,
          `median of ${s.ceilingBesideTransitions.runs.map((r) => fmt(r.commitsPerSecond, 0)).join(' / ')}`,
        ),
      );
    const L = s.large;
    if (L) {
      rows.push(sqliteRow('(b) GET /health/live (framework ceiling)', L.ceilingB.median));
      const t = L.transitions;
      rows.push(
        sqliteRow(
          'Transition RECORD_NEEDS (headline)',
          t.recordNeeds.median,
          `median of ${t.recordNeeds.runs.map((r) => fmt(r.rate, 0)).join(' / ')}; ${int(t.workingSet)} plans round-robin`,
        ),
      );
      rows.push(sqliteRow(`  ${pacedAt(c)}, paced (${int(t.halfRate.rate)}/s)`, t.halfRate.paced, pacedNote(t.halfRate.pacedRuns)));
      rows.push(
        sqliteRow(
          '  GET /health/live at the same rate, paced',
          t.halfRate.framework,
          frameworkPacedNote(cpuMsPerAnswer(t.halfRate.framework), cpuMsPerAnswer(L.ceilingB.median)),
        ),
      );
      rows.push(sqliteRow(`  ${pacedAt(c)}, autocannon overallRate`, t.halfRate.autocannon, 'per-second bursts'));
      rows.push(sqliteRow('Transition START_NEEDS_ASSESSMENT', t.startNeeds, `draft -> needsAssessment, each plan once, ${int(t.startNeeds.ok)} requests`));
      rows.push(sqliteRow('POST /procurements (create)', t.create, `${int(t.create.ok)} requests`));
      rows.push(
        sqliteRow(
          `GET /portfolio/summary (${c.portfolioConnections} conn.)`,
          L.portfolio.summary,
          `${int(L.seed.plans)} plans, ${L.seed.organisations.length} orgs`,
        ),
      );
      rows.push(sqliteRow(`GET /portfolio/plans?limit=50 (${c.portfolioConnections} conn.)`, L.portfolio.list, 'one organisation, as its manager'));
    }
    out.push(table(LOAD_HEADERS, rows));
    if (L) {
      const t = L.transitions;
      out.push('');
      out.push(
        table(
          ['Ratios and memory', 'value'],
          [
            ['transitions/s ÷ (a) raw SQLite commits/s', pct(t.recordNeeds.rate / s.ceilingA.commitsPerSecond)],
            ...(s.ceilingBesideTransitions
              ? [['transitions/s ÷ (a) measured before each of their runs', pct(t.recordNeeds.rate / s.ceilingBesideTransitions.commitsPerSecond)]]
              : []),
            ['transitions/s ÷ (b) framework ceiling', pct(t.recordNeeds.rate / L.ceilingB.rate)],
            [`RSS after fixed workload, ${int(s.small?.seed.plans)} plans`, s.small ? `${fmt(s.small.memory.rssMiB)} MiB` : '–'],
            [`RSS after fixed workload, ${int(L.seed.plans)} plans`, `${fmt(L.memory.rssMiB)} MiB`],
            ['peak RSS (VmHWM), large run incl. all loads', `${fmt(L.peakRssMiB)} MiB`],
            [`seeding ${int(L.seed.plans)} plans (src/cli/seed.ts)`, `${fmt(L.seed.seconds)} s`],
            ['database size after the run', `${fmt(L.databaseMiB)} MiB`],
          ],
        ),
      );
    }
  }
  const pg = results.postgres;
  if (pg) {
    out.push('');
    out.push(
      `PostgreSQL ${pg.server.version} (${Object.entries(pg.server.settings)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}), fresh database ${pg.database}, ${int(pg.seed?.plans)} seeded plans, DATABASE_POOL_SIZE=${c.pgPool} per instance`,
    );
    const rows: Cell[][] = [];
    for (const [n, ceiling] of [
      [c.pgPool, pg.ceiling.pool],
      [c.pgPool * 2, pg.ceiling.twoPools],
    ] as const) {
      rows.push(
        ceilingRow(
          `raw PG durable commits, ${n} connections`,
          ceiling.median,
          ceiling.commitsPerSecond,
          `autocommit INSERT of one small row; median of ${ceiling.runs.map((r) => fmt(r.commitsPerSecond, 0)).join(' / ')}`,
        ),
      );
    }
    if (pg.ceilingB) rows.push(loadRow('(b) GET /health/live (framework ceiling)', pg.ceilingB.median));
    if (pg.one) {
      rows.push(
        loadRow(
          `One instance: RECORD_NEEDS, ${c.connections} conn.`,
          pg.one.recordNeeds.median,
          `median of ${pg.one.recordNeeds.runs.map((r) => fmt(r.rate, 0)).join(' / ')}`,
        ),
      );
      rows.push(loadRow(`  ${pacedAt(c)}, paced (${int(pg.one.halfRate.rate)}/s)`, pg.one.halfRate.paced, pacedNote(pg.one.halfRate.pacedRuns)));
      rows.push(
        loadRow(
          '  GET /health/live at the same rate, paced',
          pg.one.halfRate.framework,
          frameworkPacedNote(cpuMsPerAnswer(pg.one.halfRate.framework), pg.ceilingB ? cpuMsPerAnswer(pg.ceilingB.median) : undefined),
        ),
      );
      rows.push(loadRow(`  ${pacedAt(c)}, autocannon overallRate`, pg.one.halfRate.autocannon, 'per-second bursts'));
      rows.push(loadRow('  START_NEEDS_ASSESSMENT', pg.one.startNeeds, `each plan once, ${int(pg.one.startNeeds.ok)} requests`));
      rows.push(loadRow('  POST /procurements (create)', pg.one.create));
    }
    if (pg.two) {
      const med = pg.two.median;
      rows.push(
        loadRow(
          `Two instances: RECORD_NEEDS, ${med.parts.map((p) => p.connections).join(' + ')} conn.`,
          med.combined,
          `median of ${pg.two.runs.map((r) => fmt(r.combined.rate, 0)).join(' / ')}`,
        ),
      );
      med.parts.forEach((p, i) => rows.push(loadRow(`  instance ${i === 0 ? 'A' : 'B'}`, p)));
    }
    out.push(table(LOAD_HEADERS, rows));
    if (pg.one) {
      const ratioRows: Cell[][] = [
        ['one instance ÷ raw PG commits/s (pool-size connections)', pct(pg.one.recordNeeds.rate / pg.ceiling.pool.commitsPerSecond)],
        ['one instance ÷ (b) framework ceiling', pg.ceilingB ? pct(pg.one.recordNeeds.rate / pg.ceilingB.rate) : '–'],
      ];
      if (s) ratioRows.push(['one instance ÷ (a) raw SQLite commits/s', pct(pg.one.recordNeeds.rate / s.ceilingA.commitsPerSecond)]);
      if (pg.two) {
        ratioRows.push(['two instances ÷ one instance', pct(pg.two.rate / pg.one.recordNeeds.rate)]);
        ratioRows.push(['two instances ÷ raw PG commits/s (2 × pool)', pct(pg.two.rate / pg.ceiling.twoPools.commitsPerSecond)]);
        ratioRows.push(['peak RSS (VmHWM) instance A / B', pg.two.peakRssMiB.map((v) => `${fmt(v)} MiB`).join(' / ')]);
      } else {
        ratioRows.push(['peak RSS (VmHWM)', `${fmt(pg.one.peakRssMiB)} MiB`]);
      }
      if (pg.seed) ratioRows.push([`seeding ${int(pg.seed.plans)} plans (src/cli/seed.ts)`, `${fmt(pg.seed.seconds)} s`]);
      out.push('');
      out.push(table(['PostgreSQL ratios and memory', 'value'], ratioRows));
    }
  }
  if (results.goals.length > 0) {
    out.push('');
    out.push(
      table(
        ['Goal', 'goal', 'measured', 'met'],
        results.goals.map((g) => [g.name, g.goal, g.measured, g.met === null ? '(info)' : g.met ? 'yes' : 'NO']),
      ),
    );
  }
  if (results.errors.length > 0) {
    out.push('');
    out.push('ERRORS:');
    for (const e of results.errors) out.push(`  ${e}`);
  }
  out.push('');
  out.push('failed = non-2xx answers + connection errors. CPU ms/req = app CPU time per answer. app, loadgen, rest = cores busy during the run');
  out.push('(1.00 = one core) in the app process(es), in the load generator (this process), and in everything else (database server, other work).');
  return out.join('\n');
}

function filesystemOf(path: string): string {
  try {
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' '))
      .filter((f) => f.length > 2 && path.startsWith(f[1]))
      .sort((a, b) => b[1].length - a[1].length);
    return mounts.length > 0 ? `${mounts[0][2]} on ${mounts[0][0]} mounted at ${mounts[0][1]}` : 'unknown filesystem';
  } catch {
    return 'unknown filesystem';
  }
}

function sourceInfo(): Results['source'] {
  const git = (args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git(['rev-parse', 'HEAD']), uncommittedFiles: git(['status', '--porcelain']).split('\n').filter(Boolean).length };
  } catch {
    return { commit: null, uncommittedFiles: null };
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const config = loadConfig();
  const workDir = mkdtempSync(join(os.tmpdir(), 'ppe-bench-'));
  // A private copy of the build: others may rebuild dist/ while the benchmark runs.
  const build = join(workDir, 'build');
  cpSync(join(ROOT, 'dist'), build, { recursive: true, filter: (src) => !src.endsWith('.tsbuildinfo') && !src.endsWith('.map') });
  const ctx: Context = {
    config,
    workDir,
    build,
    jwtSecret: randomBytes(32).toString('base64url'),
    anonymisationSecret: randomBytes(32).toString('base64url'),
    nodeArgs: config.appNodeArgs.split(/\s+/).filter(Boolean),
  };
  if (config.profile === 'true' || config.profile === '1') {
    const profiles = join(ROOT, 'bench', 'results', 'profiles');
    mkdirSync(profiles, { recursive: true });
    process.env.BENCH_PROFILE_DIR = profiles;
    ctx.nodeArgs.push('--require', join(build, 'bench', 'profile-preload.js'));
    log(`CPU profiles of the app processes go to ${profiles}`);
  }
  const cpus = os.cpus();
  const results: Results = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGiB: os.totalmem() / 1024 ** 3,
      platform: os.platform(),
      kernel: os.release(),
      node: process.version,
    },
    source: sourceInfo(),
    config: { ...config, databaseUrl: config.databaseUrl ? config.databaseUrl.replace(/\/\/[^@/]*@/, '//***@') : undefined },
    background: [],
    goals: [],
    errors: [],
  };
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench: still running after ${config.timeoutMinutes} minutes; stopping.\n`);
    void killAll().finally(() => process.exit(2));
  }, config.timeoutMinutes * 60_000);

  log(`work folder ${workDir}; ${JSON.stringify({ ...results.config })}`);
  try {
    if (config.only !== 'postgres') {
      try {
        results.background.push(await waitForIdle(config, 'before SQLite'));
        await sqliteSuite(ctx, results);
      } catch (err) {
        results.errors.push(`SQLite: ${(err as Error).stack ?? String(err)}`);
        log(`SQLite suite failed: ${(err as Error).message}`);
      }
    }
    if (config.only !== 'sqlite' && config.databaseUrl) {
      try {
        results.background.push(await waitForIdle(config, 'before PostgreSQL'));
        await postgresSuite(ctx, results, config.databaseUrl);
      } catch (err) {
        results.errors.push(`PostgreSQL: ${(err as Error).stack ?? String(err)}`);
        log(`PostgreSQL suite failed: ${(err as Error).message}`);
      }
    } else if (config.only === 'postgres') {
      results.errors.push('BENCH_ONLY=postgres but DATABASE_URL is not set.');
    }
  } finally {
    await killAll();
    clearTimeout(watchdog);
    if (config.keep === 'true' || config.keep === '1') log(`kept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }

  results.goals = evaluateGoals(results);
  results.durationSeconds = (Date.now() - begun) / 1000;
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(join(dir, 'latest.json'), json);
  const kind = [results.sqlite ? 'sqlite' : null, results.postgres ? 'postgres' : null].filter(Boolean).join('+') || 'none';
  writeFileSync(join(dir, `${results.date.replace(/[:.]/g, '-')}-${kind}.json`), json);
  process.stdout.write(`${render(results)}\n\nWrote bench/results/latest.json (${fmt(results.durationSeconds / 60)} min).\n`);
  if (results.errors.length > 0) process.exitCode = 1;
}

main().catch(async (err: Error) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  await killAll();
  process.exit(1);
});
