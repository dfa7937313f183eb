import type { Actor } from '../../workflows/common/types';
import type { CommittedChange } from '../engine/engine.service';
import { extended } from '../common/extended';
import type { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import type { EventData, OutgoingEvent, OutgoingEventType, PlanSummary } from './event-catalogue';

type Payload = Record<string, unknown>;

export function planSummary(plan: ProcurementPlanEntity): PlanSummary {
  return {
    id: plan.id,
    ocid: plan.ocid,
    title: plan.title,
    organisationId: plan.organisationId,
    stage: plan.stage,
    version: plan.version,
    workflow: { id: plan.workflowId, version: plan.workflowVersion },
  };
}

/** People of the buying organisation are named; a supplier never is (who asked a question stays unknown). */
export function publicActor(actor: Actor): EventData['actor'] {
  if (actor.role === 'supplier') return null;
  return { id: actor.id, name: actor.name, role: actor.role };
}

const pick = (payload: Payload, ...fields: string[]): Payload => Object.fromEntries(fields.filter((f) => payload[f] !== undefined).map((f) => [f, payload[f]]));
const orNull = (value: unknown): unknown => value ?? null;
const dates = (p: Payload) => ({ opensAt: p.opensAt, questionsUntil: p.questionsUntil, clarificationsUntil: p.clarificationsUntil, closesAt: p.closesAt });

/** What each workflow event says beyond its change of stage. */
const WORKFLOW_EVENTS: Record<string, (p: Payload) => Array<[OutgoingEventType, Payload]>> = {
  CANCEL: (p) => [['plan.cancelled', { reason: p.reason }]],
  MARK_UNSUCCESSFUL: (p) => [['plan.closedUnsuccessful', { reason: p.reason }]],
  LINK_TENDER: (p) => [['plan.tenderLinked', { tenderId: p.tenderId, url: orNull(p.url) }]],
  REQUEST_APPROVAL: () => [['approval.requested', { reason: null }]],
  VOID_APPROVAL: (p) => [['approval.requested', { reason: orNull(p.reason) }]],
  APPROVE: (p) => [['approval.decided', { decision: 'approved', comment: orNull(p.comment) }]],
  RETURN_FOR_REVISION: (p) => [['approval.decided', { decision: 'returned', comment: orNull(p.reason) }]],
  SCHEDULE_DIALOGUE_ROUND: (p) => [['dialogue.roundScheduled', { round: { id: p.roundId, type: p.type, ...dates(p) } }]],
  EXTEND_DIALOGUE_ROUND: (p) => [['dialogue.roundExtended', { round: { id: p.roundId, ...dates(p) }, previous: dates(p.previous as Payload) }]],
  DIALOGUE_ROUND_DEADLINE: (p) => [[p.deadline === 'close' ? 'dialogue.roundClosed' : 'dialogue.clarificationsClosed', { roundId: p.roundId }]],
  PUBLISH_DIALOGUE_SUMMARY: (p) => [
    ['dialogue.summaryPublished', { summary: p.summary, inputUse: p.inputUse, noSolutionOnMarket: p.noSolutionOnMarket === true }],
  ],
};

/** Changes a module records on the trail (they never change the stage). */
const RECORDED_CHANGES: Record<string, (p: Payload) => Array<[OutgoingEventType, Payload]>> = {
  PLAN_CREATED: (p) => [['plan.created', { cpvCode: p.cpvCode, estimatedValue: { amount: p.budgetAmount, currency: p.budgetCurrency } }]],
  PLAN_UPDATED: (p) => [['plan.updated', { changed: Object.keys(p), values: p }]],
  PLAN_TEAM_CHANGED: (p) => [['plan.teamChanged', pick(p, 'owner', 'added', 'removed')]],
  WORKFLOW_MIGRATED: (p) => [['plan.workflowMigrated', pick(p, 'migrationId', 'from', 'to', 'stageMapping')]],
  SUPPLIER_REGISTERED: (p) => [['dialogue.supplierRegistered', pick(p, 'registrationId', 'businessId', 'supplierName', 'sme')]],
  SUPPLIER_REGISTRATION_UPDATED: (p) => [['dialogue.registrationUpdated', extended(pick(p, 'registrationId', 'businessId'), { changed: p.changed ?? [] })]],
  RESPONSE_SUBMITTED: (p) => [['dialogue.responseReceived', pick(p, 'roundId', 'responseId', 'businessId', 'version')]],
  QUESTION_ASKED: (p) => [['dialogue.questionAsked', pick(p, 'roundId', 'questionId')]],
  ANSWER_PUBLISHED: (p) => [['dialogue.answerPublished', pick(p, 'roundId', 'answerId', 'questionIds', 'text')]],
  QUESTION_DISMISSED: (p) => [['dialogue.questionDismissed', pick(p, 'roundId', 'answerId', 'questionIds', 'text')]],
  DRAFT_COMMENT_SUBMITTED: (p) => [['dialogue.draftCommentReceived', pick(p, 'roundId', 'commentId', 'itemId')]],
  MEETINGS_OFFERED: (p) => [['dialogue.meetingOffered', pick(p, 'roundId', 'businessIds', 'durationMinutes', 'slots')]],
  MEETING_BOOKED: (p) => [
    ['dialogue.meetingBooked', extended(pick(p, 'roundId', 'meetingId', 'businessId', 'slotId', 'startsAt', 'durationMinutes'), { previousStartsAt: null })],
  ],
  MEETING_MOVED: (p) => [
    [
      'dialogue.meetingBooked',
      extended(pick(p, 'roundId', 'meetingId', 'businessId', 'slotId', 'startsAt', 'durationMinutes'), { previousStartsAt: p.previousStartsAt }),
    ],
  ],
  MEETING_DECLINED: (p) => [['dialogue.meetingDeclined', extended(pick(p, 'roundId', 'meetingId', 'businessId'), { startsAt: orNull(p.startsAt) })]],
  MEETING_HELD: (p) => [['dialogue.meetingHeld', pick(p, 'roundId', 'meetingId')]],
  CRITERION_ADDED: (p) => [['criteria.changed', { change: 'added', criterionIds: [String(p.id)] }]],
  CRITERION_UPDATED: (p) => [['criteria.changed', { change: 'updated', criterionIds: [String(p.id)] }]],
  CRITERION_REMOVED: (p) => [['criteria.changed', { change: 'removed', criterionIds: [String(p.id)] }]],
  CRITERIA_REPLACED: (p) => [
    ['criteria.changed', { change: 'replaced', criterionIds: ((p.criteria as Payload[] | undefined) ?? []).map((c) => String(c.id)) }],
  ],
  LIFE_CYCLE_COST_SET: () => [['lifeCycleCost.changed', { change: 'saved' }]],
  LIFE_CYCLE_COST_REMOVED: () => [['lifeCycleCost.changed', { change: 'removed' }]],
  STRATEGIC_GOALS_DECLARED: (p) => [['plan.goalsDeclared', { strategicGoalIds: p.strategicGoalIds }]],
  HILMA_STATISTICS_OVERRIDDEN: (p) => [
    [
      'notice.statisticsOverridden',
      { noticeSubtype: p.noticeSubtype, changes: ((p.changes as Payload[] | undefined) ?? []).map((c) => pick(c, 'lotId', 'question', 'value', 'reason')) },
    ],
  ],
};

/**
 * The outgoing events a committed change announces, in the order they happen: what it did, then
 * the change of stage it caused. Every change announces at least one event.
 */
export function outgoingEventsFor(plan: ProcurementPlanEntity, change: CommittedChange): OutgoingEvent[] {
  const payload = (change.payload ?? {}) as Payload;
  const base = { plan: planSummary(plan), actor: publicActor(change.actor) };
  const recorded = RECORDED_CHANGES[change.type];
  const specific = recorded ?? WORKFLOW_EVENTS[change.type];
  const events: OutgoingEvent[] = (specific?.(payload) ?? []).map(([type, data]) => ({ type, data: extended(base, data) }));
  if (!recorded && change.fromStage !== null) {
    if (change.fromStage !== change.toStage) {
      events.push({ type: 'plan.stageChanged', data: extended(base, { event: change.type, fromStage: change.fromStage, toStage: change.toStage }) });
    } else if (events.length === 0) {
      events.push({ type: 'plan.eventRecorded', data: extended(base, { event: change.type }) });
    }
  }
  if (events.length === 0) throw new Error(`No outgoing event is defined for ${change.type}: add it to src/outbox/outgoing-events.ts`);
  return events;
}
