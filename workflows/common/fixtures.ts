import { getShortestPaths } from '@xstate/graph';
import { transition, type AnyMachineSnapshot } from 'xstate';
import type { PlanContext } from './context';
import type { EventType } from './events';
import { EVENTS } from './events';
import { apply, evaluate, stageOf, start } from './inspect';
import type { RequirementId } from './requirements';
import type { Actor, EngineEvent, PlanFacts, Role, WorkflowDefinition } from './types';

/*
 * Data and helpers the workflow specs share, and nothing else imports. Free of any test framework
 * because the production build compiles everything under workflows/ except the specs.
 */

export const OFFICER: Actor = { id: 'officer-1', name: 'Olivia Officer', role: 'officer' };
export const OTHER_OFFICER: Actor = { id: 'officer-2', name: 'Oscar Officer', role: 'officer' };
export const MANAGER: Actor = { id: 'manager-1', name: 'Mia Manager', role: 'manager' };
export const OTHER_MANAGER: Actor = { id: 'manager-2', name: 'Max Manager', role: 'manager' };
/** The engine itself, as it sends timer events (the same as the engine's SYSTEM_ACTOR). */
export const SYSTEM: Actor = { id: 'system', name: 'Planning engine', role: 'system' };

export type FactsOverrides = { [K in keyof PlanFacts]?: Partial<PlanFacts[K]> };

/** Facts under which every requirement holds: the default caller is a manager who did not request approval. */
export function allFacts(overrides: FactsOverrides = {}): PlanFacts {
  const base: PlanFacts = {
    plan: { hasTitle: true, hasDescription: true, hasCpvCode: true, hasBudget: true },
    needs: { described: true, usersConsulted: 3, strategicGoals: 2, rationaleGiven: true },
    market: { analysisRecorded: true, noSolutionOnMarket: false },
    notice: { published: true, waived: false, registrationClosed: true },
    dialogue: {
      summaryPublished: true,
      openRounds: 0,
      unansweredQuestions: 0,
      suppliersWithoutMeetingOffer: 0,
      registrations: 2,
      roundsHeldWithSuppliers: 1,
      noSupplierOutcome: false,
    },
    coDevelopment: { activities: 1 },
    criteria: {
      awardCriteria: 2,
      awardWeightTotal: 100,
      awardWithoutSubjectLink: 0,
      lifeCycleCostUsed: true,
      lifeCycleCostMethodStated: true,
    },
    strategy: { goalsWithStrategy: 1, justificationGiven: false },
    procedure: { selected: 'open', rationaleGiven: true },
    approval: { requestedBy: OFFICER.id },
    regime: { applies: 'national', procedureAllowed: true },
    caller: { id: MANAGER.id, role: MANAGER.role },
  };
  const merged = { ...base } as Record<keyof PlanFacts, object>;
  for (const key of Object.keys(overrides) as Array<keyof PlanFacts>) {
    merged[key] = { ...base[key], ...overrides[key] };
  }
  return merged as PlanFacts;
}

/**
 * Facts of a plan where nothing has been recorded yet and nobody has requested approval, and
 * whose counted work is unfinished (a dialogue round open, a question unanswered, a supplier
 * without a meeting offer, a criterion without its link to the subject, life-cycle costing
 * without its method), so that every requirement fails except the innovation partnership one,
 * which only judges a selected procedure.
 */
export function noFacts(caller: Actor = OFFICER): PlanFacts {
  return {
    plan: { hasTitle: false, hasDescription: false, hasCpvCode: false, hasBudget: false },
    needs: { described: false, usersConsulted: 0, strategicGoals: 0, rationaleGiven: false },
    market: { analysisRecorded: false, noSolutionOnMarket: false },
    notice: { published: false, waived: false, registrationClosed: false },
    dialogue: {
      summaryPublished: false,
      openRounds: 1,
      unansweredQuestions: 1,
      suppliersWithoutMeetingOffer: 1,
      registrations: 0,
      roundsHeldWithSuppliers: 0,
      noSupplierOutcome: false,
    },
    coDevelopment: { activities: 0 },
    criteria: {
      awardCriteria: 0,
      awardWeightTotal: 0,
      awardWithoutSubjectLink: 1,
      lifeCycleCostUsed: true,
      lifeCycleCostMethodStated: false,
    },
    strategy: { goalsWithStrategy: 0, justificationGiven: false },
    procedure: { selected: null, rationaleGiven: false },
    approval: { requestedBy: null },
    regime: { applies: 'eu', procedureAllowed: false },
    caller: { id: caller.id, role: caller.role },
  };
}

