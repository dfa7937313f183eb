import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ManualClock } from '../common/clock';
import { ServiceUnavailableError } from '../common/errors';
import type { Environment } from '../config/environment';
import type { UnitOfWork } from '../database/unit-of-work';
import type { EngineService } from './engine.service';
import type { TimerEntity } from './timer.entity';
import { TimerPoller } from './timer.poller';
import type { TimerService } from './timer.service';

const unavailable = () => new ServiceUnavailableError('database.unreachable', 2, 'database', 'unreachable');
const timer = { id: 'timer-1', planId: 'plan-1', eventType: 'ROUND_CLOSED', payload: '{}', attempts: 0 } as TimerEntity;

/** A poller on fakes: `run` decides what each transaction does; nothing is due unless `claim` says so. */
function pollerWith(run: (work: (manager: EntityManager) => Promise<unknown>) => Promise<unknown>, intervalMs = 100) {
  const unitOfWork = { run: jest.fn(run) };
  const timers = {
    claimNext: jest.fn(async () => null as TimerEntity | null),
    settle: jest.fn(async () => undefined),
    refreshNextDeadline: jest.fn(async () => undefined),
    recordFailure: jest.fn(async () => undefined),
  };
  const engine = { execute: jest.fn(async () => undefined) };
  const poller = new TimerPoller(
    unitOfWork as unknown as UnitOfWork,
    timers as unknown as TimerService,
    engine as unknown as EngineService,
    new ManualClock(),
    { TIMER_POLL_INTERVAL_MS: intervalMs } as Environment,
  );
  return { poller, unitOfWork, timers, engine };
}

describe(TimerPoller.name, () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => jest.useRealTimers());

  it('treats a failed claim as "try again later": the poll resolves, nothing is thrown', async () => {
    const { poller } = pollerWith(() => Promise.reject(unavailable()));
    await expect(poller.runDue()).resolves.toBe(0);
    const raw = pollerWith(() => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })));
    await expect(raw.poller.runDue()).resolves.toBe(0);
  });

  it('treats a failed recordFailure as "try again later" too', async () => {
    let calls = 0;
    const { poller, timers, engine } = pollerWith(async (work) => {
      calls += 1;
      if (calls === 1) return work({} as EntityManager);
      throw unavailable();
    });
    timers.claimNext.mockResolvedValueOnce(timer);
    engine.execute.mockRejectedValueOnce(new Error('a bug in the event'));
    await expect(poller.runDue()).resolves.toBe(0);
    expect(calls).toBe(2);
  });

  it('does not count a database fault against the timer', async () => {
    const { poller, timers, engine } = pollerWith((work) => work({} as EntityManager));
    timers.claimNext.mockResolvedValueOnce(timer);
    engine.execute.mockRejectedValueOnce(unavailable());
    await expect(poller.runDue()).resolves.toBe(0);
    expect(timers.recordFailure).not.toHaveBeenCalled();
  });

  it('backs off while claims keep failing and polls at its interval again once they succeed', async () => {
    jest.useFakeTimers({ now: 0 });
    let failing = true;
    const { poller, unitOfWork } = pollerWith((work) => (failing ? Promise.reject(unavailable()) : work({} as EntityManager)), 100);
    await poller.onApplicationBootstrap();
    const advance = async (ms: number) => {
      for (let t = 0; t < ms; t += 50) await jest.advanceTimersByTimeAsync(50);
    };
    await advance(5_000);
    // Every 100 ms would be 50 polls; doubling to 1.6 s leaves about eight.
    const whileFailing = unitOfWork.run.mock.calls.length;
    expect(whileFailing).toBeGreaterThanOrEqual(4);
    expect(whileFailing).toBeLessThanOrEqual(10);

    failing = false;
    await advance(2_000);
    const recovered = unitOfWork.run.mock.calls.length;
    await advance(1_000);
    expect(unitOfWork.run.mock.calls.length - recovered).toBeGreaterThanOrEqual(9);
    await poller.beforeApplicationShutdown();
  });
});
