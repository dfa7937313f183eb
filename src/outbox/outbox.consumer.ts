import type { EntityManager } from 'typeorm';
import type { EventData, OutgoingEventType } from './event-catalogue';

/** A committed outbox event as the dispatcher hands it to a consumer. */
export interface DispatchedEvent {
  /** The CloudEvents `id`. */
  id: string;
  /** Commit order (within a plan, the order of its changes). */
  position: number;
  planId: string;
  organisationId: string;
  type: OutgoingEventType;
  data: EventData;
  occurredAt: Date;
}

/**
 * Something that hands committed events on (webhooks, e-mail). The dispatcher calls `fanOut` in its
 * own transaction with a batch of events, each once, in commit order per plan; the consumer writes
 * its delivery rows there, so an event is handed on exactly once, and `dispatched()` after that
 * transaction committed, so the consumer's sender can start. A batch lets a consumer read what it
 * needs (subscriptions, recipients) once for many events.
 */
export interface OutboxConsumer {
  readonly name: string;
  fanOut(manager: EntityManager, events: readonly DispatchedEvent[]): Promise<void>;
  dispatched?(): void;
}
