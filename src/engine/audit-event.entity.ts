import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One append-only line of a plan's history; `hash` chains it to the line before. */
@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'plan_id', type: 'varchar', length: 36 })
  planId!: string;

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

  @Column({ name: 'from_stage', type: 'varchar', length: 50, nullable: true })
  fromStage!: string | null;

  @Column({ name: 'to_stage', type: 'varchar', length: 50 })
  toStage!: string;

  @Column({ name: 'plan_version', type: 'integer' })
  planVersion!: number;

  /** Stored as the exact JSON text that was hashed. */
  @Column({ type: 'text' })
  payload!: string;

  /** The stored records this event wrote, each with the keyed digest of its row (null: deleted), as JSON text. */
  @Column({ type: 'text', default: '[]' })
  records!: string;

  /** Keyed digest of the plan's own state (stage, snapshot, details, version) after this event. */
  @Column({ name: 'state_digest', type: 'varchar', length: 64 })
  stateDigest!: string;

  @Column({ name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
