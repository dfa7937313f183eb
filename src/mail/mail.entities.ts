import { Column, Entity, PrimaryColumn } from 'typeorm';

export type MailStatus = 'pending' | 'sent' | 'failed';

/** One e-mail to one person, rendered in their language when its outbox event was dispatched. */
@Entity('mail_messages')
export class MailMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'event_id', type: 'varchar', length: 36, nullable: true }) eventId!: string | null;
  @Column({ name: 'organisation_id', type: 'varchar', length: 100 }) organisationId!: string;
  @Column({ name: 'plan_id', type: 'varchar', length: 36, nullable: true }) planId!: string | null;
  /** Which message this is (`dialogue.answerPublished`, `approval.waiting`, …). */
  @Column({ type: 'varchar', length: 100 }) kind!: string;
  @Column({ type: 'varchar', length: 320 }) recipient!: string;
  @Column({ name: 'recipient_role', type: 'varchar', length: 20 }) recipientRole!: string;
  @Column({ type: 'varchar', length: 5 }) language!: string;
  @Column({ type: 'varchar', length: 500 }) subject!: string;
  @Column({ type: 'text' }) text!: string;
  @Column({ type: 'text' }) html!: string;
  @Column({ type: 'varchar', length: 20 }) status!: MailStatus;
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ name: 'next_attempt_at' }) nextAttemptAt!: Date;
  @Column({ name: 'lease_until', type: Date, nullable: true }) leaseUntil!: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'sent_at', type: Date, nullable: true }) sentAt!: Date | null;
  @Column({ name: 'created_at' }) createdAt!: Date;
}

/**
 * A person the service has seen in a verified token: where and in which language to write to them.
 * `email` and `language` follow the token (its `email` and `locale` claims, else the request's
 * language); what the person chose at /me/notifications wins over them.
 */
@Entity('people')
export class PersonEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 }) id!: string;
  @Column({ name: 'organisation_id', type: 'varchar', length: 100, nullable: true }) organisationId!: string | null;
  @Column({ name: 'business_id', type: 'varchar', length: 200, nullable: true }) businessId!: string | null;
  @Column({ type: 'varchar', length: 20 }) role!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 320, nullable: true }) email!: string | null;
  @Column({ type: 'varchar', length: 5 }) language!: string;
  /** The address the person chose for notifications; null: the token's. */
  @Column({ name: 'chosen_email', type: 'varchar', length: 320, nullable: true }) chosenEmail!: string | null;
  /** The language the person chose for notifications; null: the token's or the request's. */
  @Column({ name: 'chosen_language', type: 'varchar', length: 5, nullable: true }) chosenLanguage!: string | null;
  @Column({ type: 'boolean', default: true }) reminders!: boolean;
  @Column({ name: 'seen_at' }) seenAt!: Date;
}

export const MAIL_ENTITIES = [MailMessageEntity, PersonEntity];
