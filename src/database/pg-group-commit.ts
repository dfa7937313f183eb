import type { DataSource, EntityManager } from 'typeorm';
import { pipelinedBatch } from './pipeline';

/** At most this many units share one PostgreSQL transaction. */
export const PG_GROUP_COMMIT_MAX_UNITS = 32;

/**
 * At most this many batches run at once, each on a pooled connection of its own; units that arrive
 * meanwhile wait for the next. Two keep the app busy (one batch's reads are on their way while the
 * other's COMMIT is) and leave the rest of the pool to units without a key. Measured on the 2-core
 * machine (decision 0030): one batch at a time 1,671/s, two 2,098/s, no bound 1,967/s.
 */
export const PG_GROUP_COMMIT_MAX_BATCHES = 2;

/**
 * While a batch runs, a second one starts only once this many units wait for it; fewer wait for a
 * running batch to end and then go together. Under a steady, moderate load (the benchmark's paced
 * run) a unit that found one batch running used to start another at once, alone or nearly: each
 * small batch paid a batch's fixed cost (a pooled connection, two socket writes, two answers, a
 * COMMIT) for one or two units. Under saturation units wait by the dozen, and both batches run as
 * before. Measured side by side on PostgreSQL (decision 0030, session 23): paced at 1,400/s the
 * main thread's CPU per answer 0.517 against 0.559 ms (6 of 6 pairs), the p99 31.1 against 37.9 ms
 * (5 of 6), the p50 unchanged; saturated 2,331 against 2,240/s (5 of 6).
 */
export const PG_GROUP_COMMIT_SECOND_BATCH_UNITS = 6;

/**
 * ... or once the running batch has taken this long, however few wait: a batch held up (a unit
 * waiting for a row lock another instance holds, a slow server) does not hold up the units behind
 * it for longer. A batch takes a few milliseconds at the benchmark's rates.
 */
export const PG_GROUP_COMMIT_SECOND_BATCH_AFTER_MS = 20;

