import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { BackgroundPass } from '../common/background-pass';
import { Environment } from '../config/environment';
import { UnitOfWork } from '../database/unit-of-work';
import type { EventData } from '../outbox/event-catalogue';
import { OutboxEventEntity } from '../outbox/outbox.entities';
import { retryAfterMs, retryDelay } from './retry-schedule';
import { WebhookAttemptEntity, WebhookDeliveryEntity, WebhookSubscriptionEntity } from './webhook.entities';
import { cloudEventBody, postSigned, type AttemptOutcome } from './webhook-request';
import { WebhookSecrets } from './webhook-secrets';
import { stopDeliveries } from './webhook-subscriptions';
import { extended } from '../common/extended';

/** Deliveries claimed (and sent side by side) per pass step. */
const BATCH = 16;
/** A commit wakes the sender this soon, so a burst of dispatched events goes out in one pass. */
const WAKE_DELAY_MS = 5;

interface Claimed {
  delivery: WebhookDeliveryEntity;
  url: string;
  leaseUntil: Date;
  /** What to send, or why it cannot be (the attempt then fails without a request). */
  request: { secret: string; body: string; contentType: string } | { problem: string };
}

/**
 * Sends due webhook deliveries: claims them in a short transaction (a lease of DELIVERY_LEASE_MS; on
 * PostgreSQL `FOR UPDATE SKIP LOCKED`, so instances share the work), POSTs them outside any
 * transaction, and records each attempt and its outcome in another. Within a subscription a plan's
 * deliveries go one after the other: none is claimed while an older one of the same plan is pending,
 * even one waiting for its retry.
 *
 * A dispatched event wakes it; it also polls every OUTBOX_POLL_INTERVAL_MS, and once at start for what
 * an instance that died left behind. A pass never throws: a database fault backs off like the timers.
 * Due times come from the injected Clock, so tests move time to reach a retry.
 */