/**
 * For each requirement, the smallest change to satisfied facts that makes exactly that
 * requirement fail. Typed by RequirementId so that a new requirement cannot be left out.
 */
const BREAKERS: Record<RequirementId, (facts: PlanFacts) => void> = {
  'plan.title': (f) => (f.plan.hasTitle = false),
  'plan.description': (f) => (f.plan.hasDescription = false),
  'plan.cpvCode': (f) => (f.plan.hasCpvCode = false),
  'plan.budget': (f) => (f.plan.hasBudget = false),
  'needs.described': (f) => (f.needs.described = false),
  'needs.usersConsulted': (f) => (f.needs.usersConsulted = 0),
  'needs.strategicGoals': (f) => (f.needs.strategicGoals = 0),
  'needs.rationale': (f) => (f.needs.rationaleGiven = false),
  'market.analysisRecorded': (f) => (f.market.analysisRecorded = false),
  'notice.publishedOrWaived': (f) => Object.assign(f.notice, { published: false, waived: false }),
  'notice.e1OrWaivedBelowEu': (f) => Object.assign(f.notice, { published: false, waived: false }),
  'notice.waiverBelowEu': (f) => (f.regime.applies = 'eu'),
  'dialogue.summaryPublished': (f) => (f.dialogue.summaryPublished = false),
  'dialogue.questionsAnswered': (f) => (f.dialogue.unansweredQuestions = 1),
  'dialogue.roundsClosed': (f) => (f.dialogue.openRounds = 1),
  'dialogue.meetingsOfferedToAll': (f) => (f.dialogue.suppliersWithoutMeetingOffer = 1),
  'dialogue.heldWithSuppliers': (f) => Object.assign(f.dialogue, { roundsHeldWithSuppliers: 0, noSupplierOutcome: false }),
  'coDevelopment.activityRecorded': (f) => (f.coDevelopment.activities = 0),
  'strategy.sustainability': (f) => Object.assign(f.strategy, { goalsWithStrategy: 0, justificationGiven: false }),
  'criteria.awardDefined': (f) => (f.criteria.awardCriteria = 0),
  'criteria.awardWeightsSum100': (f) => (f.criteria.awardWeightTotal = 90),
  'criteria.awardLinkedToSubject': (f) => (f.criteria.awardWithoutSubjectLink = 1),
  'lcc.methodAndDataStated': (f) => Object.assign(f.criteria, { lifeCycleCostUsed: true, lifeCycleCostMethodStated: false }),
  'procedure.selected': (f) => (f.procedure.selected = null),
  'procedure.innovationPartnershipJustified': (f) => {
    f.procedure.selected = 'innovationPartnership';
    f.market.noSolutionOnMarket = false;
  },
  'procedure.allowedByThresholds': (f) => (f.regime.procedureAllowed = false),
  'approval.fourEyes': (f) => (f.approval.requestedBy = f.caller.id),
};

export const BROKEN_REQUIREMENT_IDS = Object.keys(BREAKERS);

/** A copy of `facts` in which the requirement `id` no longer holds. */
export function breaking(id: string, facts: PlanFacts = allFacts()): PlanFacts {
  const breaker = BREAKERS[id as RequirementId];
  if (!breaker) throw new Error(`No way to break unknown requirement "${id}"`);
  const copy = structuredClone(facts);
  breaker(copy);
  return copy;
}

/** The dialogue round the sample round events schedule, extend and close. */
export const ROUND_ID = '3f2b8c1e-7a4d-4e6b-9c0f-1d2e3f4a5b6c';

