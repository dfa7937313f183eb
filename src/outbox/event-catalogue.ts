import type { Actor } from '../../workflows/common/types';

/**
 * The outgoing events (decision 0021): what a committed change announces, with a JSON Schema of its
 * `data`. Webhooks carry the data as the CloudEvents `data`; e-mails are written from it. The data
 * holds only what the organisation's own officers may read, and less: never a supplier's answers,
 * comments or trade secrets, never who asked a question. `docs/events.md` is generated from here.
 */

type Schema = Record<string, unknown>;

const str = (maxLength?: number): Schema => (maxLength ? { type: 'string', maxLength } : { type: 'string' });
const uuid: Schema = { type: 'string', format: 'uuid' };
const instant: Schema = { type: 'string', format: 'date-time' };
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
const object = (properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});

/** The plan as every event names it: enough to find it and show it without another request. */
const planSchema = object({
  id: uuid,
  ocid: str(),
  title: str(),
  organisationId: str(),
  stage: str(),
  version: { type: 'integer', minimum: 1 },
  workflow: object({ id: str(), version: { type: 'integer', minimum: 1 } }),
});

/** Who acted: a person of the buying organisation or the engine; null when a supplier acted (never named here). */
const actorSchema = nullable(object({ id: str(), name: str(), role: { enum: ['officer', 'manager', 'admin', 'system'] } }));

const roundDates = { opensAt: instant, questionsUntil: instant, clarificationsUntil: instant, closesAt: instant };

export interface EventTypeSpec {
  description: string;
  /** The workflow event or recorded change that announces it (documentation). */
  cause: string;
  /** Who is told by e-mail, if anyone (documentation; the mail module decides). */
  mail: string | null;
  /** JSON Schema of `data.` beyond `plan` and `actor`, which every event has. */
  properties: Record<string, Schema>;
  required?: string[];
}

const spec = (description: string, cause: string, mail: string | null, properties: Record<string, Schema> = {}, required?: string[]): EventTypeSpec => ({
  description,
  cause,
  mail,
  properties,
  required,
});

