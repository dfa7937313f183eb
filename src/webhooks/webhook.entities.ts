import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

const json = {
  to: (value: unknown) => JSON.stringify(value),
  from: (value: string) => JSON.parse(value) as unknown,
};

/** An organisation's webhook: where to POST which event types, and the (encrypted) signing secret. */
@Entity('webhook_subscriptions')
export class WebhookSubscriptionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'organisation_id', type: 'varchar', length: 100 }) organisationId!: string;
  @Column({ type: 'varchar', length: 2000 }) url!: string;
  @Column({ type: 'text', transformer: json }) events!: string[];
  @Column({ type: 'varchar', length: 300, nullable: true }) description!: string | null;
  /** The `whsec_…` secret, encrypted at rest. */
  @Column({ type: 'text' }) secret!: string;
  @Column({ type: 'boolean' }) enabled!: boolean;
  @Column({ name: 'disabled_reason', type: 'text', nullable: true }) disabledReason!: string | null;
  @Column({ name: 'disabled_at', type: Date, nullable: true }) disabledAt!: Date | null;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'created_at' }) createdAt!: Date;
  @Column({ name: 'created_by', type: 'varchar', length: 200 }) createdBy!: string;
  @Column({ name: 'updated_at' }) updatedAt!: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One outbox event for one subscription; its id is the `webhook-id`, the same on every attempt. */
@Entity('webhook_deliveries')
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ name: 'subscription_id', type: 'varchar', length: 36 }) subscriptionId!: string;
  @Column({ name: 'event_id', type: 'varchar', length: 36 }) eventId!: string;
  @Column({ name: 'event_position', type: 'integer' }) eventPosition!: number;
  @Column({ name: 'event_type', type: 'varchar', length: 100 }) eventType!: string;
  @Column({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  @Column({ type: 'varchar', length: 20 }) status!: DeliveryStatus;
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ name: 'next_attempt_at' }) nextAttemptAt!: Date;
  /** While an instance is sending it; an expired lease (the instance died) lets another send it again. */
  @Column({ name: 'lease_until', type: Date, nullable: true }) leaseUntil!: Date | null;
  @Column({ name: 'last_attempt_at', type: Date, nullable: true }) lastAttemptAt!: Date | null;
  @Column({ name: 'last_status', type: 'integer', nullable: true }) lastStatus!: number | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'delivered_at', type: Date, nullable: true }) deliveredAt!: Date | null;
  @Column({ name: 'created_at' }) createdAt!: Date;
}

/** Each attempt of a delivery, for the delivery log. */
@Entity('webhook_attempts')
export class WebhookAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ name: 'delivery_id', type: 'varchar', length: 40 }) deliveryId!: string;
  @Column({ name: 'attempted_at' }) attemptedAt!: Date;
  @Column({ type: 'integer', nullable: true }) status!: number | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  @Column({ name: 'duration_ms', type: 'integer' }) durationMs!: number;
}

export const WEBHOOK_ENTITIES = [WebhookSubscriptionEntity, WebhookDeliveryEntity, WebhookAttemptEntity];
