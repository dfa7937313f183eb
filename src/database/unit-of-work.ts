import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { ConflictError, DomainError } from '../common/errors';
import { classifyDatabaseError, databaseFault, databaseUnavailable } from './database-faults';
import type BetterSqlite3 from 'better-sqlite3';
import { PgGroupCommit } from './pg-group-commit';
import { pipelinedTransaction } from './pipeline';
import { abandon, beginOn, commitOn, rollbackOn, sqliteConnection } from './sqlite-statements';

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
  /**
   * PostgreSQL only: the row the unit changes under its lock (a plan's id). Units with different
   * keys that arrive together share one transaction (group commit, see PgGroupCommit); units with
   * the same key run one after another. Without it the unit runs in a transaction of its own.
   */
  groupKey?: string;
}

/** At most this many queued units share one SQLite transaction (group commit). */
export const GROUP_COMMIT_MAX_UNITS = 64;

interface QueuedUnit {
  work: (manager: EntityManager) => Promise<unknown>;
  /** When the unit stops waiting for another process's write lock (503). */
  deadline: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A unit's work failed for a reason of its own: it is rolled back to its savepoint and told, the batch goes on. */
class UnitFailed {
  constructor(readonly error: unknown) {}
}

/**
 * Runs work in one database transaction. PostgreSQL runs transactions side by side; units that
 * name the plan they change (`groupKey`) and arrive together share one (PgGroupCommit, decision 0030).
 *
 * SQLite has one writer and better-sqlite3 one connection, so units of work run one after another
 * (decision 0004) — and, to pay for one durable COMMIT (synchronous=FULL: an fsync) per batch rather
 * than per unit, with **group commit** (issue 16, decision 0026): the units that queued in one turn of
 * the event loop, or while a batch was in flight, run next in one transaction, each inside a savepoint
 * of its own. A unit that fails is rolled back to its savepoint and gets its own error at once; the
 * others go on. Each unit that succeeded is acknowledged only after the shared COMMIT has returned,
 * so nothing is acknowledged that is not on disk. A unit reads what the units before it in the batch
 * wrote, exactly as it would had they committed one by one before it.
 *
 * A database that is unreachable or locked surfaces as `ServiceUnavailableError` (503). A batch that
 * finds the file locked by another process is rolled back as a whole and tried again after an
 * asynchronous pause, so the event loop keeps serving while it waits (decision 0014); each unit stops
 * waiting at its own deadline, counted from its arrival.
 */
@Injectable()
export class UnitOfWork {
  private readonly serialised: boolean;
  private readonly queued: QueuedUnit[] = [];
  private draining = false;
  /** The last SQLite attempt found the file locked by another process. */
  private locked = false;

  /** PostgreSQL's group commit, when the pool's clients run in pipeline mode. */
  private readonly group?: PgGroupCommit;

  constructor(private readonly dataSource: DataSource) {
    this.serialised = dataSource.options.type === 'better-sqlite3';
    if (this.serialised) keepStatementJournalsInMemory(dataSource);
    const extra = (dataSource.options as { extra?: { pipeline?: boolean } }).extra;
    if (!this.serialised && extra?.pipeline === true)
      this.group = new PgGroupCommit(dataSource, { alone: (work) => this.alone(work), translate: toDomainError });
  }

  run<T>(work: (manager: EntityManager) => Promise<T>, options: RunOptions = {}): Promise<T> {
    if (!this.serialised) return this.group && options.groupKey !== undefined ? this.group.run(options.groupKey, work) : this.alone(work);
    return new Promise<T>((resolve, reject) => {
      // The wait is counted from arrival, so writes queued behind a locked one are not kept waiting longer.
      this.queued.push({ work, deadline: Date.now() + (options.lockWaitMs ?? SQLITE_LOCK_WAIT_MS), resolve: resolve as (value: unknown) => void, reject });
      // Not awaited: the caller waits on its own unit's promise. drain() never rejects; a batch that
      // throws rejects its units instead.
      if (!this.draining) void this.drain();
    });
  }

  /** A PostgreSQL transaction of the unit's own; its errors as the API answers them. */
  private alone<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return pipelinedTransaction(this.dataSource, work).catch(translate);
  }

