import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConflictError } from '../common/errors';
import { classifyDatabaseError, databaseFault, databaseUnavailable } from './database-faults';

const PG_UNIQUE_VIOLATION = '23505';
const PG_SERIALIZATION_FAILURE = '40001';
const PG_DEADLOCK = '40P01';

/** How long, in all, a transaction waits for another process's SQLite write lock before it answers 503 (decision 0014). */
export const SQLITE_LOCK_WAIT_MS = 2_000;
/** Pauses between attempts on a locked SQLite file; the last one repeats. */
const SQLITE_BACKOFF_MS = [20, 40, 80, 160, 250];

export interface RunOptions {
  /** SQLite only: total wait for a write lock held elsewhere; 0 makes one attempt. */
  lockWaitMs?: number;
}

/**
 * Runs work in one database transaction. better-sqlite3 has a single connection, on which
 * TypeORM would turn a second concurrent transaction into a savepoint of the first; so on SQLite
 * transactions are queued and run one after another. PostgreSQL runs them side by side.
 *
 * A database that is unreachable or locked surfaces as `ServiceUnavailableError` (503). On SQLite a
 * transaction that finds the file locked by another process is rolled back and tried again after an
 * asynchronous pause, so the event loop keeps serving while it waits (decision 0014).
 */
@Injectable()
export class UnitOfWork {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly serialised: boolean;
  /** The last SQLite attempt found the file locked by another process. */
  private locked = false;

  constructor(private readonly dataSource: DataSource) {
    this.serialised = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>, options: RunOptions = {}): Promise<T> {
    if (!this.serialised) return this.transaction(work).catch(translate);
    // The wait is counted from arrival, so writes queued behind a locked one are not kept waiting longer.
    const deadline = Date.now() + (options.lockWaitMs ?? SQLITE_LOCK_WAIT_MS);
    const execute = () => this.runWhileLocked(work, deadline);
    const result = this.queue.then(execute, execute);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(manager));
  }

  private async runWhileLocked<T>(work: (manager: EntityManager) => Promise<T>, deadline: number): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      // Each attempt on a locked file blocks the event loop for up to the busy timeout: let requests in between.
      if (this.locked) await new Promise((resolve) => setImmediate(resolve));
      try {
        const result = await this.transaction(work);
        this.locked = false;
        return result;
      } catch (err) {
        if (databaseFault(err) !== 'locked') return translate(err);
        this.locked = true;
        // dataSource.transaction() has rolled back before rethrowing: nothing is held while we wait.
        const pause = SQLITE_BACKOFF_MS[Math.min(attempt, SQLITE_BACKOFF_MS.length - 1)];
        if (Date.now() + pause > deadline) throw databaseUnavailable('locked', err);
        await sleep(pause);
      }
    }
  }
}

/**
 * Two writers that slipped past the version check still lose cleanly, as a conflict; a database
 * that is unreachable or locked is a 503.
 */
function translate(err: unknown): never {
  const code = (err as { driverError?: { code?: string }; code?: string })?.driverError?.code ?? (err as { code?: string })?.code;
  if (code === PG_UNIQUE_VIOLATION || code === PG_SERIALIZATION_FAILURE || code === PG_DEADLOCK) {
    throw new ConflictError('plan.concurrentChange');
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    throw new ConflictError('plan.concurrentChange');
  }
  throw classifyDatabaseError(err);
}