/** The deadlines of the sample round, after the default event time of engineEvent. */
export const ROUND_DEADLINES = {
  opensAt: '2025-01-20T09:00:00.000Z',
  questionsUntil: '2025-02-03T17:00:00.000Z',
  clarificationsUntil: '2025-02-10T17:00:00.000Z',
  closesAt: '2025-02-17T17:00:00.000Z',
};

/** The deadlines of the sample extension: one week more for everything but the opening. */
export const EXTENDED_DEADLINES = {
  opensAt: ROUND_DEADLINES.opensAt,
  questionsUntil: '2025-02-10T17:00:00.000Z',
  clarificationsUntil: '2025-02-17T17:00:00.000Z',
  closesAt: '2025-02-24T17:00:00.000Z',
};

/** A payload each event's schema accepts, filling optional fields too so that every record field is exercised. */
export const SAMPLE_PAYLOADS: Record<EventType, Record<string, unknown>> = {
  START_NEEDS_ASSESSMENT: {},
  RECORD_NEEDS: {
    need: 'Heating for the town hall that halves its emissions.',
    usersConsulted: ['Facilities staff', 'Visitors panel'],
    strategicGoals: ['Carbon neutral by 2035'],
    rationale: 'The oil boiler reaches the end of its life next winter.',
  },
  COMPLETE_NEEDS_ASSESSMENT: {},
  RECORD_MARKET_ANALYSIS: {
    knownSuppliers: 12,
    solutions: ['Ground-source heat pump', 'District heating connection'],
    maturity: 'developing',
    risks: ['Few certified installers in the region'],
    noSolutionOnMarket: false,
  },
  PUBLISH_ENGAGEMENT_NOTICE: {
    title: 'Market dialogue: low-carbon heating',
    description: 'We plan to replace the heating of the town hall.',
    process: 'Two online sessions followed by one-to-one meetings.',
    plannedStart: '2025-03-01',
    plannedEnd: '2025-04-30',
    registrationUntil: '2025-02-20',
    titleSv: 'Marknadsdialog: koldioxidsnål uppvärmning',
    descriptionSv: 'Vi planerar att byta uppvärmningen i stadshuset.',
    answersDeadline: '2025-02-20T10:00:00.000Z',
    submissionLanguages: ['FIN', 'SWE'],
    contactPoint: { name: 'Anna Officer', email: 'hankinnat@example.fi', phone: '+358 9 123 4567' },
    documentsUrl: 'https://example.fi/hankinnat/lammitys',
    euDirectiveApplies: false,
  },
  WAIVE_ENGAGEMENT_NOTICE: { reason: 'All known suppliers are invited directly through the framework.' },
  START_MARKET_DIALOGUE: {},
  SCHEDULE_DIALOGUE_ROUND: { roundId: ROUND_ID, type: 'oneToOne', ...ROUND_DEADLINES },
  EXTEND_DIALOGUE_ROUND: { roundId: ROUND_ID, ...EXTENDED_DEADLINES, previous: { ...ROUND_DEADLINES } },
  DIALOGUE_ROUND_DEADLINE: { roundId: ROUND_ID, deadline: 'close', dueAt: ROUND_DEADLINES.closesAt },
  PUBLISH_DIALOGUE_SUMMARY: {
    summary: 'Suppliers favour a performance contract over a supply contract.',
    inputUse: 'Award criteria will score guaranteed seasonal efficiency.',
    noSolutionOnMarket: false,
    outcome: 'dialogueHeld',
  },
  START_CO_DEVELOPMENT: {},
  SKIP_CO_DEVELOPMENT: { reason: 'The solutions on the market are mature.' },
  RECORD_CO_DEVELOPMENT_ACTIVITY: {
    kind: 'workshop',
    title: 'Sizing workshop',
    date: '2025-05-12',
    participants: ['Supplier A', 'Supplier B'],
    outcomes: 'Agreed on a monitoring period of one full heating season.',
  },
  COMPLETE_CO_DEVELOPMENT: {},
  COMPLETE_MARKET_ANALYSIS: {},
  RECORD_SUSTAINABILITY_STRATEGY: {
    goals: [{ code: 'environmental.carbonEmissionsReduction', strategy: 'Award points per tonne of CO2 avoided.' }],
    justification: 'Only the environmental goal is material for this purchase.',
  },
  COMPLETE_CRITERIA: {},
  SELECT_PROCEDURE: { procedure: 'open', rationale: 'Many suppliers and a well-defined need.' },
  REVISE_CRITERIA: {},
  REQUEST_APPROVAL: {},
  APPROVE: { comment: 'Well prepared.' },
  RETURN_FOR_REVISION: { reason: 'The rationale for the procedure is too thin.' },
  VOID_APPROVAL: { reason: 'The estimated value changed after approval.' },
  LINK_TENDER: { tenderId: 'TED-2025-123456', url: 'https://ted.europa.eu/notice/123456' },
  MARK_UNSUCCESSFUL: { reason: 'The budget was withdrawn.' },
  CANCEL: { reason: 'The building will be sold.' },
};

