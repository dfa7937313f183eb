import { Client } from 'pg';
import type { WalPerAnswer } from '../bench/load';
import { walDuring } from '../bench/postgres';
import { createTestDatabase, testDriver, type TestDatabase } from './support/test-database';

const onPostgres = testDriver() === 'postgres' ? describe : describe.skip;

/**
 * bench/postgres.ts `walDuring` reports, beside each paced run on PostgreSQL, how much WAL the run
 * made the server write per answer and how many of its pages went whole to the WAL (a checkpoint had
 * begun since they last changed). Checked on a real server against writes whose WAL is known.
 */
onPostgres('bench: the WAL a run writes, per answer (PostgreSQL)', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    client = new Client({ connectionString: db.env.DATABASE_URL });
    await client.connect();
    await client.query('CREATE TABLE wal_probe (id integer PRIMARY KEY, body text NOT NULL)');
    // 40 rows of about 1 KB, each on a page of its own (fillfactor 10 leaves one row a page).
    await client.query('ALTER TABLE wal_probe SET (fillfactor = 10)');
    await client.query("INSERT INTO wal_probe SELECT n, repeat('a', 1000) FROM generate_series(1, 40) AS n");
  });

  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  /** Changes every row once; the session's WAL counts reach pg_stat_wal at once, not within a second. */
  const changeEveryRow = async (body: string) => {
    await client.query('UPDATE wal_probe SET body = $1', [body.repeat(1000)]);
    await client.query('SELECT pg_stat_force_next_flush()');
  };

  /** A watch's figures, which this server (PostgreSQL 15, with pg_stat_wal) always gives. */
  const figures = async (watch: (answers: number) => Promise<WalPerAnswer | undefined>, answers: number): Promise<WalPerAnswer> => {
    const result = await watch(answers);
    if (!result) throw new Error('walDuring gave no figures on a server that has pg_stat_wal');
    return result;
  };

  it('counts a whole page for each page first changed after a checkpoint, and none for the next change', async () => {
    await client.query('CHECKPOINT');
    const afterCheckpoint = await walDuring(db.env.DATABASE_URL);
    await changeEveryRow('b');
    const first = await figures(afterCheckpoint, 40);
    // Each row's heap page goes whole to the WAL (its used part) beside the row's new version, and
    // the primary key's pages once: 40 pages and one or two more, for 40 answers.
    expect(first.fullPages).toBeGreaterThanOrEqual(1);
    expect(first.fullPages).toBeLessThanOrEqual(1.1);

    const again = await walDuring(db.env.DATABASE_URL);
    await changeEveryRow('c');
    const second = await figures(again, 40);
    // The same pages again before the next checkpoint: only the new row versions, no whole pages.
    expect(second.fullPages).toBe(0);
    // A new version of a 1 KB row each, and less than with the pages written whole.
    expect(second.kb).toBeGreaterThan(0.9);
    expect(second.kb).toBeLessThan(first.kb - 0.5);
  });

  it('gives figures per answer', async () => {
    const watch = await walDuring(db.env.DATABASE_URL);
    await changeEveryRow('d');
    const perWrite = await figures(watch, 40);
    const watchTwice = await walDuring(db.env.DATABASE_URL);
    await changeEveryRow('e');
    await changeEveryRow('f');
    const perTwoWrites = await figures(watchTwice, 40);
    expect(perTwoWrites.kb).toBeGreaterThan(perWrite.kb * 1.6);
    expect(perTwoWrites.kb).toBeLessThan(perWrite.kb * 2.4);
  });

  it('gives no figures, rather than failing the run, where the server cannot be read', async () => {
    const watch = await walDuring('postgres://postgres@127.0.0.1:1/none');
    await expect(watch(40)).resolves.toBeUndefined();
  });
});