export const EVENT_TYPES = {
  'plan.created': spec('A plan was created.', 'PLAN_CREATED', null, {
    cpvCode: str(),
    estimatedValue: object({ amount: { type: 'number' }, currency: str(3) }),
  }),
  'plan.updated': spec(
    "The plan's own fields were edited; `changed` names them, `values` holds their new values.",
    'PLAN_UPDATED (PATCH /procurements/{id})',
    null,
    {
      changed: { type: 'array', items: str() },
      values: { type: 'object' },
    },
  ),
  'plan.teamChanged': spec("The plan's owner or team changed (who may change the plan).", 'PLAN_TEAM_CHANGED (PUT /procurements/{id}/team)', null, {
    owner: nullable(object({ from: object({ id: str(), name: str() }), to: object({ id: str(), name: str() }) })),
    added: { type: 'array', items: object({ id: str(), name: str() }) },
    removed: { type: 'array', items: object({ id: str(), name: str() }) },
  }),
  'plan.workflowMigrated': spec(
    'The plan moved to another version of its workflow (a migration of running plans).',
    'WORKFLOW_MIGRATED (POST /workflows/{id}/migrations)',
    null,
    {
      migrationId: str(),
      from: { type: 'integer', minimum: 1 },
      to: { type: 'integer', minimum: 1 },
      stageMapping: object({ from: str(), to: str() }),
    },
  ),
  'plan.stageChanged': spec('The plan moved from one stage to another.', 'any workflow event that changes the stage', null, {
    event: str(),
    fromStage: str(),
    toStage: str(),
  }),
  'plan.eventRecorded': spec(
    'A workflow event was accepted without a change of stage (needs recorded, market analysis recorded, …).',
    'any workflow event that keeps the stage',
    null,
    {
      event: str(),
    },
  ),
  'plan.cancelled': spec('The plan was cancelled; the suppliers registered in its dialogue are told.', 'CANCEL', 'registered suppliers', { reason: str() }),
  'plan.closedUnsuccessful': spec('The plan was closed as unsuccessful.', 'MARK_UNSUCCESSFUL', null, { reason: str() }),
  'plan.tenderLinked': spec('The tender published for the plan was linked to it.', 'LINK_TENDER', null, { tenderId: str(), url: nullable(str()) }),
  'approval.requested': spec(
    "An officer asked for the plan's approval; the organisation's managers are told.",
    'REQUEST_APPROVAL, VOID_APPROVAL',
    'managers of the organisation',
    {
      reason: nullable(str()),
    },
  ),
  'approval.decided': spec('A manager approved the plan or returned it for revision.', 'APPROVE, RETURN_FOR_REVISION', "the plan's owner", {
    decision: { enum: ['approved', 'returned'] },
    comment: nullable(str()),
  }),
  'approval.waiting': spec(
    'Reminder: the plan has waited for approval more than APPROVAL_REMINDER_DAYS days.',
    'a reminder timer set when approval is requested',
    'managers of the organisation',
    { requestedAt: instant, days: { type: 'integer', minimum: 1 } },
  ),
  'dialogue.supplierRegistered': spec('A supplier registered in the market dialogue.', 'POST /procurements/{id}/dialogue/registrations', null, {
    registrationId: uuid,
    businessId: str(),
    supplierName: str(),
    sme: { type: 'boolean' },
  }),
  'dialogue.registrationUpdated': spec('A registered supplier changed its contact, language or reminder choice.', 'SUPPLIER_REGISTRATION_UPDATED', null, {
    registrationId: uuid,
    businessId: str(),
    changed: { type: 'array', items: str() },
  }),
  'dialogue.roundScheduled': spec('A dialogue round was scheduled.', 'SCHEDULE_DIALOGUE_ROUND', 'registered suppliers', {
    round: object({ id: uuid, type: str(), ...roundDates }),
  }),
  'dialogue.roundExtended': spec("A round's deadlines were extended; the suppliers registered are told.", 'EXTEND_DIALOGUE_ROUND', 'registered suppliers', {
    round: object({ id: uuid, ...roundDates }),
    previous: object(roundDates),
  }),
  'dialogue.roundClosing': spec(
    'Reminder: a round closes within 48 hours.',
    'a reminder timer set when a round is scheduled or extended',
    'registered suppliers who did not opt out of reminders',
    { round: object({ id: uuid, closesAt: instant }) },
  ),
  'dialogue.clarificationsClosed': spec(
    "A round's clarification period ended: no more answers to questions.",
    'DIALOGUE_ROUND_DEADLINE (clarifications)',
    null,
    {
      roundId: uuid,
    },
  ),
  'dialogue.roundClosed': spec('A round closed at its deadline.', 'DIALOGUE_ROUND_DEADLINE (close)', null, { roundId: uuid }),
  'dialogue.questionAsked': spec('A supplier asked a clarification question (who asked is never told).', 'QUESTION_ASKED', "the plan's owner", {
    roundId: uuid,
    questionId: uuid,
  }),
  'dialogue.answerPublished': spec(
    'An answer to one or more questions was published to every registered supplier.',
    'ANSWER_PUBLISHED',
    'registered suppliers',
    {
      roundId: uuid,
      answerId: uuid,
      questionIds: { type: 'array', items: uuid },
      text: str(),
    },
  ),
  'dialogue.questionDismissed': spec('Questions were dismissed with a published reason.', 'QUESTION_DISMISSED', null, {
    roundId: uuid,
    answerId: uuid,
    questionIds: { type: 'array', items: uuid },
    text: str(),
  }),
  'dialogue.responseReceived': spec(
    'A supplier submitted (a version of) its response to a round; the contents never leave the service.',
    'RESPONSE_SUBMITTED',
    "the plan's owner, in one digest a day",
    { roundId: uuid, responseId: uuid, businessId: str(), version: { type: 'integer', minimum: 1 } },
  ),
  'dialogue.responsesDigest': spec(
    'The responses received since the last digest, counted per round (one a day while responses arrive).',
    'a reminder timer set by the first response after a digest',
    "the plan's owner",
    {
      since: instant,
      rounds: {
        type: 'array',
        items: object({ roundId: uuid, title: str(), responses: { type: 'integer', minimum: 1 }, suppliers: { type: 'integer', minimum: 1 } }),
      },
    },
  ),
  'dialogue.draftCommentReceived': spec('A supplier commented on a draft item (the comment never leaves the service).', 'DRAFT_COMMENT_SUBMITTED', null, {
    roundId: uuid,
    commentId: uuid,
    itemId: str(),
  }),
  'dialogue.meetingOffered': spec(
    'Meeting slots were offered in a one-to-one round (`slots`, all of one duration), and a meeting to each registered supplier that had none there (`businessIds`); those suppliers are told the free slots to book.',
    'MEETINGS_OFFERED',
    'each supplier newly offered a meeting',
    {
      roundId: uuid,
      businessIds: { type: 'array', items: str() },
      durationMinutes: { type: 'integer', minimum: 1 },
      slots: { type: 'array', items: object({ id: uuid, startsAt: instant }) },
    },
  ),
  'dialogue.meetingBooked': spec(
    "A supplier booked a meeting slot, or moved its booking to another slot (`previousStartsAt`); the plan's owner is told.",
    'MEETING_BOOKED, MEETING_MOVED',
    "the plan's owner",
    {
      roundId: uuid,
      meetingId: uuid,
      businessId: str(),
      slotId: uuid,
      startsAt: instant,
      durationMinutes: { type: 'integer', minimum: 1 },
      previousStartsAt: nullable(instant),
    },
  ),
  'dialogue.meetingDeclined': spec(
    "A supplier declined its meeting; the slot it had booked (`startsAt`), if any, is free again. The plan's owner is told.",
    'MEETING_DECLINED',
    "the plan's owner",
    {
      roundId: uuid,
      meetingId: uuid,
      businessId: str(),
      startsAt: nullable(instant),
    },
  ),
  'dialogue.meetingHeld': spec('A meeting was held and its minutes recorded.', 'MEETING_HELD', null, { roundId: uuid, meetingId: uuid }),
  'dialogue.summaryPublished': spec("The dialogue's summary was published to every participant.", 'PUBLISH_DIALOGUE_SUMMARY', 'registered suppliers', {
    summary: str(),
    inputUse: str(),
    noSolutionOnMarket: { type: 'boolean' },
  }),
  'criteria.changed': spec(
    "The plan's criteria changed (added, updated, removed or replaced).",
    'CRITERION_ADDED, CRITERION_UPDATED, CRITERION_REMOVED, CRITERIA_REPLACED',
    null,
    {
      change: { enum: ['added', 'updated', 'removed', 'replaced'] },
      criterionIds: { type: 'array', items: str() },
    },
  ),
  'lifeCycleCost.changed': spec("The plan's life-cycle cost model was saved or removed.", 'LIFE_CYCLE_COST_SET, LIFE_CYCLE_COST_REMOVED', null, {
    change: { enum: ['saved', 'removed'] },
  }),
  'plan.goalsDeclared': spec('The strategic goals the plan serves were declared.', 'STRATEGIC_GOALS_DECLARED', null, {
    strategicGoalIds: { type: 'array', items: str() },
  }),
  'notice.statisticsOverridden': spec(
    "An officer overrode answers to Hilma's statistical questions of the plan's notice (`value` null: the override was removed and the derived answer applies again).",
    'HILMA_STATISTICS_OVERRIDDEN (PATCH /procurements/{id}/notices/e1/hilma-statistics)',
    null,
    {
      noticeSubtype: { enum: ['E1'] },
      changes: {
        type: 'array',
        items: object({
          lotId: str(),
          question: str(),
          value: { anyOf: [{ type: 'boolean' }, { type: 'integer', minimum: 0 }, { type: 'null' }] },
          reason: str(),
        }),
      },
    },
  ),
} as const satisfies Record<string, EventTypeSpec>;

