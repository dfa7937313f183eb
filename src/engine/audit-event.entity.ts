import { Column, Entity } from 'typeorm';
import { ChainEventColumns } from './chain-event.columns';

/** One append-only line of a plan's history; `hash` chains it to the line before. */
@Entity('audit_events')
export class AuditEventEntity extends ChainEventColumns {
  @Column({ name: 'plan_id', type: 'varchar', length: 36 })
  planId!: string;

  @Column({ name: 'from_stage', type: 'varchar', length: 50, nullable: true })
  fromStage!: string | null;

  @Column({ name: 'to_stage', type: 'varchar', length: 50 })
  toStage!: string;

  @Column({ name: 'plan_version', type: 'integer' })
  planVersion!: number;

  /** Keyed digest of the plan's own state (stage, snapshot, details, version) after this event. */
  @Column({ name: 'state_digest', type: 'varchar', length: 64 })
  stateDigest!: string;
}
