import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { BackgroundPass } from '../common/background-pass';
import { Clock } from '../common/clock';
import { ConflictError, DomainError, ServiceUnavailableError } from '../common/errors';
import { Environment } from '../config/environment';
import { UnitOfWork } from '../database/unit-of-work';
import { EngineService, SYSTEM_ACTOR } from './engine.service';
import { TimerService } from './timer.service';

const MAX_ATTEMPTS = 5;
/** Another instance firing a timer of the same plan makes ours lose the version check; try again soon. */
const MAX_CONSECUTIVE_CONFLICTS = 50;

/**
 * Fires due timers through the engine's normal path as the `system` actor. Runs once at start, so
 * a deadline that passed while the service was down fires then, and every poll interval after.
 *
 * A poll never throws: when the database is unreachable or locked (or anything else fails, even
 * counting a timer's failed attempt) it logs, waits longer before the next poll, and tries again.
 * Only a timer whose own event fails is counted against it; a database fault costs it no attempt.
 */
@Injectable()
export class TimerPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TimerPoller.name);
  private readonly passes: BackgroundPass;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly timers: TimerService,
    private readonly engine: EngineService,
    private readonly clock: Clock,
    @Inject(Environment) env: Environment,
  ) {
    this.passes = new BackgroundPass(() => this.drain(), {
      logger: this.logger,
      intervalMs: env.TIMER_POLL_INTERVAL_MS,
      wakeDelayMs: 0,
      resumed: 'Timers are polled again',
      failed: 'Polling timers failed; trying again later',
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.passes.start();
  }

  /** Before the database closes (TypeORM closes it on application shutdown): a pass under way ends first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.passes.stop();
  }

  /** Fires every timer due now, one transaction each; returns how many were settled. Never rejects. */
  runDue(): Promise<number> {
    return this.passes.run();
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
      return await this.unitOfWork.run(
        async (manager) => {
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
            await this.engine.execute(
              manager,
              timer.planId,
              { type: timer.eventType, payload: JSON.parse(timer.payload) as Record<string, unknown> },
              SYSTEM_ACTOR,
            );
            await this.timers.settle(manager, timer, 'fired', 'Fired.', now);
          } catch (err) {
            // A conflicting command won the plan: leave the timer pending and fire it on the next poll.
            // A database fault is no refusal either: the whole poll is tried again later.
            if (err instanceof ConflictError || err instanceof ServiceUnavailableError || !(err instanceof DomainError)) throw err;
            await this.timers.settle(manager, timer, 'void', `Refused by the workflow: ${err.message}`, now);
          }
          await this.timers.refreshNextDeadline(manager, timer.planId);
          return 'settled';
        },
        { lockWaitMs: 0 },
      );
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
