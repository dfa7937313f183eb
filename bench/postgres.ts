/**
 * PostgreSQL side of the benchmark: a fresh database per run (dropped at the end) and the raw
 * durable-commit ceiling of the server, measured like SQLite's (one small row per transaction),
 * with as many concurrent connections as the app's pool has.
 */
import { Client, Pool } from 'pg';
import type { WalPerAnswer } from './load';
import { percentile } from './stats';

export function databaseUrlFor(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function createDatabase(baseUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(baseUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export interface PgServerInfo {
  version: string;
  settings: Record<string, string>;
}

export async function serverInfo(url: string): Promise<PgServerInfo> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    const names = ['fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'max_connections', 'commit_delay', 'autovacuum'];
    const rows = await client.query<{ name: string; setting: string; unit: string | null }>(
      'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)',
      [names],
    );
    return { version, settings: Object.fromEntries(rows.rows.map((r) => [r.name, r.unit ? `${r.setting} ${r.unit}` : r.setting])) };
  } finally {
    await client.end();
  }
}

/**
 * With the server's autovacuum off (as on this machine's PostgreSQL), nothing clears the dead row
 * versions that every transition leaves, nor gathers the planner's statistics of the freshly seeded
 * tables: the server's work per transition would grow through the run for want of maintenance any
 * production server does in the background. So the benchmark does it between phases, with the
 * load stopped (`VACUUM (ANALYZE)` of its own database). With autovacuum on, it does nothing.
 */
export async function vacuumIfNoAutovacuum(url: string, server: PgServerInfo): Promise<void> {
  if (server.settings.autovacuum !== 'off') return;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
}

/**
 * Watches the WAL a run makes the server write: call before the run, and the returned function after
 * it with the run's answers. The bytes are exact (`pg_current_wal_lsn()`); the full-page images come
 * from `pg_stat_wal` (PostgreSQL 14 and later), which each backend reports about once a second, so
 * they are close rather than exact. Many of them in a run mean a checkpoint began in or just before
 * it: the first change of each page after a checkpoint writes the whole page (decision 0028, session
 * 25). Cluster-wide: meant for a server the benchmark has to itself.
 */
export async function walDuring(url: string): Promise<(answers: number) => Promise<WalPerAnswer | undefined>> {
  // A server without pg_stat_wal (before 14), or one that cannot be read: the run goes on without the figures.
  const before = await walPosition(url).catch(() => null);
  return async (answers) => {
    const after = before && (await walPosition(url).catch(() => null));
    if (!before || !after) return undefined;
    const per = Math.max(1, answers);
    return { kb: Number(after.bytes - before.bytes) / 1024 / per, fullPages: (after.fullPages - before.fullPages) / per };
  };
}

async function walPosition(url: string): Promise<{ bytes: bigint; fullPages: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ bytes: string; fpi: string }>(
      "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS bytes, (SELECT wal_fpi FROM pg_stat_wal)::text AS fpi",
    );
    return { bytes: BigInt(rows[0].bytes.split('.')[0]), fullPages: Number(rows[0].fpi) };
  } finally {
    await client.end();
  }
}

export interface PgCeilingResult {
  connections: number;
  commits: number;
  seconds: number;
  commitsPerSecond: number;
  commitLatencyMs: { p50: number; p99: number; max: number };
  /** Busy share of the machine just before the run (set by run.ts). */
  background?: number;
}

/** `connections` clients each committing one small row per transaction (autocommit INSERT) for `seconds`. */
export async function measurePgCommits(url: string, connections: number, seconds: number): Promise<PgCeilingResult> {
  const pool = new Pool({ connectionString: url, max: connections });
  try {
    await pool.query('DROP TABLE IF EXISTS bench_commits');
    await pool.query('CREATE TABLE bench_commits (id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL, payload TEXT NOT NULL)');
    const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
    const latencies: number[] = [];
    const started = process.hrtime.bigint();
    const until = started + BigInt(Math.round(seconds * 1e9));
    await Promise.all(
      clients.map(async (client) => {
        while (process.hrtime.bigint() < until) {
          const before = process.hrtime.bigint();
          await client.query({
            name: 'bench-commit',
            text: 'INSERT INTO bench_commits (at, payload) VALUES (now(), $1)',
            values: ['a small row of about forty bytes.......'],
          });
          latencies.push(Number(process.hrtime.bigint() - before) / 1e6);
        }
      }),
    );
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    for (const client of clients) client.release();
    await pool.query('DROP TABLE bench_commits');
    latencies.sort((a, b) => a - b);
    return {
      connections,
      commits: latencies.length,
      seconds: elapsed,
      commitsPerSecond: latencies.length / elapsed,
      commitLatencyMs: { p50: percentile(latencies, 50, true), p99: percentile(latencies, 99, true), max: latencies.at(-1) ?? 0 },
    };
  } finally {
    await pool.end();
  }
}
