import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RoundType } from '../../workflows/common/context';

const json = {
  to: (value: unknown) => JSON.stringify(value),
  from: (value: string) => JSON.parse(value) as unknown,
};

export type QuestionType = 'text' | 'number' | 'singleChoice' | 'multiChoice' | 'yesNo' | 'documentRef';

export interface QuestionnaireQuestion {
  id: string;
  text: string;
  type: QuestionType;
  mandatory: boolean;
  maxLength?: number;
  unit?: string;
  min?: number;
  max?: number;
  options?: string[];
}

export interface DraftItem {
  id: string;
  title: string;
  text: string;
}

export type Confidentiality = 'public' | 'buyerOnly';

export interface ResponseAnswer {
  questionId: string;
  value: unknown;
  confidentiality: Confidentiality;
  rationale: string | null;
}

export interface SharedMaterial {
  title: string;
  url: string | null;
  text: string | null;
}

/** A supplier that registered interest in a plan's market dialogue. */
@Entity('supplier_registrations')
export class SupplierRegistrationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  @Column({ name: 'business_id', type: 'varchar', length: 200 }) businessId!: string;
  @Column({ type: 'varchar', length: 300 }) name!: string;
  @Column({ name: 'contact_name', type: 'varchar', length: 200 }) contactName!: string;
  @Column({ name: 'contact_email', type: 'varchar', length: 320 }) contactEmail!: string;
  @Column({ name: 'contact_phone', type: 'varchar', length: 50, nullable: true }) contactPhone!: string | null;
  @Column({ type: 'boolean' }) sme!: boolean;
  /** The language the supplier is written to in (fi, sv, en): the registration's, or its request's. */
  @Column({ type: 'varchar', length: 5, default: 'fi' }) language!: string;
  /** False when the supplier opted out of reminders (deadline approaching); announcements still go. */
  @Column({ type: 'boolean', default: true }) reminders!: boolean;
  /** Stands for the supplier wherever others may see its questions. */
  @Column({ name: 'author_hash', type: 'varchar', length: 40 }) authorHash!: string;
  @Column({ name: 'registered_at' }) registeredAt!: Date;
  @Column({ name: 'registered_by', type: 'varchar', length: 200 }) registeredBy!: string;
}

/** A dialogue round's content; its deadlines are also scheduled in the plan's machine. */
@Entity('dialogue_rounds')
export class DialogueRoundEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  @Column({ type: 'varchar', length: 30 }) type!: RoundType;
  @Column({ type: 'varchar', length: 300 }) title!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ name: 'opens_at' }) opensAt!: Date;
  @Column({ name: 'questions_until' }) questionsUntil!: Date;
  @Column({ name: 'clarifications_until' }) clarificationsUntil!: Date;
  @Column({ name: 'closes_at' }) closesAt!: Date;
  @Column({ type: 'text', transformer: json }) questionnaire!: QuestionnaireQuestion[];
  @Column({ name: 'draft_items', type: 'text', transformer: json }) draftItems!: DraftItem[];
  @Column({ name: 'created_at' }) createdAt!: Date;
  @Column({ name: 'created_by', type: 'varchar', length: 200 }) createdBy!: string;
}

