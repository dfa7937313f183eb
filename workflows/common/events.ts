import { PROCEDURES, SUSTAINABILITY_GOAL_CODES } from './codes';
import { ROUND_TYPES, SUBMISSION_LANGUAGES } from './context';
import type { EventSpec, PayloadSchema, Role } from './types';

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, pattern: '\\S' });
const textList = (maxItems: number, maxLength = 500) => ({ type: 'array', maxItems, items: text(maxLength) });
const isoDate = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' };

function payload(properties: Record<string, unknown> = {}, required: string[] = []): PayloadSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

function event(type: string, roles: Role[], description: string, schema: PayloadSchema = payload()): EventSpec {
  return { type, roles, description, payload: schema };
}

function internalEvent(type: string, roles: Role[], description: string, schema: PayloadSchema): EventSpec {
  return { ...event(type, roles, description, schema), internal: true };
}

const instant = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$' };
const uuid = { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' };
const deadlines = { opensAt: instant, questionsUntil: instant, clarificationsUntil: instant, closesAt: instant };

const reason = payload({ reason: text(2000) }, ['reason']);

/** Every event either workflow knows, with who may send it and what it carries. */
export const EVENTS = {
  START_NEEDS_ASSESSMENT: event('START_NEEDS_ASSESSMENT', ['officer'], 'Leave the draft and start assessing the need.'),
  RECORD_NEEDS: event(
    'RECORD_NEEDS',
    ['officer'],
    'Record the need, the users consulted, the strategic goals it serves and the rationale. Replaces the previous record.',
    payload(
      {
        need: text(5000),
        usersConsulted: textList(50),
        strategicGoals: textList(50),
        rationale: text(5000),
      },
      ['need'],
    ),
  ),
  COMPLETE_NEEDS_ASSESSMENT: event('COMPLETE_NEEDS_ASSESSMENT', ['officer'], 'Finish the needs assessment and analyse the market.'),
  RECORD_MARKET_ANALYSIS: event(
    'RECORD_MARKET_ANALYSIS',
    ['officer'],
    'Record the market study: known suppliers, available solutions, their maturity and the risks. Replaces the previous record.',
    payload(
      {
        knownSuppliers: { type: 'integer', minimum: 0, maximum: 100000 },
        solutions: textList(100),
        maturity: { enum: ['emerging', 'developing', 'mature'] },
        risks: textList(100),
        noSolutionOnMarket: { type: 'boolean' },
      },
      ['knownSuppliers', 'solutions', 'maturity'],
    ),
  ),
  PUBLISH_ENGAGEMENT_NOTICE: event(
    'PUBLISH_ENGAGEMENT_NOTICE',
    ['officer'],
    'Publish the notice that tells the market a dialogue is planned (what, how and when) as an eForms E1 notice; refused, naming the business terms, while the notice, the plan or the organisation profile lacks one.',
    payload(
      {
        title: text(300),
        description: text(5000),
        process: text(5000),
        plannedStart: isoDate,
        plannedEnd: isoDate,
        registrationUntil: isoDate,
        titleSv: text(300),
        descriptionSv: text(10000),
        answersDeadline: instant,
        submissionLanguages: {
          type: 'array',
          minItems: 1,
          maxItems: SUBMISSION_LANGUAGES.length,
          uniqueItems: true,
          items: { enum: [...SUBMISSION_LANGUAGES] },
        },
        contactPoint: {
          type: 'object',
          properties: {
            name: text(300),
            email: { ...text(320), pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' },
            phone: { ...text(50), pattern: '^\\+?[0-9][0-9 ()-]{4,48}$' },
          },
          additionalProperties: false,
        },
        documentsUrl: { ...text(500), pattern: '^https?://\\S+$' },
        euDirectiveApplies: { type: 'boolean' },
      },
      ['title', 'description', 'process'],
    ),
  ),
  WAIVE_ENGAGEMENT_NOTICE: event('WAIVE_ENGAGEMENT_NOTICE', ['officer'], 'Record why no engagement notice is published before the dialogue.', reason),
  START_MARKET_DIALOGUE: event('START_MARKET_DIALOGUE', ['officer'], 'Open the market dialogue with suppliers.'),
  SCHEDULE_DIALOGUE_ROUND: internalEvent(
    'SCHEDULE_DIALOGUE_ROUND',
    ['officer'],
    'A dialogue round was created (POST /procurements/:id/dialogue/rounds): its deadlines become durable timers.',
    payload({ roundId: uuid, type: { enum: [...ROUND_TYPES] }, ...deadlines }, [
      'roundId',
      'type',
      'opensAt',
      'questionsUntil',
      'clarificationsUntil',
      'closesAt',
    ]),
  ),
  EXTEND_DIALOGUE_ROUND: internalEvent(
    'EXTEND_DIALOGUE_ROUND',
    ['officer'],
    "A round's deadlines were extended (PATCH /procurements/:id/dialogue/rounds/:roundId); the audit keeps the old and new dates.",
    payload(
      {
        roundId: uuid,
        ...deadlines,
        previous: { type: 'object', properties: deadlines, required: Object.keys(deadlines), additionalProperties: false },
      },
      ['roundId', 'opensAt', 'questionsUntil', 'clarificationsUntil', 'closesAt', 'previous'],
    ),
  ),
  DIALOGUE_ROUND_DEADLINE: internalEvent(
    'DIALOGUE_ROUND_DEADLINE',
    ['system'],
    "A round's deadline passed: answers to questions stop (clarifications) or the round closes (close).",
    payload({ roundId: uuid, deadline: { enum: ['clarifications', 'close'] }, dueAt: instant }, ['roundId', 'deadline', 'dueAt']),
  ),
  PUBLISH_DIALOGUE_SUMMARY: event(
    'PUBLISH_DIALOGUE_SUMMARY',
    ['officer'],
    "Publish to all participants what the dialogue taught and how the input is used; state noSolutionOnMarket when no solution on the market meets the need, and outcome noSupplierRegistered when nobody registered by the end of the engagement notice's registration period.",
    payload(
      { summary: text(20000), inputUse: text(20000), noSolutionOnMarket: { type: 'boolean' }, outcome: { enum: ['dialogueHeld', 'noSupplierRegistered'] } },
      ['summary', 'inputUse'],
    ),
  ),
  START_CO_DEVELOPMENT: event('START_CO_DEVELOPMENT', ['officer'], 'Leave the dialogue for co-development (workshops, pilots).'),
  SKIP_CO_DEVELOPMENT: event(
    'SKIP_CO_DEVELOPMENT',
    ['officer'],
    'Leave the dialogue straight for criteria and strategy, recording why co-development is skipped.',
    reason,
  ),
  RECORD_CO_DEVELOPMENT_ACTIVITY: event(
    'RECORD_CO_DEVELOPMENT_ACTIVITY',
    ['officer'],
    'Record a workshop or pilot with its participants and outcomes.',
    payload(
      {
        kind: { enum: ['workshop', 'pilot'] },
        title: text(300),
        date: isoDate,
        participants: textList(200),
        outcomes: text(20000),
      },
      ['kind', 'title', 'date', 'outcomes'],
    ),
  ),
  COMPLETE_CO_DEVELOPMENT: event('COMPLETE_CO_DEVELOPMENT', ['officer'], 'Finish co-development and set criteria and strategy.'),
  COMPLETE_MARKET_ANALYSIS: event('COMPLETE_MARKET_ANALYSIS', ['officer'], 'Finish the market analysis and set criteria and strategy.'),
  RECORD_SUSTAINABILITY_STRATEGY: event(
    'RECORD_SUSTAINABILITY_STRATEGY',
    ['officer'],
    'Record the sustainability goals the plan serves (OCDS sustainability goal codes) with a strategy for each, or a justification for having none.',
    payload(
      {
        goals: {
          type: 'array',
          maxItems: 30,
          items: {
            type: 'object',
            properties: { code: { enum: [...SUSTAINABILITY_GOAL_CODES] }, strategy: text(5000) },
            required: ['code', 'strategy'],
            additionalProperties: false,
          },
        },
        justification: text(5000),
      },
      ['goals'],
    ),
  ),
  COMPLETE_CRITERIA: event('COMPLETE_CRITERIA', ['officer'], 'Finish criteria and strategy and choose the procedure.'),
  SELECT_PROCEDURE: event(
    'SELECT_PROCEDURE',
    ['officer'],
    'Choose the procurement procedure and state why.',
    payload({ procedure: { enum: [...PROCEDURES] }, rationale: text(5000) }, ['procedure', 'rationale']),
  ),
  REVISE_CRITERIA: event('REVISE_CRITERIA', ['officer'], 'Go back to criteria and strategy.'),
  REQUEST_APPROVAL: event('REQUEST_APPROVAL', ['officer'], 'Ask a manager to approve the plan.'),
  APPROVE: event(
    'APPROVE',
    ['manager'],
    'Approve the plan for tendering. The approver must not be the one who requested approval.',
    payload({ comment: text(5000) }),
  ),
  RETURN_FOR_REVISION: event('RETURN_FOR_REVISION', ['manager'], 'Send the plan back to procedure selection with a reason.', reason),
  VOID_APPROVAL: internalEvent(
    'VOID_APPROVAL',
    ['officer'],
    'The plan changed after it was approved or submitted for approval (PATCH /procurements/:id): it needs approval again, requested by whoever changed it.',
    reason,
  ),
  LINK_TENDER: event(
    'LINK_TENDER',
    ['officer'],
    'Record the tender published in the tendering system for this plan.',
    payload({ tenderId: text(200), url: { type: 'string', maxLength: 2000, pattern: '^https?://\\S+$' } }, ['tenderId']),
  ),
  MARK_UNSUCCESSFUL: event('MARK_UNSUCCESSFUL', ['officer'], 'Close the plan as unsuccessful, with a reason.', reason),
  CANCEL: event('CANCEL', ['officer', 'manager'], 'Cancel the plan, with a reason.', reason),
} as const satisfies Record<string, EventSpec>;

export type EventType = keyof typeof EVENTS;

export function pickEvents<T extends EventType>(...types: T[]): Record<T, EventSpec> {
  return Object.fromEntries(types.map((t) => [t, EVENTS[t]])) as Record<T, EventSpec>;
}
