import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { uuidV7 } from '../common/uuid-v7';
import { RowInsert } from '../database/bulk-insert';
import type { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import type { OutgoingEvent } from './event-catalogue';
import { OutboxEventEntity } from './outbox.entities';
import { OutboxDispatcher } from './outbox.dispatcher';

/** Inserts outgoing events into the outbox in the caller's transaction and wakes the dispatcher. */
@Injectable()
export class OutboxWriter {
  constructor(private readonly dispatcher: OutboxDispatcher) {}

  private rowInsert?: RowInsert<OutboxEventEntity>;

  /** Appends events of a plan inside the caller's transaction, which holds the plan (its row is locked on PostgreSQL). */
  async append(manager: EntityManager, plan: ProcurementPlanEntity, events: readonly OutgoingEvent[], at: Date): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((event) =>
      Object.assign(new OutboxEventEntity(), {
        // Time-ordered: each new id goes to the right-hand end of the outbox's unique index on it.
        id: uuidV7(at.getTime()),
        planId: plan.id,
        organisationId: plan.organisationId,
        type: event.type,
        data: JSON.stringify(event.data),
        occurredAt: at,
        status: 'pending' as const,
        dispatchedAt: null,
      }),
    );
    // One row at a time keeps `position` in the order of the events on both drivers; nothing is read
    // back. Plain SQL written once (issue 16): the query builder cost more than the statement.
    const insert = (this.rowInsert ??= new RowInsert(manager.connection, OutboxEventEntity));
    for (const row of rows) await insert.insert(manager, row);
    this.dispatcher.wake();
  }
}
