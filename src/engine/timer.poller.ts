import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ConflictError, DomainError } from '../common/errors';
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
 */
@Injectable()
export class TimerPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TimerPoller.name);
  private interval: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

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
      this.interval = setInterval(() => void this.runDue(), this.env.TIMER_POLL_INTERVAL_MS);
      this.interval.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    await this.running;
  }

  /** Fires every timer due now, one transaction each; returns how many were settled. */
  runDue(): Promise<number> {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
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
      return await this.unitOfWork.run(async (manager) => {
        const now = this.clock.now();
        const timer = await this.timers.claimNext(manager, now);
        if (!timer) return 'none';
        claimedId = timer.id;
        try {
          await this.engine.execute(manager, timer.planId, { type: timer.eventType, payload: JSON.parse(timer.payload) }, SYSTEM_ACTOR);
          await this.timers.settle(manager, timer, 'fired', 'Fired.', now);
        } catch (err) {
          // A conflicting command won the plan: leave the timer pending and fire it on the next poll.
          if (err instanceof ConflictError || !(err instanceof DomainError)) throw err;
          await this.timers.settle(manager, timer, 'void', `Refused by the workflow: ${err.message}`, now);
        }
        await this.timers.refreshNextDeadline(manager, timer.planId);
        return 'settled';
      });
    } catch (err) {
      if (err instanceof ConflictError) return 'conflict';
      if (claimedId === null) throw err;
      const id: string = claimedId;
      this.logger.warn({ err, timerId: id }, 'Timer did not fire; it will be retried');
      await this.unitOfWork.run((manager) => this.timers.recordFailure(manager, id, String(err), this.clock.now(), MAX_ATTEMPTS));
      return 'failed';
    }
  }
}
