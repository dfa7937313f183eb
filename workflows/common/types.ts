import type { AnyStateMachine } from 'xstate';
import type { RoundTypeTable } from './round-types';

/** Who may send an event. `system` is the engine itself (timers), never a token holder. */
export type Role = 'officer' | 'supplier' | 'manager' | 'admin' | 'system';

export const HUMAN_ROLES = ['officer', 'supplier', 'manager', 'admin'] as const;

/**
 * Read-only facts the engine computes from stored data before every decision.
 * Guards judge these and nothing the client sent, so a refusal can always be explained.
 */
export interface PlanFacts {
  plan: {
    hasTitle: boolean;
    hasDescription: boolean;
    hasCpvCode: boolean;
    hasBudget: boolean;
  };
  needs: {
    described: boolean;
    usersConsulted: number;
    strategicGoals: number;
    rationaleGiven: boolean;
  };
  market: {
    analysisRecorded: boolean;
    /** The market study or dialogue record states that no solution on the market meets the need. */
    noSolutionOnMarket: boolean;
  };
  notice: {
    published: boolean;
    waived: boolean;
    /** The published notice's registration period (registrationUntil, else plannedEnd) is over. */
    registrationClosed: boolean;
  };
  dialogue: {
    summaryPublished: boolean;
    /** Rounds scheduled and not yet closed by their deadline. */
    openRounds: number;
    /*
     * The dialogue module counts these where a stage needs them; null is "not counted", and every
     * requirement reading a null is unmet (fail-closed).
     */
    /** Clarification questions with no published answer. */
    unansweredQuestions: number | null;
    /** Registered suppliers without a meeting offer in some one-to-one round. */
    suppliersWithoutMeetingOffer: number | null;
    /** Suppliers registered in the dialogue. */
    registrations: number | null;
    /** Rounds that closed with at least one supplier registered before they closed. */
    roundsHeldWithSuppliers: number | null;
    /** The dialogue summary records that no supplier registered. */
    noSupplierOutcome: boolean;
  };
  coDevelopment: {
    activities: number;
  };
  /** The criteria module's, where a stage needs them; null is "not known" and fails every requirement reading it. */
  criteria: {
    awardCriteria: number | null;
    /** Sum of the award criteria's weights, in percentage points. */
    awardWeightTotal: number | null;
    awardWithoutSubjectLink: number | null;
    lifeCycleCostUsed: boolean | null;
    /** The cost model states its method and the data tenderers must supply (art. 68(2)). */
    lifeCycleCostMethodStated: boolean | null;
  };
  strategy: {
    goalsWithStrategy: number;
    justificationGiven: boolean;
  };
  procedure: {
    selected: string | null;
    rationaleGiven: boolean;
  };
  approval: {
    requestedBy: string | null;
  };
  /**
   * The law's thresholds applied to the plan (the thresholds module's, where a stage needs them);
   * null is "not assessed", and every requirement reading a null is unmet (fail-closed).
   */
  regime: {
    /** Which rules apply at the plan's estimated value: 'belowNationalThreshold', 'national' or 'eu'. */
    applies: 'belowNationalThreshold' | 'national' | 'eu' | null;
    /** The selected procedure is allowed at that value (true also while none is selected). */
    procedureAllowed: boolean | null;
  };
  caller: {
    id: string;
    role: Role;
  };
}

export interface Requirement {
  /** Stable identifier, part of the API contract. */
  id: string;
  /** A sentence a user can read, stating what must hold. */
  message: string;
  check: (facts: PlanFacts) => boolean;
  /** A rule about who may act rather than about the plan: refused with 403, not 409. */
  authorisation?: true;
}

export interface RequirementResult {
  id: string;
  /** In English; the API shows it in the reader's language, looked up by `id` with `params`. */
  message: string;
  /** Values the message names (a stage or role id), for its translations. */
  params?: Record<string, string>;
}

export interface Actor {
  id: string;
  name: string;
  role: Role;
}

/**
 * The event the engine hands to a machine: the client's validated payload plus what the
 * server knows (who sent it, when, and the facts). Machines never read a clock themselves.
 */
export interface EngineEvent<TType extends string = string, TPayload = Record<string, unknown>> {
  type: TType;
  payload: TPayload;
  actor: Actor;
  at: string;
  facts: PlanFacts;
}

/** JSON Schema (draft-07 subset understood by ajv) of an event's payload. */
export type PayloadSchema = {
  type: 'object';
  properties: Record<string, unknown>;
  required?: string[];
  additionalProperties: false;
};

export interface EventSpec {
  type: string;
  description: string;
  roles: Role[];
  payload: PayloadSchema;
  /**
   * Sent by a module of the service (dialogue rounds, timers) with data it has checked and stored,
   * never directly through `POST /procurements/:id/events`.
   */
  internal?: true;
}

export interface StageSpec {
  id: string;
  title: string;
  description: string;
  final: boolean;
}

export interface WorkflowDefinition {
  id: string;
  version: number;
  title: string;
  description: string;
  machine: AnyStateMachine;
  stages: StageSpec[];
  events: Record<string, EventSpec>;
  /** The dialogue round types the version offers and what each takes (workflows/common/round-types.ts). */
  roundTypes: RoundTypeTable;
}
