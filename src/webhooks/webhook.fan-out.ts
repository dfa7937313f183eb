import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { bulkInsert } from '../database/bulk-insert';
import type { DispatchedEvent, OutboxConsumer } from '../outbox/outbox.consumer';
import { OutboxDispatcher } from '../outbox/outbox.dispatcher';
import { WebhookDeliveryEntity, WebhookSubscriptionEntity } from './webhook.entities';
import { newDeliveryId, WebhookSender } from './webhook.sender';
import { subscribesTo } from './webhook-subscriptions';

/**
 * Turns each dispatched outbox event into one delivery per enabled subscription of the event's
 * organisation that asks for its type, in the dispatcher's transaction: the rows exist exactly when
 * the event is marked dispatched. The sender is woken once that transaction has committed.
 */
@Injectable()
export class WebhookFanOut implements OutboxConsumer, OnModuleInit {
  readonly name = 'webhooks';

  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly sender: WebhookSender,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.dispatcher.register(this);
  }

  async fanOut(manager: EntityManager, events: readonly DispatchedEvent[]): Promise<void> {
    // One read of the subscriptions for the whole batch: most events of a batch share few organisations.
    const organisations = [...new Set(events.map((e) => e.organisationId))];
    const subscriptions = await manager.find(WebhookSubscriptionEntity, { where: { organisationId: In(organisations), enabled: true } });
    if (subscriptions.length === 0) return;
    const now = this.clock.now();
    const deliveries = events.flatMap((event) =>
      subscriptions
        .filter((s) => s.organisationId === event.organisationId && subscribesTo(s, event.type))
        .map((subscription) => ({
          id: newDeliveryId(),
          subscriptionId: subscription.id,
          eventId: event.id,
          eventPosition: event.position,
          eventType: event.type,
          planId: event.planId,
          status: 'pending' as const,
          attempts: 0,
          nextAttemptAt: now,
          leaseUntil: null,
          lastAttemptAt: null,
          lastStatus: null,
          lastError: null,
          deliveredAt: null,
          createdAt: now,
        })),
    );
    await bulkInsert(manager, WebhookDeliveryEntity, deliveries);
  }

  dispatched(): void {
    this.sender.wake();
  }
}
