import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
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

  async fanOut(manager: EntityManager, event: DispatchedEvent): Promise<void> {
    const subscriptions = await manager.find(WebhookSubscriptionEntity, { where: { organisationId: event.organisationId, enabled: true } });
    const now = this.clock.now();
    for (const subscription of subscriptions.filter((s) => subscribesTo(s, event.type))) {
      await manager.insert(WebhookDeliveryEntity, {
        id: newDeliveryId(),
        subscriptionId: subscription.id,
        eventId: event.id,
        eventPosition: event.position,
        eventType: event.type,
        planId: event.planId,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        leaseUntil: null,
        lastAttemptAt: null,
        lastStatus: null,
        lastError: null,
        deliveredAt: null,
        createdAt: now,
      });
    }
  }

  dispatched(): void {
    this.sender.wake();
  }
}
