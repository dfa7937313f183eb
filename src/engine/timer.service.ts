import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProcurementPlanEntity } from './procurement-plan.entity';
import { TimerEntity, type TimerStatus } from './timer.entity';

/** What pure `transition()` returns for `raise(…, { delay, id })` and `cancel(id)`. */
interface MachineAction {
  type: string;
  params?: unknown;
}

interface RaiseParams {
  event: { type: string; payload?: unknown };
  id?: string;
  delay?: number;
}

/**
 * Turns the machine's delayed events into durable rows and claims them when due. Rows are written
 * with the caller's transaction, so a timer exists exactly when the state change that set it does.
 */
/** Fires a due reminder (the outbox module's) in the poller's transaction. */
export type ReminderHandler = (manager: EntityManager, timer: TimerEntity, now: Date) => Promise<{ fired: boolean; outcome: string }>;

@Injectable()
export class TimerService {
  private reminderHandler: ReminderHandler | null = null;

  /** The outbox module handles timers of kind `reminder` (decision 0021). */
  handleReminders(handler: ReminderHandler): void {
    this.reminderHandler = handler;
  }

  async fireReminder(manager: EntityManager, timer: TimerEntity, now: Date): Promise<{ fired: boolean; outcome: string }> {
    if (!this.reminderHandler) return { fired: false, outcome: 'No reminder handler is installed.' };
    return this.reminderHandler(manager, timer, now);
  }

  /** Cancels a pending reminder of a plan by its key, or every one with `null`. */
  async cancelReminder(manager: EntityManager, planId: string, key: string | null, at: Date, outcome: string): Promise<void> {
    await manager.update(
      TimerEntity,
      { planId, ...(key === null ? {} : { key }), kind: 'reminder', status: 'pending' },
      { status: 'cancelled', settledAt: at, outcome },
    );
  }

  async hasPending(manager: EntityManager, planId: string, key: string): Promise<boolean> {
    return (await manager.count(TimerEntity, { where: { planId, key, status: 'pending' } })) > 0;
  }
  /** Cancels the plan's pending workflow timer `key` (the machine's id for it); returns how many rows changed. */
  async cancel(manager: EntityManager, planId: string, key: string, at: Date, cause: string): Promise<number> {
    const result = await manager.update(
      TimerEntity,
      { planId, key, kind: 'workflow', status: 'pending' },
      { status: 'cancelled', settledAt: at, outcome: `Cancelled by ${cause}.` },
    );
    return result.affected ?? 0;
  }

  /** Schedules delayed raises and cancels cancelled ids; returns how many rows changed. */
  async apply(manager: EntityManager, planId: string, actions: readonly MachineAction[], at: Date, cause: string): Promise<number> {
    let changed = 0;
    for (const action of actions) {
      if (action.type === 'xstate.cancel') {
        changed += await this.cancel(manager, planId, (action.params as { sendId: string }).sendId, at, cause);
      } else if (action.type === 'xstate.raise') {
        const params = action.params as RaiseParams;
        if (params.delay === undefined) continue;
        await manager.insert(TimerEntity, {
          id: randomUUID(),
          planId,
          key: params.id ?? randomUUID(),
          kind: 'workflow',
          eventType: params.event.type,
          payload: JSON.stringify(params.event.payload ?? {}),
          dueAt: new Date(at.getTime() + params.delay),
          status: 'pending',
          attempts: 0,
          scheduledAt: at,
          settledAt: null,
          outcome: null,
        });
        changed += 1;
      }
    }
    return changed;
  }

  /** After a timer settles, the plan's next deadline is the earliest still pending. */
  async refreshNextDeadline(manager: EntityManager, planId: string): Promise<void> {
    await manager.update(ProcurementPlanEntity, { id: planId }, { nextDeadlineAt: await this.nextDeadline(manager, planId) });
  }

  async nextDeadline(manager: EntityManager, planId: string): Promise<Date | null> {
    const next = await manager.findOne(TimerEntity, { where: { planId, kind: 'workflow', status: 'pending' }, order: { dueAt: 'ASC' } });
    return next?.dueAt ?? null;
  }

  /**
   * Locks the earliest due timer for this transaction. On PostgreSQL `FOR UPDATE SKIP LOCKED` lets
   * several instances poll at once and each timer is claimed by exactly one; SQLite has one writer.
   */
  async claimNext(manager: EntityManager, now: Date): Promise<TimerEntity | null> {
    const query = manager
      .createQueryBuilder(TimerEntity, 't')
      .where('t.status = :status', { status: 'pending' })
      .andWhere('t.due_at <= :now', { now })
      .orderBy('t.due_at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .limit(1);
    if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write').setOnLocked('skip_locked');
    return query.getOne();
  }

  async settle(manager: EntityManager, timer: TimerEntity, status: TimerStatus, outcome: string, at: Date): Promise<void> {
    await manager.update(TimerEntity, { id: timer.id }, { status, outcome, settledAt: at, attempts: timer.attempts + 1 });
  }

  /** Counts a failed attempt outside the failed transaction; after `maxAttempts` the timer stops. */
  async recordFailure(manager: EntityManager, timerId: string, error: string, at: Date, maxAttempts: number): Promise<void> {
    const timer = await manager.findOne(TimerEntity, { where: { id: timerId } });
    if (!timer || timer.status !== 'pending') return;
    const attempts = timer.attempts + 1;
    await manager.update(
      TimerEntity,
      { id: timerId },
      attempts >= maxAttempts ? { attempts, status: 'failed', settledAt: at, outcome: error } : { attempts, outcome: error },
    );
  }
}
