import type { PlanContext, RoundSchedule } from '../../workflows/common/context';
import type {
  DialogueRoundEntity,
  DraftCommentEntity,
  EnquiryAnswerEntity,
  EnquiryEntity,
  SupplierRegistrationEntity,
  SupplierResponseEntity,
} from './dialogue.entities';
import { extended } from '../common/extended';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function notice(context: PlanContext) {
  const n = context.engagementNotice;
  return (
    n && { title: n.title, description: n.description, process: n.process, plannedStart: n.plannedStart, plannedEnd: n.plannedEnd, publishedAt: n.publishedAt }
  );
}

export function summary(context: PlanContext) {
  const s = context.dialogueSummary;
  return s && { summary: s.summary, inputUse: s.inputUse, publishedAt: s.publishedAt };
}

export type RoundStatus = 'scheduled' | 'open' | 'closed' | 'cancelled';

/** How the plan's dialogue ended, when it no longer runs: rounds still open then ended with it. */
export interface DialogueEnd {
  status: 'closed' | 'cancelled';
  at: Date;
}

/** `closed` once the deadline has passed, even before the timer has recorded it: nothing more is accepted. */
export function roundStatus(round: DialogueRoundEntity, schedule: RoundSchedule | undefined, now: Date, ended: DialogueEnd | null = null): RoundStatus {
  if (schedule?.closedAt) return 'closed';
  if (ended && ended.at < round.closesAt) return ended.status;
  if (now >= round.closesAt) return 'closed';
  return now < round.opensAt ? 'scheduled' : 'open';
}

export function round(r: DialogueRoundEntity, schedule: RoundSchedule | undefined, now: Date, ended: DialogueEnd | null = null) {
  const status = roundStatus(r, schedule, now, ended);
  return {
    id: r.id,
    type: r.type,
    title: r.title,
    description: r.description,
    status,
    opensAt: iso(r.opensAt),
    questionsUntil: iso(r.questionsUntil),
    clarificationsUntil: iso(r.clarificationsUntil),
    closesAt: iso(r.closesAt),
    closedAt: schedule?.closedAt ?? (ended && ended.at < r.closesAt ? iso(ended.at) : null),
    extensions: schedule?.extensions ?? 0,
    questionnaire: r.questionnaire,
    draftItems: r.draftItems,
  };
}

export function registration(r: SupplierRegistrationEntity) {
  return {
    id: r.id,
    businessId: r.businessId,
    name: r.name,
    contact: { name: r.contactName, email: r.contactEmail, phone: r.contactPhone },
    sme: r.sme,
    language: r.language,
    reminders: r.reminders,
    registeredAt: iso(r.registeredAt),
  };
}

export function responseVersion(r: SupplierResponseEntity) {
  return { id: r.id, roundId: r.roundId, businessId: r.businessId, version: r.version, answers: r.answers, submittedAt: iso(r.submittedAt) };
}

/** Every version of each supplier's response, the latest first in `latest`. */
export function responses(rows: SupplierResponseEntity[]) {
  const bySupplier = new Map<string, SupplierResponseEntity[]>();
  for (const row of rows) bySupplier.set(row.businessId, [...(bySupplier.get(row.businessId) ?? []), row]);
  return [...bySupplier.entries()].map(([businessId, versions]) => ({
    businessId,
    latest: responseVersion(versions[versions.length - 1]),
    versions: versions.map(responseVersion),
  }));
}

export function ownQuestion(q: EnquiryEntity) {
  return { id: q.id, roundId: q.roundId, question: q.question, askedAt: iso(q.askedAt), answered: q.answerId !== null, answerId: q.answerId };
}

export function officerQuestion(q: EnquiryEntity) {
  return extended(ownQuestion(q), { businessId: q.businessId, askedBy: q.authorHash });
}

/** What every registered supplier sees: the answer and the questions it answers, askers only as pseudonyms. */
export function publishedAnswer(a: EnquiryAnswerEntity, questions: EnquiryEntity[]) {
  return {
    id: a.id,
    roundId: a.roundId,
    kind: a.kind,
    text: a.text,
    publishedAt: iso(a.publishedAt),
    questions: questions.map((q) => ({ id: q.id, question: q.question, askedBy: q.authorHash, askedAt: iso(q.askedAt) })),
  };
}

export function comment(c: DraftCommentEntity) {
  return {
    id: c.id,
    roundId: c.roundId,
    businessId: c.businessId,
    itemId: c.itemId,
    comment: c.comment,
    confidentiality: c.confidentiality,
    rationale: c.rationale,
    submittedAt: iso(c.submittedAt),
  };
}
