import type { Logger } from '@nestjs/common';
import { ServiceUnavailableError } from './errors';

/** After failed passes the next waits 2, 4, 8, then 16 poll intervals, and never longer than this. */
const MAX_BACKOFF_MS = 30_000;

export interface BackgroundPassOptions {
  logger: Logger;
  /** How often a pass runs without being woken; 0: only at start and when woken or called. */
  intervalMs: number;
  /** How soon after `wake()` a pass runs: the work of a burst goes in one pass. */
  wakeDelayMs: number;
  /** Logged once passes succeed again after failing. */
  resumed: string;
  /** Logged when a pass fails, with its reason and when the next comes. */
  failed: string;
}

/**
 * One kind of background work (firing timers, handing on the outbox, sending webhooks and e-mail), run as
 * passes: one at a time, soon after `wake()`, every interval, and once at start. A pass never
 * rejects: when it fails (the database unreachable or locked, anything else) it is logged and the
 * next waits longer — 2, 4, 8, then 16 intervals, at most 30 s — while wake-ups are ignored.
 */
export class BackgroundPass {
  private interval: NodeJS.Timeout | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private following: Promise<number> | null = null;
  private started = false;
  private stopped = false;
  private failures = 0;
  private resumeAt = 0;

  constructor(
    /** One pass: does what is due and resolves with how much it did. */
    private readonly pass: () => Promise<number>,
    private readonly options: BackgroundPassOptions,
  ) {}

  /** Starts the interval and runs a first pass (for what was left before a restart); resolves when that pass is done. */
  start(): Promise<number> {
    this.started = true;
    if (this.options.intervalMs > 0) {
      this.interval = setInterval(() => {
        // run() never rejects: a failed pass is logged and backed off.
        if (!this.running && Date.now() >= this.resumeAt) void this.run();
      }, this.options.intervalMs);
      this.interval.unref();
    }
    return this.run();
  }

  /** No new pass; resolves when the pass under way (and one queued after it) is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.interval) clearInterval(this.interval);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    await this.following;
    await this.running;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** New work was committed: run a pass soon (not while backing off from failures). */
  wake(): void {
    if (!this.started || this.stopped || this.wakeTimer || Date.now() < this.resumeAt) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      void this.run(); // never rejects, as above
    }, this.options.wakeDelayMs);
    this.wakeTimer.unref();
  }

  /**
   * Runs a pass now; resolves with what it did. Never rejects. A call during a pass waits for it and
   * then runs one more (shared by every caller meanwhile), so what was due when called is never left behind.
   */
  run(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    if (this.running) {
      this.following ??= this.running.then(() => {
        this.following = null;
        return this.run();
      });
      return this.following;
    }
    this.running = this.pass()
      .then(
        (done) => this.succeeded(done),
        (err: unknown) => this.failedWith(err),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private succeeded(done: number): number {
    if (this.failures > 0) this.options.logger.log({ failedPasses: this.failures }, this.options.resumed);
    this.failures = 0;
    this.resumeAt = 0;
    return done;
  }

  private failedWith(err: unknown): number {
    this.failures += 1;
    const pause = Math.min(MAX_BACKOFF_MS, Math.max(this.options.intervalMs, 1) * 2 ** Math.min(this.failures, 4));
    this.resumeAt = Date.now() + pause;
    const reason = err instanceof ServiceUnavailableError ? err.message : undefined;
    this.options.logger.warn({ err: reason ? undefined : err, reason, failedPasses: this.failures, nextPassInMs: pause }, this.options.failed);
    return 0;
  }
}
