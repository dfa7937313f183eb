import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `workflow`: a delayed event of the plan's machine; `reminder`: a notification the outbox sends (decision 0021). */
export type TimerKind = 'workflow' | 'reminder';

export type TimerStatus = 'pending' | 'fired' | 'cancelled' | 'void' | 'failed';

/**
 * A durable delayed event of a plan's machine. Written in the transaction of the state change that
 * scheduled it, cancelled by the one that cancelled it, fired by the poller through the engine.
 */
@Entity('timers')
export class TimerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'plan_id', type: 'varchar', length: 36 })
  planId!: string;

  /** The machine's id for the delayed event; `cancel(key)` cancels the pending one. */
  @Column({ type: 'varchar', length: 200 })
  key!: string;

  @Column({ type: 'varchar', length: 20, default: 'workflow' })
  kind!: TimerKind;

  @Column({ name: 'event_type', type: 'varchar', length: 100 })
  eventType!: string;

  @Column({ type: 'text' })
  payload!: string;

  @Column({ name: 'due_at' })
  dueAt!: Date;

  @Column({ type: 'varchar', length: 20 })
  status!: TimerStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'scheduled_at' })
  scheduledAt!: Date;

  @Column({ name: 'settled_at', type: Date, nullable: true })
  settledAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;
}
