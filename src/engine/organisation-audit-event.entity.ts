import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ChainEventColumns } from './chain-event.columns';

/** One line of an organisation's own audit chain (its strategic goals), hashed like a plan's. */
@Entity('organisation_audit_events')
export class OrganisationAuditEventEntity extends ChainEventColumns {
  @Column({ name: 'organisation_id', type: 'varchar', length: 100 })
  organisationId!: string;
}

/** The head of an organisation's chain; its row is locked while an event is appended. */
@Entity('organisation_chains')
export class OrganisationChainEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'varchar', length: 100 })
  organisationId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ name: 'head_hash', type: 'varchar', length: 64 })
  headHash!: string;
}
