/**
 * Where one request's time goes: runs the real app in this process (configured as main.ts does) on
 * a fresh SQLite file, or with `DATABASE_URL` set on a fresh PostgreSQL database (dropped at the
 * end), sends requests one at a time through Fastify's inject (no network), and times every
 * statement by its SQL (better-sqlite3's statements; pg's `Client.query`, from the call to its
 * answer, so on PostgreSQL the time includes the round trip and the server's work). Diagnostic, not
 * part of `npm run bench`:
 *
 *   node dist/bench/sql-profile.js [requests=500] [dir=os.tmpdir()] [cpu-profile-file]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node dist/bench/sql-profile.js 2000
 *
 * With a third argument, the HTTP RECORD_NEEDS phase is also CPU-profiled into that file
 * (summarise it with dist/bench/profile-summary.js).
 *
 * Prints, per request kind, the wall time and the process's CPU time (user + system) per request,
 * how much of it was spent inside SQLite (and in COMMIT, i.e. the fsync), and the statements with
 * their count and time per request. The CPU profile gets `<file>.meta.json` beside it (the number of
 * requests profiled), so profile-summary.js gives its layers in ms per request.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import os from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Database from 'better-sqlite3';
import pg from 'pg';
import { AppModule } from '../src/app.module';
import { configureApp, createAdapter } from '../src/app.setup';
import { signDevToken } from '../src/common/auth/token.service';
import { validateEnvironment } from '../src/config/environment';
import { EngineService } from '../src/engine/engine.service';
import { ProcurementPlanEntity } from '../src/engine/procurement-plan.entity';
import { DataSource } from 'typeorm';
import { createDatabase, databaseUrlFor, dropDatabase } from './postgres';
import { NEW_PLAN, RECORD_NEEDS, START_NEEDS_ASSESSMENT } from './workloads';

interface Stat {
  count: number;
  ms: number;
}

const stats = new Map<string, Stat>();

function normalise(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  if (/^(BEGIN|START TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(s)) return s.split(' ').slice(0, 2).join(' ');
  if (/^SELECT/i.test(s)) return `SELECT … FROM ${/\sFROM\s+"?(\w+)"?/i.exec(s)?.[1] ?? '?'}${/COUNT\(/i.test(s) ? ' (count)' : ''}`;
  const m = /^(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?/i.exec(s);
  return m ? `${m[1].toUpperCase()} ${m[2]}` : s.slice(0, 60);
}

function instrument(): void {
  const probe = new Database(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'all', 'get', 'iterate']) {
    const original = statement[method] as (...args: unknown[]) => unknown;
    statement[method] = function (this: { source: string }, ...args: unknown[]) {
      const started = process.hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        record(this.source, started);
      }
    };
  }
}

function record(sql: string, started: bigint): void {
  const key = normalise(sql);
  const stat = stats.get(key) ?? { count: 0, ms: 0 };
  stat.count++;
  stat.ms += Number(process.hrtime.bigint() - started) / 1e6;
  stats.set(key, stat);
}

/**
 * pg's Client.query, timed from the call to the answer: its promise form (as TypeORM calls it), and
 * a query object with its own callback (as the pipeline submits its statements).
 */
function instrumentPg(): void {
  const client = (pg.Client as unknown as { prototype: Record<string, unknown> }).prototype;
  const original = client.query as (...args: unknown[]) => unknown;
  client.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0] as { text?: string; submit?: unknown; callback?: (...answer: unknown[]) => void } | string | undefined;
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    const started = process.hrtime.bigint();
    if (typeof config === 'object' && typeof config.submit === 'function' && config.callback) {
      const answered = config.callback;
      config.callback = (...answer: unknown[]) => {
        record(text, started);
        answered(...answer);
      };
    }
    const result = original.apply(this, args);
    if (result instanceof Promise)
      void result.then(
        () => record(text, started),
        () => record(text, started),
      );
    return result;
  };
}

