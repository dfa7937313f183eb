import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { E1Terms } from './e1-notice';

const json = {
  to: (value: unknown) => JSON.stringify(value),
  from: (value: string) => JSON.parse(value) as unknown,
};

/**
 * A notice as issued: the terms it states, frozen, and the XML written from them. Rows are only ever
 * inserted; a later change of the plan or the profile never touches a published notice, and a change
 * of what the notice states (an extended answers deadline) is a new row, a change notice of its own.
 */
@Entity('notices')
export class NoticeEntity {
  /** BT-701: the notice's own identifier (a UUID). */
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  /** The eForms notice subtype (E1). */
  @Column({ type: 'varchar', length: 10 }) subtype!: string;
  /** 1 for the first notice of the plan and subtype, then 2, 3… for each change notice. */
  @Column({ type: 'integer' }) version!: number;
  /** BT-758: the notice this one changes; null for the first. */
  @Column({ name: 'changes_notice_id', type: 'varchar', length: 36, nullable: true }) changesNoticeId!: string | null;
  /** BT-800 of this notice: the deadline for answers. */
  @Column({ name: 'answers_deadline' }) answersDeadline!: Date;
  /** The plan's audit event that issued the notice (its seq in the plan's trail). */
  @Column({ name: 'audit_seq', type: 'integer' }) auditSeq!: number;
  @Column({ name: 'issued_at' }) issuedAt!: Date;
  @Column({ name: 'issued_by', type: 'varchar', length: 200 }) issuedBy!: string;
  @Column({ type: 'text', transformer: json }) terms!: E1Terms;
  @Column({ type: 'text' }) xml!: string;
}
