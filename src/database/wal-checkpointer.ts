import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type BetterSqlite3 from 'better-sqlite3';
import { DataSource } from 'typeorm';

/**
 * The app's own connection checkpoints only when the WAL holds this many pages (about 40 MB): a
 * backstop, should the checkpointer thread fall behind, so the WAL never grows without bound. When
 * it runs, the thread has already copied nearly every page, so what is left is cheap.
 */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000;
/** SQLite's default, given back to the app's connection when the thread is not running. */
export const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;
/** A pass that copied pages, or left some, is followed by the next this soon: the WAL keeps growing under load. */
const BUSY_PASS_MS = 20;
/** A pass that found nothing new to copy waits this long. */
const IDLE_PASS_MS = 200;
/** After a failed pass (file locked by a long checkpoint of another process, disk error), this long. */
const FAILED_PASS_MS = 1_000;

/** Optional provider: how often the thread checkpoints (tests shorten it). */
export const CHECKPOINTER_SETTINGS = Symbol('CHECKPOINTER_SETTINGS');

export interface CheckpointerSettings {
  busyPassMs: number;
  idlePassMs: number;
}

/**
 * The thread's whole program: its own connection to the same file, and PASSIVE checkpoints — which
 * copy what they can of the WAL into the database without waiting for, or blocking, the app's
 * readers and its writer. `synchronous = FULL` makes each checkpoint sync the WAL before copying and
 * the database after, so a page leaves the WAL only once it is on disk in the database. It reports
 * each pass (`{ log, checkpointed }`, or `{ failed }`) and stops when told.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true, timeout: 0 });
db.pragma('synchronous = FULL');
let timer = null;
let stopping = false;
let copied = 0;
function pass() {
  timer = null;
  let wait = workerData.idlePassMs;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ log: result.log, checkpointed: result.checkpointed });
    // Busy while pages are left or were just copied; a WAL copied whole stays so until the next write.
    if (result.log > result.checkpointed || result.checkpointed !== copied) wait = workerData.busyPassMs;
    copied = result.checkpointed;
  } catch (err) {
    parentPort.postMessage({ failed: String(err && err.message || err) });
    wait = ${FAILED_PASS_MS};
  }
  if (!stopping) timer = setTimeout(pass, wait);
}
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  stopping = true;
  if (timer) clearTimeout(timer);
  db.close();
  parentPort.close();
});
pass();
`;

interface PassReport {
  log?: number;
  checkpointed?: number;
  failed?: string;
}

/**
 * Checkpoints SQLite's WAL on a thread of its own (issue 16, decision 0029). better-sqlite3 is
 * synchronous: the checkpoint SQLite runs by itself after a COMMIT that takes the WAL past 1,000
 * pages copies every page into the database and syncs it on the event loop, holding up every
 * request for its duration. Here a worker thread with its own connection does that work beside the
 * app, on the second core; the app's connection keeps only a backstop
 * (`BACKSTOP_AUTOCHECKPOINT_PAGES`). Durability is not touched: every COMMIT still syncs the WAL
 * (`synchronous = FULL`) before it is acknowledged; a checkpoint only moves pages already durable.
 *
 * Only for a SQLite file (an in-memory database has no WAL). Should the thread fail to start or
 * die, the app's connection checkpoints as SQLite does by default again, and the failure is logged.
 */
@Injectable()
export class WalCheckpointer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WalCheckpointer.name);
  private worker: Worker | null = null;
  private stopped = false;
  private lastFailure: string | null = null;
  private listeners: Array<(report: PassReport) => void> = [];

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(CHECKPOINTER_SETTINGS) private readonly settings: CheckpointerSettings = { busyPassMs: BUSY_PASS_MS, idlePassMs: IDLE_PASS_MS },
  ) {}

  onApplicationBootstrap(): void {
    const path = this.filePath();
    if (path === null) return;
    this.start(path);
  }

  /** Before TypeORM closes the app's connection: the thread closes its own and ends. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    await exited;
  }

  /** Whether a checkpointer thread is running. */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Resolves after the thread's next pass has ended (for tests and diagnostics). */
  nextPass(): Promise<PassReport> {
    return new Promise((resolve) => this.listeners.push(resolve));
  }

  private filePath(): string | null {
    if (this.dataSource.options.type !== 'better-sqlite3') return null;
    const path = this.dataSource.options.database;
    if (typeof path !== 'string' || path === '' || path === ':memory:') return null;
    return path;
  }

  private connection(): BetterSqlite3.Database {
    return (this.dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
  }

  private start(path: string): void {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { path, driver: driverPath(), ...this.settings },
        // A small heap: the thread holds one connection and a timer.
        resourceLimits: { maxOldGenerationSizeMb: 32 },
      });
    } catch (err) {
      this.logger.warn({ reason: describe(err) }, 'The WAL checkpointer thread did not start; SQLite checkpoints on the request path');
      return;
    }
    // The thread must never keep the process alive by itself.
    worker.unref();
    this.worker = worker;
    this.connection().pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
    worker.on('message', (report: PassReport) => this.heard(report));
    worker.on('error', (err) => this.logger.warn({ reason: describe(err) }, 'The WAL checkpointer thread failed'));
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      // Died on its own: SQLite's own checkpoints take over again, on the app's connection.
      this.worker = null;
      if (!this.stopped && this.dataSource.isInitialized) {
        this.connection().pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
        this.logger.warn('The WAL checkpointer thread ended; SQLite checkpoints on the request path again');
      }
    });
  }

  private heard(report: PassReport): void {
    if (report.failed !== undefined) {
      // Logged once per cause, not every second while it lasts.
      if (report.failed !== this.lastFailure) this.logger.warn({ reason: report.failed }, 'A WAL checkpoint failed; trying again');
      this.lastFailure = report.failed;
    } else if (this.lastFailure !== null) {
      this.lastFailure = null;
      this.logger.log('WAL checkpoints work again');
    }
    if (this.listeners.length === 0) return;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener(report);
  }
}

/**
 * Where better-sqlite3 is, for the thread to load the same copy: found from this module in the
 * build (CommonJS), from the working folder where `require` does not exist (the tests run as ES modules).
 */
function driverPath(): string {
  const resolve = typeof require === 'function' ? require.resolve : createRequire(join(process.cwd(), 'index.js')).resolve;
  return resolve('better-sqlite3');
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
