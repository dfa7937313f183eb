import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { BackgroundPass } from './background-pass';
import { ServiceUnavailableError } from './errors';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The clock (timers and Date.now) moves only when told: a slow or busy machine cannot move it between two checks. */
const elapse = (ms: number) => jest.advanceTimersByTimeAsync(ms);

class QuietLogger extends Logger {
  readonly warnings: unknown[] = [];
  readonly logs: unknown[] = [];
  override warn(message: unknown): void {
    this.warnings.push(message);
  }
  override log(message: unknown): void {
    this.logs.push(message);
  }
}

function passes(work: () => Promise<number>, intervalMs = 60_000) {
  const logger = new QuietLogger();
  return { logger, pass: new BackgroundPass(work, { logger, intervalMs, wakeDelayMs: 5, resumed: 'resumed', failed: 'failed' }) };
}

describe('BackgroundPass', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('runs one pass at a time; calls during a pass share one more pass after it', async () => {
    let concurrent = 0;
    let most = 0;
    let runs = 0;
    const { pass } = passes(async () => {
      concurrent += 1;
      most = Math.max(most, concurrent);
      await sleep(20);
      concurrent -= 1;
      return ++runs;
    });
    const first = pass.run();
    const all = Promise.all([pass.run(), pass.run(), first]);
    await elapse(40);
    const [a, b, c] = await all;
    expect(c).toBe(1);
    expect([a, b]).toEqual([2, 2]);
    expect(most).toBe(1);
    await pass.stop();
  });

  it('never rejects: a failure is logged, wake-ups are ignored while it backs off, and success is logged once it recovers', async () => {
    let fail = true;
    let runs = 0;
    const { pass, logger } = passes(async () => {
      runs += 1;
      if (fail) throw new ServiceUnavailableError('database.locked', 1, 'database', 'locked');
      return 1;
    }, 10);
    await expect(pass.start()).resolves.toBe(0);
    expect(logger.warnings).toHaveLength(1);
    pass.wake();
    await elapse(19);
    // Backing off for 2 intervals (20 ms): the wake-up and the first interval tick did not run a pass.
    expect(runs).toBe(1);
    fail = false;
    await elapse(1);
    // The tick at 20 ms is the first after the pause: it runs a pass, which succeeds.
    expect(runs).toBe(2);
    expect(logger.logs).toEqual([expect.objectContaining({ failedPasses: 1 })]);
    await pass.stop();
  });

  it('runs a pass soon after wake() once started, and none after stop()', async () => {
    let runs = 0;
    const { pass } = passes(async () => ++runs);
    pass.wake();
    await elapse(20);
    expect(runs).toBe(0);
    await pass.start();
    pass.wake();
    await elapse(4);
    expect(runs).toBe(1);
    await elapse(1);
    expect(runs).toBe(2);
    await pass.stop();
    pass.wake();
    expect(await pass.run()).toBe(0);
    await elapse(20);
    expect(runs).toBe(2);
  });
});
