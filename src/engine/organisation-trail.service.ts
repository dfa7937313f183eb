import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../workflows/common/types';
import { Clock } from '../common/clock';
import { sql } from '../common/sql';
import { AuditKeys, canonicalJson } from './audit-keys';
import { AuditLogService, GENESIS_HASH, report, walkChain, type ChainVerification, type RecordDigest } from './audit-log.service';
import { OrganisationAuditEventEntity, OrganisationChainEntity } from './organisation-audit-event.entity';

/**
 * The audit chain of an organisation's own records (its strategic goals), which belong to no plan:
 * the same keyed hashes and record digests as a plan's trail, its head in `organisation_chains`.
 */
@Injectable()
export class OrganisationTrailService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly keys: AuditKeys,
    private readonly clock: Clock,
  ) {}

  hashOf(e: Omit<OrganisationAuditEventEntity, 'id' | 'hash'>): string {
    return this.keys.mac(
      canonicalJson([
        'organisation',
        e.organisationId,
        e.seq,
        e.type,
        e.actorId,
        e.actorName,
        e.actorRole,
        e.payload,
        e.records,
        e.occurredAt.toISOString(),
        e.prevHash,
      ]),
    );
  }

  /** Appends an event in the caller's transaction, serialised on the chain's head row. */
  async append(manager: EntityManager, organisationId: string, type: string, actor: Actor, payload: unknown, records: RecordDigest[]): Promise<void> {
    await manager.query(
      sql(manager, 'INSERT INTO organisation_chains (organisation_id, seq, head_hash) VALUES (?, 0, ?) ON CONFLICT (organisation_id) DO NOTHING'),
      [organisationId, GENESIS_HASH],
    );
    const query = manager.createQueryBuilder(OrganisationChainEntity, 'c').where('c.organisation_id = :id', { id: organisationId });
    if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write');
    const head = await query.getOneOrFail();
    const row = Object.assign(new OrganisationAuditEventEntity(), {
      organisationId,
      seq: head.seq + 1,
      type,
      actorId: actor.id,
      actorName: actor.name,
      actorRole: actor.role,
      payload: JSON.stringify(payload ?? {}),
      records: JSON.stringify(records),
      occurredAt: this.clock.now(),
      prevHash: head.headHash,
    });
    row.hash = this.hashOf(row);
    await manager.insert(OrganisationAuditEventEntity, row);
    await manager.update(OrganisationChainEntity, { organisationId }, { seq: row.seq, headHash: row.hash });
  }

  async verify(organisationId: string): Promise<ChainVerification> {
    const manager = this.dataSource.manager;
    const events = await manager.find(OrganisationAuditEventEntity, { where: { organisationId }, order: { seq: 'ASC' } });
    const head = await manager.findOne(OrganisationChainEntity, { where: { organisationId } });
    const walked = walkChain(events, (e) => this.hashOf(e));
    const problems = [...walked.problems];
    const recordedSeq = head?.seq ?? 0;
    const recordedHead = head?.headHash ?? GENESIS_HASH;
    if (problems.length === 0 && (events.length !== recordedSeq || walked.head !== recordedHead)) {
      problems.push({
        seq: events.length + 1,
        reason: `The organisation records ${recordedSeq} events ending in ${recordedHead}, but the trail has ${events.length} ending in ${walked.head}: events were removed or added.`,
      });
    }
    problems.push(...(await this.audit.checkRecords(manager, 'organisation', organisationId, events)));
    return report(events.length, walked.head, problems);
  }
}