  /**
   * Runs batches while units wait; one drain at a time. Before it takes a batch it lets the event
   * loop finish its turn: the requests whose bytes arrived together are read in one poll phase, and
   * each runs up to its unit without leaving the microtask queue (the driver is synchronous). Taken
   * at once, the first unit would run through its COMMIT before the next socket is even read, and
   * every batch would hold one unit. The wait is one turn, not a timer: a lone unit starts as soon
   * as the loop has nothing else ready.
   */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queued.length > 0) {
        await nextTurn();
        const batch = this.queued.splice(0, GROUP_COMMIT_MAX_UNITS);
        // runBatch settles every unit itself; should it ever throw, nobody is left waiting.
        await this.runBatch(batch).catch((err: unknown) => batch.forEach((unit) => unit.reject(toDomainError(err))));
      }
    } finally {
      this.draining = false;
    }
  }

  private async runBatch(units: QueuedUnit[]): Promise<void> {
    for (let attempt = 0; units.length > 0; attempt += 1) {
      // Each attempt on a locked file blocks the event loop for up to the busy timeout: let requests in between.
      if (this.locked) await new Promise((resolve) => setImmediate(resolve));
      let outcome: { done: true } | { lockedBy: unknown };
      try {
        outcome = await this.attempt(units);
      } catch (err) {
        // The database failed the batch as a whole (unreachable, COMMIT refused): nobody is acknowledged.
        const error = toDomainError(err);
        for (const unit of units) unit.reject(error);
        return;
      }
      if ('done' in outcome) {
        this.locked = false;
        return;
      }
      this.locked = true;
      const pause = SQLITE_BACKOFF_MS[Math.min(attempt, SQLITE_BACKOFF_MS.length - 1)];
      const stillWaiting: QueuedUnit[] = [];
      for (const unit of units) {
        if (Date.now() + pause > unit.deadline) unit.reject(databaseUnavailable('locked', outcome.lockedBy));
        else stillWaiting.push(unit);
      }
      units = stillWaiting;
      if (units.length > 0) await sleep(pause);
    }
  }

  /**
   * One transaction for the batch. Units that fail are removed from `units` (and told); when another
   * process holds the write lock the whole batch is rolled back and `lockedBy` returned for a retry.
   */
  private async attempt(units: QueuedUnit[]): Promise<{ done: true } | { lockedBy: unknown }> {
    const runner = this.dataSource.createQueryRunner();
    const db = sqliteConnection(this.dataSource);
    if (!db) throw new Error('The SQLite connection is not open');
    const succeeded: Array<{ unit: QueuedUnit; value: unknown }> = [];
    try {
      beginOn(db, runner);
    } catch (err) {
      if (databaseFault(err) === 'locked') return { lockedBy: err };
      throw err;
    }
    try {
      for (const unit of [...units]) {
        const result = await this.inSavepoint(db, runner, unit);
        if (result instanceof UnitFailed) {
          if (databaseFault(result.error) === 'locked') throw new LockedDuringBatch(result.error);
          units.splice(units.indexOf(unit), 1);
          unit.reject(toDomainError(result.error));
        } else {
          succeeded.push({ unit, value: result.value });
        }
      }
      commitOn(db, runner);
    } catch (err) {
      abandon(db, runner);
      const cause = err instanceof LockedDuringBatch ? err.cause : err;
      if (databaseFault(cause) === 'locked') return { lockedBy: cause };
      throw cause;
    }
    // Durable now: only after the shared COMMIT is each unit acknowledged.
    for (const { unit, value } of succeeded) unit.resolve(value);
    units.length = 0;
    return { done: true };
  }

  /**
   * Runs one unit inside its own savepoint; its failure undoes only its own writes. BEGIN, the
   * savepoints and COMMIT go to better-sqlite3 directly, TypeORM's runner told as its own methods
   * would tell it (see sqlite-statements.ts).
   */
  private async inSavepoint(db: BetterSqlite3.Database, runner: QueryRunner, unit: QueuedUnit): Promise<{ value: unknown } | UnitFailed> {
    beginOn(db, runner);
    try {
      const value = await unit.work(runner.manager);
      commitOn(db, runner);
      return { value };
    } catch (err) {
      rollbackOn(db, runner);
      return new UnitFailed(err);
    }
  }
}

/**
 * Each unit of a batch runs in a savepoint, and SQLite keeps what a savepoint (and each statement
 * inside it) would need to undo, the pages changed as they were, in a statement journal. Past 64 KiB
 * that journal spills into a temporary file of its own, created, written (two `pwrite`s a page) and
 * deleted on the event loop. With the default, 34 of 200 transitions run one at a time and a quarter
 * of the batches under load spilled, and 17 of every 27 `pwrite` calls of the app went to such files
 * (decision 0028, session 16). In memory the journal costs a unit the pages it changes, until its
 * savepoint is released.
 *
 * Set once the data source is up, so after the migrations: a migration's statement that rewrites a
 * whole table still journals to a file, not to memory. `temp_store` also keeps SQLite's other
 * temporary storage in memory: the app's sorts follow indexes, and what it groups (a portfolio's
 * stages, owners and goals) is small whatever the size of the database.
 */
function keepStatementJournalsInMemory(dataSource: DataSource): void {
  sqliteConnection(dataSource)?.pragma('temp_store = MEMORY');
}

/** Another process's write lock met in the middle of a batch: the batch is rolled back and tried again. */
class LockedDuringBatch extends Error {
  constructor(override readonly cause: unknown) {
    super('The SQLite file is locked by another process');
  }
}

/** A unit's own error as the API answers it: domain errors as they are, database errors translated. */
function toDomainError(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  try {
    return translate(err);
  } catch (translated) {
    return translated;
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
