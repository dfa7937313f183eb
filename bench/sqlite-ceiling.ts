/**
 * Ceiling (a): raw durable SQLite commits per second on the disk the app's database lives on.
 * better-sqlite3, WAL, synchronous=FULL (as src/database/database.options.ts sets them), one small
 * row per transaction, one writer — the same shape of work as one transition's commit, minus the app.
 *
 * Run as a child process (`node dist/bench/sqlite-ceiling.js <file> <seconds>`) so the measurement
 * has a process of its own; prints one JSON line.
 */
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { percentile } from './stats';

export interface SqliteCeilingResult {
  commits: number;
  seconds: number;
  commitsPerSecond: number;
  commitLatencyMs: { p50: number; p99: number; max: number };
  /** Busy share of the machine just before the run (set by run.ts). */
  background?: number;
}

export function measureSqliteCommits(file: string, seconds: number): SqliteCeilingResult {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec('CREATE TABLE commits (id INTEGER PRIMARY KEY, at TEXT NOT NULL, payload TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO commits (at, payload) VALUES (?, ?)');
    const commit = db.transaction((at: string) => insert.run(at, 'a small row of about forty bytes.......'));
    const latencies: number[] = [];
    const started = process.hrtime.bigint();
    const until = started + BigInt(Math.round(seconds * 1e9));
    let now = started;
    while (now < until) {
      const before = now;
      commit(new Date().toISOString());
      now = process.hrtime.bigint();
      latencies.push(Number(now - before) / 1e6);
    }
    const elapsed = Number(now - started) / 1e9;
    latencies.sort((a, b) => a - b);
    return {
      commits: latencies.length,
      seconds: elapsed,
      commitsPerSecond: latencies.length / elapsed,
      commitLatencyMs: { p50: percentile(latencies, 50, true), p99: percentile(latencies, 99, true), max: latencies.at(-1) ?? 0 },
    };
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}

if (require.main === module) {
  const [file, seconds] = process.argv.slice(2);
  if (!file || !(Number(seconds) > 0)) {
    process.stderr.write('usage: node dist/bench/sqlite-ceiling.js <database file> <seconds>\n');
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(measureSqliteCommits(file, Number(seconds)))}\n`);
}
