import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { Clock } from '../common/clock';
import { BackgroundPass } from '../common/background-pass';
import { rawDate } from '../common/sql';
import { Environment } from '../config/environment';
import { read, write } from '../database/pipeline';
import { UnitOfWork } from '../database/unit-of-work';
import type { EventData, OutgoingEventType } from './event-catalogue';
import type { DispatchedEvent, OutboxConsumer } from './outbox.consumer';
import { OutboxEventEntity } from './outbox.entities';

/** Events handed on per transaction. */
const BATCH = 100;
/**
 * A commit wakes the dispatcher this soon: the events of the commits meanwhile go in one pass, one
 * transaction (on SQLite one durable commit) for all of them rather than one per change.
 */
const WAKE_DELAY_MS = 50;

/**
 * Hands committed outbox events to the consumers (webhooks, e-mail), at least once and in commit
 * order per plan. Each pass claims the oldest pending event of each plan — on PostgreSQL with
 * `FOR UPDATE SKIP LOCKED`, and never an event while an older one of its plan is pending — so
 * several instances share the work and a plan's events are handed on one after the other. The
 * consumers write their delivery rows in the same transaction that marks the events dispatched.
 *
 * A commit wakes it; it also polls every OUTBOX_POLL_INTERVAL_MS (and once at start, for what was
 * committed before a crash). A pass never throws: a database fault backs off like the timers do.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private readonly consumers: OutboxConsumer[] = [];
  private readonly passes: BackgroundPass;
  /** The `dispatched_at` column, whose metadata converts a Date as TypeORM stores it on the driver. */
  private dispatchedAt?: ColumnMetadata;
  /** dispatch() was called: the next pass claims until nothing is pending. */
  private untilEmpty = false;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(Environment) private readonly env: Environment,
  ) {
    this.passes = new BackgroundPass(() => this.drain(), {
      logger: this.logger,
      intervalMs: env.OUTBOX_POLL_INTERVAL_MS,
      wakeDelayMs: WAKE_DELAY_MS,
      resumed: 'The outbox is dispatched again',
      failed: 'Dispatching the outbox failed; trying again later',
    });
  }

  register(consumer: OutboxConsumer): void {
    this.consumers.push(consumer);
  }

  async onApplicationBootstrap(): Promise<void> {
    // OUTBOX_POLL_INTERVAL_MS 0: never started, so neither polled nor woken; only dispatch() runs a pass.
    if (this.env.OUTBOX_POLL_INTERVAL_MS === 0) return;
    await this.passes.start();
  }

  /** Before the database closes (TypeORM closes it on application shutdown): a pass under way ends first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.passes.stop();
  }

  /** A commit wrote events: dispatch soon (after the commit; a pass that finds nothing costs one query). */
  wake(): void {
    this.passes.wake();
  }

  /**
   * Hands on every event pending when called; resolves with how many went in the pass that did so.
   * Never rejects. A call during a pass waits for it and then runs one more, so what was committed
   * before the call is never left behind.
   */
  dispatch(): Promise<number> {
    this.untilEmpty = true;
    return this.passes.run();
  }

  /**
   * One pass. A woken or polled pass claims again at once only while a claim left events it could
   * have taken: a full batch, or on PostgreSQL a later pending event of a plan it claimed (a claim
   * takes each plan's oldest only). Otherwise the pass ends and wakes the dispatcher, so what was
   * committed meanwhile goes in the next pass, WAKE_DELAY_MS later, with the rest of the burst
   * (issue 16, session 17). Claiming again after every claim never ended under steady load: each
   * found the few events committed during the previous one's batch, about 3 at 900 transitions/s,
   * and the pass's fixed cost (the claim, the consumers' reads, the sender's wake-up) was paid some
   * 300 times a second. A pass of dispatch() claims until nothing is pending.
   */
  private async drain(): Promise<number> {
    const untilEmpty = this.untilEmpty;
    this.untilEmpty = false;
    let total = 0;
    for (;;) {
      const { count, more } = await this.unitOfWork.run((manager) => this.dispatchBatch(manager), { lockWaitMs: 0 });
      total += count;
      if (count > 0) for (const consumer of this.consumers) consumer.dispatched?.();
      if (count === 0 || this.passes.isStopped) return total;
      if (!more && !untilEmpty) {
        this.passes.wake();
        return total;
      }
    }
  }

  /** Hands on one claim's events; `more`: the claim left pending events it could have taken. */
  private async dispatchBatch(manager: EntityManager): Promise<{ count: number; more: boolean }> {
    const rows = await this.claim(manager);
    if (rows.length === 0) return { count: 0, more: false };
    const now = this.clock.now();
    const events: DispatchedEvent[] = rows.map((row) => ({
      id: row.id,
      position: Number(row.position),
      planId: row.plan_id,
      organisationId: row.organisation_id,
      type: row.type as OutgoingEventType,
      data: JSON.parse(row.data) as EventData,
      occurredAt: rawDate(row.occurred_at)!,
    }));
    for (const consumer of this.consumers) await consumer.fanOut(manager, events);
    await write(manager, dispatchStatements(manager).markDispatched, [
      manager.connection.driver.preparePersistentValue(now, this.dispatchedAtColumn(manager)),
      postgres(manager) ? events.map((e) => e.position) : JSON.stringify(events.map((e) => e.position)),
    ]);
    return { count: rows.length, more: rows.length === BATCH || rows.some((row) => row.more === true) };
  }

  /**
   * The oldest pending events. On PostgreSQL only the oldest pending event of each plan, locked with
   * SKIP LOCKED: another instance skips it and, seeing it still pending, every later one of its plan.
   * SQLite runs one transaction at a time, so it takes them in commit order.
   */
  private claim(manager: EntityManager): Promise<RawOutboxRow[]> {
    // Raw rows: the pass only reads them once, and hydrating entities was most of its cost.
    // Planned at every pass: the table grows from empty, and a plan kept from then scans it whole (see POSTGRES_STATEMENTS).
    return read<RawOutboxRow>(manager, dispatchStatements(manager).claim, [], true);
  }

  private dispatchedAtColumn(manager: EntityManager): ColumnMetadata {
    return (this.dispatchedAt ??= manager.connection.getMetadata(OutboxEventEntity).findColumnWithPropertyName('dispatchedAt')!);
  }
}