/**
 * Facts as the engine would compute them for `actor` on `snapshot`: every record present, the
 * requester of approval as the context records it, and as open rounds those of the context whose
 * close deadline has not fired.
 */
export function factsFor(snapshot: AnyMachineSnapshot, actor: Actor): PlanFacts {
  const context = snapshot.context as PlanContext;
  return allFacts({
    caller: { id: actor.id, role: actor.role },
    approval: { requestedBy: context.approval?.requestedBy ?? OFFICER.id },
    dialogue: { openRounds: Object.values(context.dialogue.rounds).filter((r) => r.closedAt === null).length },
  });
}

const ROUND_EVENTS: ReadonlySet<string> = new Set<EventType>(['EXTEND_DIALOGUE_ROUND', 'DIALOGUE_ROUND_DEADLINE']);

/**
 * Whether the engine could ever send `event` to `snapshot` as far as the context tells: the
 * service extends only rounds it scheduled, and deadline timers exist only for scheduled rounds.
 * The machine itself cannot tell (EXTEND_DIALOGUE_ROUND of an unknown round throws).
 */
export function namesKnownRound(snapshot: AnyMachineSnapshot, event: EngineEvent): boolean {
  if (!ROUND_EVENTS.has(event.type)) return true;
  const { roundId } = event.payload as { roundId?: string };
  return roundId !== undefined && Object.hasOwn((snapshot.context as PlanContext).dialogue.rounds, roundId);
}

export interface EventOptions {
  payload?: Record<string, unknown>;
  actor?: Actor;
  facts?: PlanFacts;
  at?: string;
}

/** The actor who sends `type` in real use: an officer if officers may, else a manager, else the engine itself. */
export function actorFor(type: EventType): Actor {
  const roles: readonly Role[] = EVENTS[type].roles;
  if (roles.includes('officer')) return OFFICER;
  if (roles.includes('manager')) return MANAGER;
  if (roles.includes('system')) return SYSTEM;
  throw new Error(`No sample actor for ${type}, sent by ${roles.join(', ')}`);
}

/**
 * An engine event as the engine would build it. Unless given, the facts satisfy every
 * requirement and name the sending actor as the caller, as the engine does.
 */
export function engineEvent(type: EventType, options: EventOptions = {}): EngineEvent {
  const actor = options.actor ?? actorFor(type);
  return {
    type,
    payload: options.payload ?? SAMPLE_PAYLOADS[type],
    actor,
    at: options.at ?? '2025-01-15T09:00:00.000Z',
    facts: options.facts ?? allFacts({ caller: { id: actor.id, role: actor.role } }),
  };
}

/** An action pure `transition()` hands to the engine, reduced to what the engine reads of it. */
export interface MachineAction {
  type: string;
  params: unknown;
}

/**
 * The pure transition the engine makes: the next snapshot and the actions left for the engine to
 * carry out (delayed raises and cancels become durable timers), without the machine's internals.
 */
export function step(def: WorkflowDefinition, snapshot: AnyMachineSnapshot, event: EngineEvent): [AnyMachineSnapshot, MachineAction[]] {
  const [next, actions] = transition(def.machine, snapshot, event);
  return [next, actions.map(({ type, params }) => ({ type, params }))];
}