async function main(): Promise<void> {
  const requests = Number(process.argv[2] ?? 500);
  const dir = mkdtempSync(join(process.argv[3] ?? os.tmpdir(), 'ppe-sql-profile-'));
  // On PostgreSQL: a database of its own on the server DATABASE_URL names.
  const pgServer = process.env.DATABASE_URL ? { baseUrl: process.env.DATABASE_URL, database: `sql_profile_${Date.now()}_${process.pid}` } : null;
  if (pgServer) {
    await createDatabase(pgServer.baseUrl, pgServer.database);
    instrumentPg();
  } else instrument();
  const secret = 'sql-profile-secret-that-is-long-enough-0123456789';
  const env = validateEnvironment({
    ...(pgServer ? { DATABASE_URL: databaseUrlFor(pgServer.baseUrl, pgServer.database) } : { SQLITE_PATH: join(dir, 'profile.sqlite') }),
    LOG_LEVEL: 'warn',
    AUTH_JWT_SECRET: secret,
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    TIMER_POLL_INTERVAL_MS: '0',
    ANONYMISATION_SECRET: 'sql-profile-anonymisation-secret-0123456789',
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(env), createAdapter(env), { logger: ['error', 'warn'] });
  await configureApp(app, env);
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const token = await signDevToken(new TextEncoder().encode(secret), { sub: 'officer-1', name: 'Officer', role: 'officer', org: 'city-of-espoo' }, '1h', {
    AUTH_ISSUER: undefined,
    AUTH_AUDIENCE: undefined,
  });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  const phase = async (label: string, send: (i: number) => Promise<number>) => {
    stats.clear();
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    for (let i = 0; i < requests; i++) {
      const status = await send(i);
      if (status >= 300) throw new Error(`${label}: request ${i} answered ${status}`);
    }
    const wall = Number(process.hrtime.bigint() - started) / 1e6 / requests;
    const cpu = process.cpuUsage(cpuStarted);
    const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms);
    const inSqlite = rows.reduce((n, [, s]) => n + s.ms, 0) / requests;
    const commit = (stats.get('COMMIT') ?? { ms: 0 }).ms / requests;
    const statements = rows.reduce((n, [, s]) => n + s.count, 0) / requests;
    const cpuText = `CPU ${((cpu.user + cpu.system) / 1000 / requests).toFixed(3)} ms each (user ${(cpu.user / 1000 / requests).toFixed(3)}, system ${(cpu.system / 1000 / requests).toFixed(3)})`;
    // On PostgreSQL a statement's time runs from sending to its answer: pipelined statements and the
    // outbox's passes overlap the request's, so their sum is no share of the wall time.
    const inDatabase = pgServer
      ? `statements sent to answered ${inSqlite.toFixed(2)} ms in all, overlapping (COMMIT ${commit.toFixed(2)} ms; ${statements.toFixed(1)} statements)`
      : `in SQLite ${inSqlite.toFixed(2)} ms (COMMIT ${commit.toFixed(2)} ms, the rest ${(inSqlite - commit).toFixed(2)} ms in ${statements.toFixed(1)} statements); outside SQLite ${(wall - inSqlite).toFixed(2)} ms`;
    process.stdout.write(`\n${label}: ${requests} sequential requests: ${wall.toFixed(2)} ms each, ${cpuText}; ${inDatabase}\n`);
    for (const [sql, s] of rows)
      process.stdout.write(`  ${(s.count / requests).toFixed(2).padStart(6)} × ${(s.ms / requests).toFixed(3).padStart(7)} ms/request  ${sql}\n`);
  };

  const ids: string[] = [];
  // Warm the JIT and caches first.
  for (let i = 0; i < 200; i++) {
    const res = await fastify.inject({ method: 'POST', url: '/procurements', headers, payload: JSON.stringify(NEW_PLAN) });
    const id = res.json<{ id: string }>().id;
    await fastify.inject({ method: 'POST', url: `/procurements/${id}/events`, headers, payload: START_NEEDS_ASSESSMENT });
    await fastify.inject({ method: 'POST', url: `/procurements/${id}/events`, headers, payload: RECORD_NEEDS });
  }
  await phase('POST /procurements', async () => {
    const res = await fastify.inject({ method: 'POST', url: '/procurements', headers, payload: JSON.stringify(NEW_PLAN) });
    ids.push(res.json<{ id: string }>().id);
    return res.statusCode;
  });
  await phase(
    'START_NEEDS_ASSESSMENT',
    async (i) => (await fastify.inject({ method: 'POST', url: `/procurements/${ids[i]}/events`, headers, payload: START_NEEDS_ASSESSMENT })).statusCode,
  );
  const recordNeeds = async (i: number) =>
    (await fastify.inject({ method: 'POST', url: `/procurements/${ids[i]}/events`, headers, payload: RECORD_NEEDS })).statusCode;
  // Unprofiled first, for the CPU figure; the profiler's sampling costs CPU of its own.
  await phase('RECORD_NEEDS', recordNeeds);
  const profileFile = process.argv[4];
  const session = profileFile ? new Session() : null;
  if (session && profileFile) {
    session.connect();
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: 200 });
    session.post('Profiler.start');
    // The same event again (RECORD_NEEDS stays in its stage), CPU-profiled.
    await phase('RECORD_NEEDS again, CPU-profiled (its CPU figure includes the profiler)', recordNeeds);
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(profileFile, JSON.stringify(result.profile));
      if (!err) writeFileSync(`${profileFile}.meta.json`, JSON.stringify({ requests, label: 'RECORD_NEEDS through HTTP (inject)' }));
    });
    session.disconnect();
  }
  // The same event without HTTP, Nest or the response view: the engine's own path.
  const engine = app.get(EngineService);
  const dataSource = app.get(DataSource);
  const actor = { id: 'officer-1', name: 'Officer', role: 'officer' as const };
  const { type: _type, ...needs } = JSON.parse(RECORD_NEEDS) as Record<string, unknown>;
  await phase('RECORD_NEEDS through EngineService.send() only (no HTTP, no response view)', async (i) => {
    await engine.send(ids[i], { type: 'RECORD_NEEDS', payload: needs }, actor);
    return 200;
  });
  await phase('EngineService.options() only (the transition list every plan response carries)', async (i) => {
    const plan = await dataSource.getRepository(ProcurementPlanEntity).findOneByOrFail({ id: ids[i] });
    await engine.options(dataSource.manager, plan, actor);
    return 200;
  });
  await phase(
    'GET /procurements/:id',
    async (i) => (await fastify.inject({ method: 'GET', url: `/procurements/${ids[i]}`, headers: { authorization: headers.authorization } })).statusCode,
  );
  await phase('GET /health/live', async () => (await fastify.inject({ method: 'GET', url: '/health/live' })).statusCode);
  await app.close();
  if (pgServer) await dropDatabase(pgServer.baseUrl, pgServer.database);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
