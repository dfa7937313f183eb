import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '../config/environment';
import { buildDataSourceOptions } from './database.options';
import { BACKSTOP_AUTOCHECKPOINT_PAGES, DEFAULT_AUTOCHECKPOINT_PAGES, WalCheckpointer } from './wal-checkpointer';

const ROWS = 200;
const ROW_BYTES = 8_192;

/** WalCheckpointer on a real SQLite file: the app's connection writes, the thread moves the WAL into the database. */
describe(WalCheckpointer.name, () => {
  let dir: string;
  let path: string;
  let dataSource: DataSource;
  let checkpointer: WalCheckpointer;

  const raw = () => (dataSource.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
  const autocheckpoint = () => raw().pragma('wal_autocheckpoint', { simple: true }) as number;

  /**
   * Rows in the database file alone, as a copy of it without its WAL shows them; -1 while the copy
   * is torn (taken while the thread was writing pages into the file).
   */
  function rowsInDatabaseFile(): number {
    const copy = join(dir, `copy-${Date.now()}.sqlite`);
    copyFileSync(path, copy);
    let db: Database.Database | null = null;
    try {
      db = new Database(copy);
      return (db.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n;
    } catch {
      return -1;
    } finally {
      db?.close();
      rmSync(copy, { force: true });
      rmSync(`${copy}-wal`, { force: true });
      rmSync(`${copy}-shm`, { force: true });
    }
  }

  function writeRows(): void {
    const insert = raw().prepare('INSERT INTO blobs (data) VALUES (?)');
    // One transaction each, as the app commits: SQLite's own checkpoint would run only past the 1,000 pages.
    for (let i = 0; i < ROWS; i++) insert.run(randomBytes(ROW_BYTES));
  }

  /**
   * Rows in the database file after the thread's passes, once all are there or after `passes` passes.
   * The thread runs beside the writes, and its reports queue while they block the event loop: a
   * report is no proof that its pass began after the last write, the file's contents are.
   */
  async function rowsInDatabaseFileAfterPasses(passes: number): Promise<number> {
    let rows = 0;
    for (let i = 0; i < passes && rows < ROWS; i++) {
      await checkpointer.nextPass();
      rows = rowsInDatabaseFile();
    }
    return rows;
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ppe-wal-'));
    path = join(dir, 'test.sqlite');
    dataSource = await new DataSource(buildDataSourceOptions(validateEnvironment({ SQLITE_PATH: path, DATABASE_POOL_SIZE: '1' }))).initialize();
    raw().exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
    // Whatever the migrations left in the WAL goes into the database first, so the test starts from an empty WAL.
    raw().pragma('wal_checkpoint(TRUNCATE)');
    checkpointer = new WalCheckpointer(dataSource, { busyPassMs: 5, idlePassMs: 20 });
  });

  afterEach(async () => {
    await checkpointer.beforeApplicationShutdown();
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies committed pages into the database on its own thread while the app’s connection keeps only a backstop', async () => {
    checkpointer.onApplicationBootstrap();
    expect(checkpointer.running).toBe(true);
    expect(autocheckpoint()).toBe(BACKSTOP_AUTOCHECKPOINT_PAGES);
    const sizeBefore = statSync(path).size;

    writeRows();

    // About 1.6 MB of rows, below the backstop, so the app's connection never checkpointed: the thread did.
    expect(await rowsInDatabaseFileAfterPasses(100)).toBe(ROWS);
    expect(statSync(path).size).toBeGreaterThan(sizeBefore + ROWS * ROW_BYTES * 0.9);
    // The app's connection still reads and writes as before.
    expect((raw().prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n).toBe(ROWS);
  });

  it('slows to its idle pace once the WAL is copied whole and nothing new is written', async () => {
    checkpointer = new WalCheckpointer(dataSource, { busyPassMs: 1, idlePassMs: 1_000 });
    checkpointer.onApplicationBootstrap();
    writeRows();
    // Polled by the clock, not by passes. A pass that lands between two commits finds nothing new and
    // idles for a second, so the rows may arrive in steps.
    for (let waited = 0; rowsInDatabaseFile() < ROWS && waited < 10_000; waited += 20) await sleep(20);
    expect(rowsInDatabaseFile()).toBe(ROWS);
    // The reports of the passes made while the writes held the event loop arrive first.
    await sleep(200);
    let passes = 0;
    const counting = (): void =>
      void checkpointer.nextPass().then(() => {
        passes += 1;
        counting();
      });
    counting();
    // Busy, it would pass every millisecond, about 500 times here. Idle, it passes once a second.
    await sleep(500);
    expect(passes).toBeLessThanOrEqual(2);
  });

  it('without the thread the same rows stay in the WAL (what the first test proves is the thread’s doing)', () => {
    writeRows();
    expect(autocheckpoint()).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
    expect(rowsInDatabaseFile()).toBe(0);
  });

  it('stops on shutdown, and hands checkpoints back to the app’s connection should the thread die', async () => {
    checkpointer.onApplicationBootstrap();
    await checkpointer.nextPass();
    const worker = (checkpointer as unknown as { worker: { terminate(): Promise<number> } }).worker;
    await worker.terminate();
    expect(checkpointer.running).toBe(false);
    expect(autocheckpoint()).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
    await expect(checkpointer.beforeApplicationShutdown()).resolves.toBeUndefined();
  });

  it('ends its thread before the app’s connection closes', async () => {
    checkpointer.onApplicationBootstrap();
    await checkpointer.nextPass();
    await checkpointer.beforeApplicationShutdown();
    expect(checkpointer.running).toBe(false);
    // The thread's connection is closed: the app's connection can take the file for itself.
    expect(raw().pragma('wal_checkpoint(TRUNCATE)', { simple: true })).toBe(0);
  });

  it('starts no thread for an in-memory database', async () => {
    const memory = await new DataSource(buildDataSourceOptions(validateEnvironment({ SQLITE_PATH: ':memory:', DATABASE_POOL_SIZE: '1' }))).initialize();
    const none = new WalCheckpointer(memory);
    none.onApplicationBootstrap();
    expect(none.running).toBe(false);
    await none.beforeApplicationShutdown();
    await memory.destroy();
  });
});