export interface DeclaredTransition {
  stage: string;
  event: string;
  target: string;
  /** The guard's type ('inline function' for a function), undefined when unguarded. */
  guardType: string | undefined;
  requirements: readonly string[];
}

interface GuardObject {
  type?: string;
  params?: { ids?: readonly string[] };
}

/**
 * Every transition as declared in the machine config, read from the state nodes rather than
 * through inspect.ts so that specs of inspect.ts have an independent expectation.
 */
export function declaredTransitions(def: WorkflowDefinition): DeclaredTransition[] {
  return Object.entries(def.machine.root.states).flatMap(([stage, node]) =>
    [...node.transitions].flatMap(([event, candidates]) =>
      candidates.map((t) => {
        const guard = t.guard as GuardObject | string | ((...args: unknown[]) => boolean) | undefined;
        const ref = typeof guard === 'object' ? guard : undefined;
        return {
          stage,
          event,
          target: t.target?.[0]?.key ?? stage,
          guardType: typeof guard === 'function' ? 'inline function' : typeof guard === 'string' ? guard : ref?.type,
          requirements: ref?.params?.ids ?? [],
        };
      }),
    ),
  );
}

export function stagesOf(def: WorkflowDefinition): string[] {
  return Object.keys(def.machine.root.states);
}

export function isFinalStage(def: WorkflowDefinition, stage: string): boolean {
  return def.machine.root.states[stage].type === 'final';
}

export const transitionKey = (stage: string, event: string, target: string) => `${stage} -${event}-> ${target}`;

export interface Exploration {
  /** Number of paths the graph library generated. */
  paths: number;
  /** transitionKey of every transition the paths took. */
  taken: Set<string>;
  /** For every stage reached, the snapshot at the end of the shortest path to it. */
  reached: Map<string, AnyMachineSnapshot>;
  /**
   * For every transition taken, the snapshot right after it on the shortest path that takes it,
   * keyed by transitionKey: more contexts than `reached` has, such as a dialogue with a round.
   */
  after: Map<string, AnyMachineSnapshot>;
}

/**
 * Generates paths with @xstate/graph from one sample event per type the workflow lists, and
 * replays them through inspect.ts. Graph vertices are transitions rather than stages: a shortest
 * path to every vertex then takes every transition, self-transitions included, and the space stays
 * finite although the context grows with every recorded activity.
 */
export function explore(def: WorkflowDefinition): Exploration {
  const samples = (Object.keys(def.events) as EventType[]).map((type) => engineEvent(type));
  const paths = getShortestPaths(def.machine, {
    // Given a list, the library tries every event in every stage, and events the stage ignores
    // would look like self-transitions the machine does not have. The machine decides instead,
    // except for round events, which the engine only sends for a round the plan has scheduled.
    events: (snapshot) => samples.filter((event) => snapshot.can(event) && namesKnownRound(snapshot, event)),
    serializeState: (snapshot, event, previous) =>
      previous && event ? transitionKey(String(previous.value), event.type, String(snapshot.value)) : String(snapshot.value),
  });
  const taken = new Set<string>();
  const reached = new Map<string, AnyMachineSnapshot>();
  const after = new Map<string, AnyMachineSnapshot>();
  const visit = (snapshot: AnyMachineSnapshot) => {
    if (!reached.has(stageOf(snapshot))) reached.set(stageOf(snapshot), snapshot);
  };
  for (const path of [...paths].sort((a, b) => a.steps.length - b.steps.length)) {
    let snapshot = start(def);
    visit(snapshot);
    // The first step is the library's xstate.init into the initial stage.
    for (const { event } of path.steps.slice(1)) {
      const engine = event as EngineEvent;
      if (!evaluate(def, snapshot, engine).allowed) throw new Error(`Graph path takes a refused ${engine.type}`);
      const next = apply(def, snapshot, engine);
      const key = transitionKey(stageOf(snapshot), engine.type, stageOf(next));
      taken.add(key);
      if (!after.has(key)) after.set(key, next);
      snapshot = next;
      visit(snapshot);
    }
  }
  return { paths: paths.length, taken, reached, after };
}