interface PendingUnit {
  key: string;
  work: (manager: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitPaths {
  /** How a unit runs on its own: a pipelined transaction of its own, its errors as the API answers them. */
  alone: (work: (manager: EntityManager) => Promise<unknown>) => Promise<unknown>;
  /** A batch's error as the API answers it, for every unit of the batch. */
  translate: (error: unknown) => unknown;
}

/**
 * Group commit on PostgreSQL (issue 16): commands on different plans that arrive in the same turn
 * of the event loop run in one transaction, on one pooled connection, their statements pipelined.
 *
 * Each command alone costs the app two socket writes and two answers to read (the plan's read under
 * its lock, then the writes with COMMIT), a pooled connection taken and given back, and the server a
 * COMMIT with its WAL flush. A batch pays those once: every unit's reads leave in the batch's first
 * socket write, every unit's writes and the one COMMIT in its second.
 *
 * What keeps a batch equivalent to its units run one by one:
 * - **One key, one unit in flight.** A unit names the row it changes (the plan's id). Two units with
 *   the same key never share a batch, and a unit whose key is in a batch still running waits for the
 *   next: on one plan, commands run one after another, as the row lock would order them.
 * - **Locks in one order.** A batch's units start in the order of their keys, so its reads take the
 *   plans' row locks in ascending order. Batches of this instance never share a plan; two instances'
 *   batches take their common plans in the same order, so neither can hold one the other waits for
 *   while it waits for one the other holds.
 * - **All or nothing, then one by one.** The units run side by side without savepoints (their
 *   statements interleave on the connection). If every unit succeeds, the one COMMIT makes them
 *   durable together, and each is answered after it. If any unit fails, for a reason of its own
 *   (a refused event, a conflict) or the database's, the whole transaction is rolled back and every
 *   unit of the batch runs again alone, as it would have without group commit: a unit that fails
 *   fails alone, with its own error, and the others commit. Only a connection lost after COMMIT
 *   has left is not tried again: it does not say whether COMMIT was applied, and a unit must not be
 *   applied twice; every unit of the batch is answered 503, as a unit alone would be.
 * - A batch of one unit runs in a transaction of its own, exactly as before: at low load nothing
 *   changes but the wait for the end of the turn.
 * - At most PG_GROUP_COMMIT_MAX_BATCHES batches run at once, the second only once
 *   PG_GROUP_COMMIT_SECOND_BATCH_UNITS units wait for it or the first has run for
 *   PG_GROUP_COMMIT_SECOND_BATCH_AFTER_MS; the units that arrive while they run make the next batch.
 *
 * Units without a key (creating a plan, the dialogue, timers) run alone as before.
 */
export class PgGroupCommit {
  private readonly queued: PendingUnit[] = [];
  /** Keys of the units in batches still running. */
  private readonly busy = new Set<string>();
  private scheduled = false;
  /** When each running batch started (performance.now()), oldest first: one entry per running batch. */
  private readonly startedAt: number[] = [];
  /** A timer that looks again once the running batch has taken PG_GROUP_COMMIT_SECOND_BATCH_AFTER_MS. */
  private recheck?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly paths: GroupCommitPaths,
    /** How long a running batch holds fewer than PG_GROUP_COMMIT_SECOND_BATCH_UNITS units back (tests lengthen it). */
    readonly secondBatchAfterMs = PG_GROUP_COMMIT_SECOND_BATCH_AFTER_MS,
  ) {}

  run<T>(key: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ key, work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /**
   * Takes a batch once the event loop has finished its turn: the requests whose bytes arrived
   * together have all reached their unit by then (as on SQLite, see UnitOfWork.drain).
   */
  private schedule(): void {
    const running = this.startedAt.length;
    if (this.scheduled || running >= PG_GROUP_COMMIT_MAX_BATCHES || !this.enoughWaitFor(1)) return;
    if (running > 0 && !this.enoughWaitFor(PG_GROUP_COMMIT_SECOND_BATCH_UNITS)) {
      const left = this.startedAt[0] + this.secondBatchAfterMs - performance.now();
      if (left > 0) {
        this.recheck ??= setTimeout(() => {
          this.recheck = undefined;
          this.schedule();
        }, Math.ceil(left));
        return;
      }
    }
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** At least `n` queued units could share a batch now: on keys of their own, in no batch running. */
  private enoughWaitFor(n: number): boolean {
    const keys = new Set<string>();
    for (const unit of this.queued) {
      if (!this.busy.has(unit.key)) keys.add(unit.key);
      if (keys.size >= n) return true;
    }
    return false;
  }

  private flush(): void {
    const batch: PendingUnit[] = [];
    const keys = new Set<string>();
    const waiting: PendingUnit[] = [];
    for (const unit of this.queued) {
      if (batch.length < PG_GROUP_COMMIT_MAX_UNITS && !this.busy.has(unit.key) && !keys.has(unit.key)) {
        batch.push(unit);
        keys.add(unit.key);
      } else waiting.push(unit);
    }
    this.queued.splice(0, this.queued.length, ...waiting);
    if (batch.length === 0) return;
    for (const key of keys) this.busy.add(key);
    const started = performance.now();
    this.startedAt.push(started);
    void this.runBatch(batch).finally(() => {
      this.startedAt.splice(this.startedAt.indexOf(started), 1);
      for (const key of keys) this.busy.delete(key);
      this.schedule();
    });
    // Units beyond the batch's size, on other plans: another batch, on another pooled connection.
    this.schedule();
  }

  /** Settles every unit of the batch; never rejects. */
  private async runBatch(batch: PendingUnit[]): Promise<void> {
    if (batch.length === 1) return this.runAlone(batch[0]);
    batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let values: unknown[] | null;
    try {
      values = await pipelinedBatch(
        this.dataSource,
        batch.map((unit) => unit.work),
      );
    } catch (err) {
      // The connection was lost after COMMIT had left: no unit runs again.
      const error = this.paths.translate(err);
      for (const unit of batch) unit.reject(error);
      return;
    }
    if (values) {
      batch.forEach((unit, i) => unit.resolve(values[i]));
      return;
    }
    // Rolled back as a whole: each unit again, alone, as it would have run without group commit.
    await Promise.all(batch.map((unit) => this.runAlone(unit)));
  }

  private runAlone(unit: PendingUnit): Promise<void> {
    return this.paths.alone(unit.work).then(unit.resolve, unit.reject);
  }
}
