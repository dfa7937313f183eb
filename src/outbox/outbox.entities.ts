import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'dispatched';

/**
 * An outgoing event, written in the transaction of the change it announces (decision 0021). The
 * dispatcher hands each one, in `position` order, to the consumers (webhooks, e-mail), which write
 * their own delivery rows in the dispatcher's transaction; then it is `dispatched`.
 */
@Entity('outbox_events')
export class OutboxEventEntity {
  /** Commit order within a plan (changes of one plan are serialised on its row). */
  @PrimaryGeneratedColumn({ type: 'integer' }) position!: number;
  /** The CloudEvents `id`. */
  @Column({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  @Column({ name: 'organisation_id', type: 'varchar', length: 100 }) organisationId!: string;
  @Column({ type: 'varchar', length: 100 }) type!: string;
  /** JSON: the event's data, valid by its schema in the catalogue; only what the organisation's officers may read. */
  @Column({ type: 'text' }) data!: string;
  @Column({ name: 'occurred_at' }) occurredAt!: Date;
  @Column({ type: 'varchar', length: 20 }) status!: OutboxStatus;
  @Column({ name: 'dispatched_at', type: Date, nullable: true }) dispatchedAt!: Date | null;
}

export const OUTBOX_ENTITIES = [OutboxEventEntity];
