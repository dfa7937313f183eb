import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ConflictError, DomainError, ServiceUnavailableError } from '../common/errors';
import { Environment } from '../config/environment';
import { UnitOfWork } from '../database/unit-of-work';
import { EngineService, SYSTEM_ACTOR } from './engine.service';
import { TimerService } from './timer.service';

const MAX_ATTEMPTS = 5;
/** Another instance firing a timer of the same plan makes ours lose the version check; try again soon. */
const MAX_CONSECUTIVE_CONFLICTS = 50;
/** After failed polls the next waits 2, 4, 8, then 16 poll intervals, and never longer than this. */
const MAX_BACKOFF_MS = 30_000;

/**
 * Fires due timers through the engine's normal path as the `system` actor. Runs once at start, so
 * a deadline that passed while the service was down fires then, and every poll interval after.
 *
 * A poll never throws: when the database is unreachable or locked (or anything else fails, even
 * counting a timer's failed attempt) it logs, waits longer before the next poll, and tries again.
 * Only a timer whose own event fails is counted against it; a database fault costs it no attempt.
 */
@Injectable()
export class TimerPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TimerPoller.name);
  private interval: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  /** Polls that failed in a row, and when the interval may poll again. */
  private failures = 0;
  private resumeAt = 0;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly timers: TimerService,
    private readonly engine: EngineService,
    private readonly clock: Clock,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runDue();
    if (this.env.TIMER_POLL_INTERVAL_MS > 0) {
      this.interval = setInterval(() => {
        if (Date.now() >= this.resumeAt) void this.runDue();
      }, this.env.TIMER_POLL_INTERVAL_MS);
      this.interval.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    await this.running;
  }

  /** Fires every timer due now, one transaction each; returns how many were settled. Never rejects. */
  runDue(): Promise<number> {
    this.running ??= this.drain()
      .then(
        (settled) => this.succeeded(settled),
        (err: unknown) => this.failed(err),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private succeeded(settled: number): number {
    if (this.failures > 0) this.logger.log({ failedPolls: this.failures }, 'Timers are polled again');
    this.failures = 0;
    this.resumeAt = 0;
    return settled;
  }

  private failed(err: unknown): number {
    this.failures += 1;
    const interval = Math.max(this.env.TIMER_POLL_INTERVAL_MS, 1);
    const pause = Math.min(MAX_BACKOFF_MS, interval * 2 ** Math.min(this.failures, 4));
    this.resumeAt = Date.now() + pause;
    const reason = err instanceof ServiceUnavailableError ? err.message : undefined;
    this.logger.warn({ err: reason ? undefined : err, reason, failedPolls: this.failures, nextPollInMs: pause }, 'Polling timers failed; trying again later');
    return 0;
  }

  private async drain(): Promise<number> {
    let settled = 0;
    let conflicts = 0;
    for (;;) {
      const outcome = await this.fireNext();
      if (outcome === 'none' || outcome === 'failed') return settled;
      if (outcome === 'conflict') {
        if (++conflicts >= MAX_CONSECUTIVE_CONFLICTS) return settled;
        continue;
      }
      conflicts = 0;
      settled += 1;
    }
  }

  private async fireNext(): Promise<'none' | 'settled' | 'conflict' | 'failed'> {
    let claimedId: string | null = null;
    try {
      // On a locked SQLite file one attempt is enough: the poll backs off by itself.
      return await this.unitOfWork.run(async (manager) => {
        const now = this.clock.now();
        const timer = await this.timers.claimNext(manager, now);
        if (!timer) return 'none';
        claimedId = timer.id;
        if (timer.kind === 'reminder') {
          const { fired, outcome } = await this.timers.fireReminder(manager, timer, now);
          await this.timers.settle(manager, timer, fired ? 'fired' : 'void', outcome, now);
          return 'settled';
        }
        try {
          await this.engine.execute(manager, timer.planId, { type: timer.eventType, payload: JSON.parse(timer.payload) }, SYSTEM_ACTOR);
          await this.timers.settle(manager, timer, 'fired', 'Fired.', now);
        } catch (err) {
          // A conflicting command won the plan: leave the timer pending and fire it on the next poll.
          // A database fault is no refusal either: the whole poll is tried again later.
          if (err instanceof ConflictError || err instanceof ServiceUnavailableError || !(err instanceof DomainError)) throw err;
          await this.timers.settle(manager, timer, 'void', `Refused by the workflow: ${err.message}`, now);
        }
        await this.timers.refreshNextDeadline(manager, timer.planId);
        return 'settled';
      }, { lockWaitMs: 0 });
    } catch (err) {
      if (err instanceof ConflictError) return 'conflict';
      // Not the timer's fault: the whole poll is tried again later.
      if (claimedId === null || err instanceof ServiceUnavailableError) throw err;
      const id: string = claimedId;
      this.logger.warn({ err, timerId: id }, 'Timer did not fire; it will be retried');
      await this.unitOfWork.run((manager) => this.timers.recordFailure(manager, id, String(err), this.clock.now(), MAX_ATTEMPTS), { lockWaitMs: 0 });
      return 'failed';
    }
  }
}