export type OutgoingEventType = keyof typeof EVENT_TYPES;
export const OUTGOING_EVENT_TYPES = Object.keys(EVENT_TYPES) as OutgoingEventType[];

export function isOutgoingEventType(type: string): type is OutgoingEventType {
  return Object.prototype.hasOwnProperty.call(EVENT_TYPES, type);
}

/** The JSON Schema of an event type's `data`. */
export function dataSchema(type: OutgoingEventType): Schema {
  const { properties, required } = EVENT_TYPES[type];
  return {
    $id: `urn:procurement-planning-engine:events:${type}`,
    title: type,
    description: EVENT_TYPES[type].description,
    ...object({ plan: planSchema, actor: actorSchema, ...properties }, ['plan', 'actor', ...(required ?? Object.keys(properties))]),
  };
}

export interface PlanSummary {
  id: string;
  ocid: string;
  title: string;
  organisationId: string;
  stage: string;
  version: number;
  workflow: { id: string; version: number };
}

/** An event's data: the plan and actor every event carries, and its own fields. */
export interface EventData {
  plan: PlanSummary;
  actor: Pick<Actor, 'id' | 'name' | 'role'> | null;
  [field: string]: unknown;
}

export interface OutgoingEvent {
  type: OutgoingEventType;
  data: EventData;
}
