import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, MoreThan, type EntityManager } from 'typeorm';
import type { Actor } from '../../workflows/common/types';
import { AuditEventEntity } from './audit-event.entity';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  planId: string;
  seq: number;
  type: string;
  actor: Actor;
  fromStage: string | null;
  toStage: string;
  planVersion: number;
  payload: unknown;
  occurredAt: Date;
  prevHash: string;
}

export interface ChainVerification {
  intact: boolean;
  events: number;
  headHash: string;
  brokenAt?: { seq: number; reason: string };
}

type HashedFields = Pick<
  AuditEventEntity,
  'planId' | 'seq' | 'type' | 'actorId' | 'actorName' | 'actorRole' | 'fromStage' | 'toStage' | 'planVersion' | 'payload' | 'prevHash'
> & { occurredAt: Date };

/** Every stored field takes part in the hash, so changing any of them breaks the chain. */
export function hashAuditEvent(e: HashedFields): string {
  const canonical = JSON.stringify([
    e.planId,
    e.seq,
    e.type,
    e.actorId,
    e.actorName,
    e.actorRole,
    e.fromStage,
    e.toStage,
    e.planVersion,
    e.payload,
    e.occurredAt.toISOString(),
    e.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The append-only, hash-chained history of each plan. */
@Injectable()
export class AuditLogService {
  constructor(private readonly dataSource: DataSource) {}

  /** The next line of the chain, hashed; `insert` stores it in the caller's transaction. */
  build(entry: AuditEntry): AuditEventEntity {
    const row = Object.assign(new AuditEventEntity(), {
      planId: entry.planId,
      seq: entry.seq,
      type: entry.type,
      actorId: entry.actor.id,
      actorName: entry.actor.name,
      actorRole: entry.actor.role,
      fromStage: entry.fromStage,
      toStage: entry.toStage,
      planVersion: entry.planVersion,
      payload: JSON.stringify(entry.payload ?? {}),
      occurredAt: entry.occurredAt,
      prevHash: entry.prevHash,
    });
    row.hash = hashAuditEvent(row);
    return row;
  }

  async insert(manager: EntityManager, row: AuditEventEntity): Promise<void> {
    await manager.insert(AuditEventEntity, row);
  }

  page(planId: string, afterSeq: number, limit: number): Promise<AuditEventEntity[]> {
    return this.dataSource.getRepository(AuditEventEntity).find({
      where: { planId, seq: MoreThan(afterSeq) },
      order: { seq: 'ASC' },
      take: limit,
    });
  }

  /** Recomputes the chain from the first event and names the first link that does not hold. */
  async verify(planId: string, expectedHead: string, expectedCount: number): Promise<ChainVerification> {
    const events = await this.dataSource.getRepository(AuditEventEntity).find({ where: { planId }, order: { seq: 'ASC' } });
    let prev = GENESIS_HASH;
    for (const [index, event] of events.entries()) {
      const expectedSeq = index + 1;
      const broken = (reason: string): ChainVerification => ({
        intact: false,
        events: events.length,
        headHash: prev,
        brokenAt: { seq: event.seq, reason },
      });
      if (event.seq !== expectedSeq) return broken(`Event ${expectedSeq} is missing: the sequence jumps to ${event.seq}.`);
      if (event.prevHash !== prev) return broken('The event does not point to the hash of the event before it.');
      if (hashAuditEvent(event) !== event.hash) return broken('The event was changed after it was recorded: its hash does not match its content.');
      prev = event.hash;
    }
    if (events.length !== expectedCount || prev !== expectedHead) {
      return {
        intact: false,
        events: events.length,
        headHash: prev,
        brokenAt: {
          seq: events.length + 1,
          reason: `The plan records ${expectedCount} events ending in ${expectedHead}, but the trail has ${events.length} ending in ${prev}: events were removed or added.`,
        },
      };
    }
    return { intact: true, events: events.length, headHash: prev };
  }
}
