import type { EntityManager } from 'typeorm';
import type { OutgoingEventType } from '../outbox/event-catalogue';
import { WebhookAttemptEntity, WebhookDeliveryEntity, WebhookSubscriptionEntity } from './webhook.entities';

/** What `events` holds to subscribe to every type, present and future. */
export const ALL_EVENTS = '*';

export const subscribesTo = (subscription: Pick<WebhookSubscriptionEntity, 'events'>, type: OutgoingEventType) =>
  subscription.events.includes(ALL_EVENTS) || subscription.events.includes(type);

/**
 * Disables a subscription and fails its pending deliveries with the reason, so nothing more goes to a
 * receiver that is gone (410) or that a manager turned off; they can be sent again by hand once it is
 * enabled again.
 */
export async function stopDeliveries(manager: EntityManager, subscriptionId: string, reason: string, at: Date): Promise<void> {
  const subscription = await manager.findOne(WebhookSubscriptionEntity, { where: { id: subscriptionId } });
  if (!subscription) return;
  if (subscription.enabled) {
    await manager.update(
      WebhookSubscriptionEntity,
      { id: subscriptionId },
      { enabled: false, disabledReason: reason, disabledAt: at, version: subscription.version + 1, updatedAt: at },
    );
  }
  await failPending(manager, subscriptionId, reason);
}

/** The subscription's pending deliveries become failed, naming why. */
export async function failPending(manager: EntityManager, subscriptionId: string, reason: string): Promise<void> {
  await manager.update(
    WebhookDeliveryEntity,
    { subscriptionId, status: 'pending' },
    { status: 'failed', lastError: `Not sent: the subscription was disabled (${reason})`, leaseUntil: null },
  );
}

/** A subscription as the API shows it; the secret only where it is made (create, rotate). */
export function subscriptionView(s: WebhookSubscriptionEntity) {
  return {
    id: s.id,
    organisation: s.organisationId,
    url: s.url,
    events: s.events,
    description: s.description,
    enabled: s.enabled,
    disabledReason: s.disabledReason,
    disabledAt: s.disabledAt?.toISOString() ?? null,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    createdBy: s.createdBy,
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function deliveryView(d: WebhookDeliveryEntity, attempts: WebhookAttemptEntity[]) {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    planId: d.planId,
    status: d.status,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    attempts: attempts.map((a) => ({ at: a.attemptedAt.toISOString(), status: a.status, error: a.error, durationMs: a.durationMs })),
  };
}
