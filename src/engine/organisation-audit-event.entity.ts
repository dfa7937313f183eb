import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One line of an organisation's own audit chain (its strategic goals), hashed like a plan's. */
@Entity('organisation_audit_events')
export class OrganisationAuditEventEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'organisation_id', type: 'varchar', length: 100 })
  organisationId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 100 })
  type!: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 200 })
  actorId!: string;

  @Column({ name: 'actor_name', type: 'varchar', length: 200 })
  actorName!: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 20 })
  actorRole!: string;

  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'text', default: '[]' })
  records!: string;

  @Column({ name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
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