/** One version of a supplier's response to an RFI round; every version is kept. */
@Entity('supplier_responses')
export class SupplierResponseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'round_id', type: 'varchar', length: 36 }) roundId!: string;
  @Column({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  @Column({ name: 'business_id', type: 'varchar', length: 200 }) businessId!: string;
  @Column({ type: 'integer' }) version!: number;
  @Column({ type: 'text', transformer: json }) answers!: ResponseAnswer[];
  @Column({ name: 'submitted_at' }) submittedAt!: Date;
  @Column({ name: 'submitted_by', type: 'varchar', length: 200 }) submittedBy!: string;
}

/** A clarification question; `answerId` links it to the published answer (possibly shared by duplicates). */
@Entity('enquiries')
export class EnquiryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'round_id', type: 'varchar', length: 36 }) roundId!: string;
  @Column({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  @Column({ name: 'business_id', type: 'varchar', length: 200 }) businessId!: string;
  @Column({ name: 'author_hash', type: 'varchar', length: 40 }) authorHash!: string;
  @Column({ type: 'text' }) question!: string;
  @Column({ name: 'asked_at' }) askedAt!: Date;
  @Column({ name: 'answer_id', type: 'varchar', length: 36, nullable: true }) answerId!: string | null;
}

/** A published answer, or a published dismissal with its reason; visible to every registered supplier. */
@Entity('enquiry_answers')
export class EnquiryAnswerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'round_id', type: 'varchar', length: 36 }) roundId!: string;
  @Column({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  @Column({ type: 'varchar', length: 20 }) kind!: 'answer' | 'dismissal';
  @Column({ type: 'text' }) text!: string;
  @Column({ name: 'published_at' }) publishedAt!: Date;
  @Column({ name: 'published_by', type: 'varchar', length: 200 }) publishedBy!: string;
}

/** A supplier's comment on one draft item of a commenting round. */
@Entity('draft_comments')
export class DraftCommentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'round_id', type: 'varchar', length: 36 }) roundId!: string;
  @Column({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  @Column({ name: 'business_id', type: 'varchar', length: 200 }) businessId!: string;
  @Column({ name: 'item_id', type: 'varchar', length: 100 }) itemId!: string;
  @Column({ type: 'text' }) comment!: string;
  @Column({ type: 'varchar', length: 20 }) confidentiality!: Confidentiality;
  @Column({ type: 'text', nullable: true }) rationale!: string | null;
  @Column({ name: 'submitted_at' }) submittedAt!: Date;
}

/**
 * A time an officer offers for one-to-one meetings in a round. Every slot of a round has the same
 * duration, so every supplier is offered the same; a meeting that books it names it (`slot_id`).
 */
@Entity('meeting_slots')
export class MeetingSlotEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'round_id', type: 'varchar', length: 36 }) roundId!: string;
  @Column({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  @Column({ name: 'starts_at' }) startsAt!: Date;
  @Column({ name: 'duration_minutes', type: 'integer' }) durationMinutes!: number;
  @Column({ name: 'offered_at' }) offeredAt!: Date;
  @Column({ name: 'offered_by', type: 'varchar', length: 200 }) offeredBy!: string;
}

/**
 * A one-to-one meeting offered to one registered supplier in a round: the slot it booked (unique:
 * one supplier a slot), when it booked or declined, and once held its minutes and material.
 */
@Entity('meetings')
export class MeetingEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'round_id', type: 'varchar', length: 36 }) roundId!: string;
  @Column({ name: 'plan_id', type: 'varchar', length: 36 }) planId!: string;
  @Column({ name: 'business_id', type: 'varchar', length: 200 }) businessId!: string;
  /** The round's slot duration when the offer was made: the same for every supplier. */
  @Column({ name: 'duration_minutes', type: 'integer' }) durationMinutes!: number;
  @Column({ name: 'offered_at' }) offeredAt!: Date;
  @Column({ name: 'offered_by', type: 'varchar', length: 200 }) offeredBy!: string;
  @Column({ name: 'slot_id', type: 'varchar', length: 36, nullable: true }) slotId!: string | null;
  @Column({ name: 'booked_at', type: Date, nullable: true }) bookedAt!: Date | null;
  @Column({ name: 'declined_at', type: Date, nullable: true }) declinedAt!: Date | null;
  @Column({ name: 'held_at', type: Date, nullable: true }) heldAt!: Date | null;
  @Column({ type: 'text', nullable: true }) minutes!: string | null;
  @Column({ name: 'shared_material', type: 'text', transformer: json }) sharedMaterial!: SharedMaterial[];
}

/**
 * The tables of the dialogue whose rows the plan's trail vouches for, with what a person calls a row,
 * in the order a trail's verification reports them (meetings and their slots are MeetingsService's).
 */
export const DIALOGUE_AUDITED = [
  ['registration', 'supplier registration', SupplierRegistrationEntity],
  ['round', 'dialogue round', DialogueRoundEntity],
  ['response', 'supplier response', SupplierResponseEntity],
  ['question', 'clarification question', EnquiryEntity],
  ['answer', 'published answer', EnquiryAnswerEntity],
  ['comment', 'draft comment', DraftCommentEntity],
] as const;

export const DIALOGUE_ENTITIES = [
  SupplierRegistrationEntity,
  DialogueRoundEntity,
  SupplierResponseEntity,
  EnquiryEntity,
  EnquiryAnswerEntity,
  DraftCommentEntity,
  MeetingSlotEntity,
  MeetingEntity,
];