@Injectable()
export class WebhookSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookSender.name);
  private readonly passes: BackgroundPass;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly secrets: WebhookSecrets,
    @Inject(Environment) private readonly env: Environment,
  ) {
    this.passes = new BackgroundPass(() => this.drain(), {
      logger: this.logger,
      intervalMs: env.OUTBOX_POLL_INTERVAL_MS,
      wakeDelayMs: WAKE_DELAY_MS,
      resumed: 'Webhook deliveries are sent again',
      failed: 'Sending webhook deliveries failed; trying again later',
    });
  }

  onApplicationBootstrap(): void {
    // OUTBOX_POLL_INTERVAL_MS 0: never started, so neither polled nor woken; only runDue() runs a pass.
    if (this.env.OUTBOX_POLL_INTERVAL_MS === 0) return;
    // Not awaited: a slow receiver must not hold the service's start-up.
    void this.passes.start();
  }

  /** Before the database closes: no new pass, and the requests under way are answered and recorded. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.passes.stop();
  }

  /** Events were dispatched (or a delivery was sent again): send soon. */
  wake(): void {
    this.passes.wake();
  }

  /** Sends every delivery due by the clock, after any pass under way; resolves with how many attempts were made. Never rejects. */
  runDue(): Promise<number> {
    return this.passes.run();
  }

  private async drain(): Promise<number> {
    let attempts = 0;
    while (!this.passes.isStopped) {
      const claimed = await this.unitOfWork.run((manager) => this.claim(manager), { lockWaitMs: 0 });
      if (claimed.length === 0) break;
      // Every claimed delivery is of another (subscription, plan), so they may go side by side.
      const results = await Promise.allSettled(claimed.map((c) => this.attempt(c)));
      attempts += claimed.length;
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
    }
    return attempts;
  }

  /**
   * Due deliveries, the oldest pending one of each (subscription, plan) only, of enabled subscriptions,
   * leased to this instance. SQLite runs one transaction at a time, so it needs no row locks.
   */
  private async claim(manager: EntityManager): Promise<Claimed[]> {
    const now = this.clock.now();
    const query = manager
      .createQueryBuilder(WebhookDeliveryEntity, 'd')
      .where('d.status = :pending', { pending: 'pending' })
      .andWhere('d.next_attempt_at <= :now', { now })
      .andWhere('(d.lease_until IS NULL OR d.lease_until <= :now)')
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.subscription_id = d.subscription_id AND e.plan_id = d.plan_id AND e.status = :pending AND e.event_position < d.event_position)',
      )
      .andWhere('EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.id = d.subscription_id AND s.enabled = :enabled)', { enabled: true })
      .orderBy('d.next_attempt_at', 'ASC')
      .addOrderBy('d.event_position', 'ASC')
      .limit(BATCH);
    if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write').setOnLocked('skip_locked');
    const deliveries = await query.getMany();
    if (deliveries.length === 0) return [];

    const leaseUntil = new Date(now.getTime() + this.env.DELIVERY_LEASE_MS);
    await manager.update(WebhookDeliveryEntity, { id: In(deliveries.map((d) => d.id)) }, { leaseUntil });
    const subscriptions = new Map(
      (await manager.find(WebhookSubscriptionEntity, { where: { id: In([...new Set(deliveries.map((d) => d.subscriptionId))]) } })).map((s) => [s.id, s]),
    );
    const events = new Map(
      (await manager.find(OutboxEventEntity, { where: { id: In([...new Set(deliveries.map((d) => d.eventId))]) } })).map((e) => [e.id, e]),
    );
    return deliveries.map((delivery) => {
      const subscription = subscriptions.get(delivery.subscriptionId)!;
      return { delivery, url: subscription.url, leaseUntil, request: this.requestOf(subscription, events.get(delivery.eventId)) };
    });
  }

  /** The signed request's parts; a row that cannot be sent fails its attempts with the reason rather than stopping every pass. */
  private requestOf(subscription: WebhookSubscriptionEntity, event: OutboxEventEntity | undefined): Claimed['request'] {
    if (!event) return { problem: 'The event is no longer in the outbox (pruned), so it cannot be sent' };
    let secret: string;
    try {
      secret = this.secrets.decrypt(subscription.secret, subscription.id);
    } catch {
      return { problem: 'The signing secret cannot be decrypted (was WEBHOOK_SECRET_KEY changed?); rotate the secret' };
    }
    const envelope = {
      eventId: event.id,
      type: event.type,
      planId: event.planId,
      organisationId: event.organisationId,
      occurredAt: event.occurredAt,
      data: JSON.parse(event.data) as EventData,
    };
    return { secret, ...cloudEventBody(envelope, this.env.PUBLIC_URL) };
  }

  private async attempt(c: Claimed): Promise<void> {
    const attemptedAt = this.clock.now();
    const outcome: AttemptOutcome =
      'problem' in c.request
        ? { status: null, error: c.request.problem, durationMs: 0, headers: {}, receivedAt: Date.now() }
        : await postSigned(
            { url: c.url, webhookId: c.delivery.id, ...c.request },
            { allowPrivate: this.env.WEBHOOK_ALLOW_PRIVATE, allowedHosts: this.env.WEBHOOK_ALLOWED_HOSTS, timeoutMs: this.env.WEBHOOK_TIMEOUT_MS },
          );
    await this.unitOfWork.run((manager) => this.record(manager, c, attemptedAt, outcome));
  }

  /** The attempt into the log, and what follows from it: delivered, a retry, failed, or the subscription disabled (410). */
  private async record(manager: EntityManager, c: Claimed, attemptedAt: Date, outcome: AttemptOutcome): Promise<void> {
    const current = await manager.findOne(WebhookDeliveryEntity, {
      where: { id: c.delivery.id },
      ...(manager.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    // The subscription was deleted meanwhile (its deliveries with it): nothing to record.
    if (!current) return;
    await manager.insert(WebhookAttemptEntity, {
      deliveryId: current.id,
      attemptedAt,
      status: outcome.status,
      error: outcome.error,
      durationMs: outcome.durationMs,
    });
    // Another instance took it over after our lease ran out, or it was settled meanwhile: its outcome is theirs to write.
    if (current.status !== 'pending' || current.leaseUntil?.getTime() !== c.leaseUntil.getTime()) return;

    const now = this.clock.now();
    const attempts = current.attempts + 1;
    const common = { attempts, lastAttemptAt: attemptedAt, lastStatus: outcome.status, lastError: outcome.error, leaseUntil: null };
    const status = outcome.status ?? 0;
    if (status >= 200 && status < 300) {
      await manager.update(WebhookDeliveryEntity, { id: current.id }, extended(common, { status: 'delivered' as const, deliveredAt: now }));
      return;
    }
    if (status === 410) {
      await manager.update(WebhookDeliveryEntity, { id: current.id }, extended(common, { status: 'failed' as const }));
      await stopDeliveries(manager, current.subscriptionId, `The receiver answered 410 Gone to delivery ${current.id}.`, now);
      this.logger.log({ subscriptionId: current.subscriptionId, deliveryId: current.id }, 'A webhook receiver answered 410 Gone; its subscription is disabled');
      return;
    }
    const asked = status === 429 || status >= 500 ? retryAfterMs(header(outcome, 'retry-after'), header(outcome, 'date'), outcome.receivedAt) : null;
    const scheduled = retryDelay(attempts);
    if (scheduled === null) {
      await manager.update(WebhookDeliveryEntity, { id: current.id }, extended(common, { status: 'failed' as const }));
      return;
    }
    await manager.update(WebhookDeliveryEntity, { id: current.id }, extended(common, { nextAttemptAt: new Date(now.getTime() + (asked ?? scheduled)) }));
  }
}

const header = (outcome: AttemptOutcome, name: string): string | undefined => {
  const value = outcome.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** A new webhook-id: `msg_` and 32 hex digits, the same on every attempt of the delivery. */
export const newDeliveryId = () => `msg_${randomUUID().replace(/-/g, '')}`;
