import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { ServiceUnavailableError } from '../common/errors';
import { Environment } from '../config/environment';
import { UnitOfWork } from '../database/unit-of-work';
import type { EventData, OutgoingEventType } from './event-catalogue';
import type { DispatchedEvent, OutboxConsumer } from './outbox.consumer';
import { OutboxEventEntity } from './outbox.entities';

/** Events handed on per transaction. */
const BATCH = 100;
/** After failed passes the next waits 2, 4, 8, then 16 poll intervals, and never longer than this. */
const MAX_BACKOFF_MS = 30_000;
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
export class OutboxDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private readonly consumers: OutboxConsumer[] = [];
  private interval: NodeJS.Timeout | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private next: Promise<number> | null = null;
  private stopped = false;
  private started = false;
  private failures = 0;
  private resumeAt = 0;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  register(consumer: OutboxConsumer): void {
    this.consumers.push(consumer);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    await this.dispatch();
    this.interval = setInterval(() => {
      if (Date.now() >= this.resumeAt) void this.dispatch();
    }, this.env.OUTBOX_POLL_INTERVAL_MS);
    this.interval.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.interval) clearInterval(this.interval);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    await this.running;
  }

  /** A commit wrote events: dispatch soon (after the commit; a pass that finds nothing costs one query). */
  wake(): void {
    if (!this.started || this.stopped || this.wakeTimer || Date.now() < this.resumeAt) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      void this.dispatch();
    }, WAKE_DELAY_MS);
    this.wakeTimer.unref();
  }

  /**
   * Hands on every event pending when called; resolves with how many went in the pass that did so.
   * Never rejects. A call during a pass waits for it and then runs one more (shared by every caller
   * that came meanwhile), so what was committed before the call is never left behind.
   */
  dispatch(): Promise<number> {
    if (this.running) {
      this.next ??= this.running.then(() => {
        this.next = null;
        return this.stopped ? 0 : this.dispatch();
      });
      return this.next;
    }
    this.running = this.drain()
      .then(
        (count) => this.succeeded(count),
        (err: unknown) => this.failed(err),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private succeeded(count: number): number {
    if (this.failures > 0) this.logger.log({ failedPasses: this.failures }, 'The outbox is dispatched again');
    this.failures = 0;
    this.resumeAt = 0;
    return count;
  }

  private failed(err: unknown): number {
    this.failures += 1;
    const pause = Math.min(MAX_BACKOFF_MS, this.env.OUTBOX_POLL_INTERVAL_MS * 2 ** Math.min(this.failures, 4));
    this.resumeAt = Date.now() + pause;
    const reason = err instanceof ServiceUnavailableError ? err.message : undefined;
    this.logger.warn({ err: reason ? undefined : err, reason, failedPasses: this.failures, nextPassInMs: pause }, 'Dispatching the outbox failed; trying again later');
    return 0;
  }

  private async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.unitOfWork.run((manager) => this.dispatchBatch(manager), { lockWaitMs: 0 });
      total += count;
      if (count > 0) for (const consumer of this.consumers) consumer.dispatched?.();
      if (count === 0 || this.stopped) return total;
    }
  }

  private async dispatchBatch(manager: EntityManager): Promise<number> {
    const rows = await this.claim(manager);
    if (rows.length === 0) return 0;
    const now = this.clock.now();
    const events: DispatchedEvent[] = rows.map((row) => ({
      id: row.id,
      position: row.position,
      planId: row.planId,
      organisationId: row.organisationId,
      type: row.type as OutgoingEventType,
      data: JSON.parse(row.data) as EventData,
      occurredAt: row.occurredAt,
    }));
    for (const consumer of this.consumers) await consumer.fanOut(manager, events);
    await manager
      .createQueryBuilder()
      .update(OutboxEventEntity)
      .set({ status: 'dispatched', dispatchedAt: now })
      .whereInIds(rows.map((r) => r.position))
      .execute();
    return rows.length;
  }

  /**
   * The oldest pending events. On PostgreSQL only the oldest pending event of each plan, locked with
   * SKIP LOCKED: another instance skips it and, seeing it still pending, every later one of its plan.
   * SQLite runs one transaction at a time, so it takes them in commit order.
   */
  private claim(manager: EntityManager): Promise<OutboxEventEntity[]> {
    const query = manager
      .createQueryBuilder(OutboxEventEntity, 'o')
      .where('o.status = :pending', { pending: 'pending' })
      .orderBy('o.position', 'ASC')
      .limit(BATCH);
    if (manager.connection.options.type === 'postgres') {
      query
        .andWhere('NOT EXISTS (SELECT 1 FROM outbox_events e WHERE e.plan_id = o.plan_id AND e.status = :pending AND e.position < o.position)')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked');
    }
    return query.getMany();
  }
}