const postgres = (manager: EntityManager) => manager.connection.options.type === 'postgres';

/**
 * A pass's statements, one text each whatever the number of events (issue 16). The query builder's
 * `whereInIds` wrote a new text for every batch size: each pass then built its SQL anew and prepared a
 * statement SQLite had not seen (up to 14 ms on the event loop in the paced bench), and the new texts
 * pushed the statements other code reuses out of TypeORM's cache of 100. The positions go as one
 * parameter: a JSON array that SQLite's `json_each` reads, an integer array on PostgreSQL.
 */
export interface DispatchStatements {
  /**
   * The oldest pending events (on PostgreSQL each plan's oldest only, locked); no parameter. The status
   * is a literal: the partial indexes over pending events serve only a query that names it
   * (migration PendingOutboxIndexes1765612800000).
   */
  claim: string;
  /** The claimed events dispatched: when, and their positions. */
  markDispatched: string;
}

export function dispatchStatements(manager: EntityManager): DispatchStatements {
  return postgres(manager) ? POSTGRES_STATEMENTS : SQLITE_STATEMENTS;
}

const CLAIMED_COLUMNS =
  'o.position AS position, o.id AS id, o.plan_id AS plan_id, o.organisation_id AS organisation_id, o.type AS type, o.data AS data, o.occurred_at AS occurred_at';

const SQLITE_STATEMENTS: DispatchStatements = {
  claim: `SELECT ${CLAIMED_COLUMNS} FROM outbox_events o WHERE o.status = 'pending' ORDER BY o.position ASC LIMIT ${BATCH}`,
  markDispatched: `UPDATE outbox_events SET status = 'dispatched', dispatched_at = ? WHERE position IN (SELECT value FROM json_each(?))`,
};

/**
 * PostgreSQL's claim: each pending event that is the oldest pending one of its plan, found by one
 * probe of `ix_outbox_plan_pending` per event (a scalar subquery with LIMIT 1), and whether its plan
 * has a later pending event (`more`, one more probe), for which the pass claims again at once.
 *
 * It is planned at every pass, not prepared once per connection: a prepared statement keeps its
 * plan until the table's statistics change, and the first pass runs on a nearly empty table. Kept
 * from then, plans read the whole table, and for each event read it again: `NOT EXISTS (an older
 * pending event of the plan)` as an anti-join took 330 ms for 100 events out of 10,000 pending, and
 * this text, planned on a table whose statistics said it was empty, took 50 to 150 ms at 5,000
 * events (two sequential scans, seen with auto_explain while the bench created its plans), where
 * the index plan takes 0.3 ms.
 */
const POSTGRES_STATEMENTS: DispatchStatements = {
  claim:
    `SELECT ${CLAIMED_COLUMNS}, EXISTS (SELECT 1 FROM outbox_events m WHERE m.plan_id = o.plan_id AND m.status = 'pending' AND m.position > o.position) AS more` +
    " FROM outbox_events o WHERE o.status = 'pending'" +
    " AND o.position = (SELECT e.position FROM outbox_events e WHERE e.plan_id = o.plan_id AND e.status = 'pending' ORDER BY e.position LIMIT 1)" +
    ` ORDER BY o.position ASC LIMIT ${BATCH} FOR UPDATE OF o SKIP LOCKED`,
  markDispatched: `UPDATE outbox_events SET status = 'dispatched', dispatched_at = $1 WHERE position = ANY($2::integer[])`,
};

interface RawOutboxRow {
  position: number | string;
  id: string;
  plan_id: string;
  organisation_id: string;
  type: string;
  data: string;
  occurred_at: string | Date;
  /** PostgreSQL only: the plan has a later pending event. */
  more?: boolean;
}
