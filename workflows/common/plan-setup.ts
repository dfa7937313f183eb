import { assign, enqueueActions, setup } from 'xstate';
import type { Procedure, SustainabilityGoalCode } from './codes';
import { INITIAL_CONTEXT, type PlanContext, type RoundSchedule, type RoundType } from './context';
import { unmetRequirements } from './requirements';
import type { EngineEvent } from './types';

type Payload<T> = { payload: T };

function payloadOf<T>(event: EngineEvent): T {
  return (event as unknown as Payload<T>).payload;
}

type Deadline = 'clarifications' | 'close';

interface RoundDeadlines {
  opensAt: string;
  questionsUntil: string;
  clarificationsUntil: string;
  closesAt: string;
}

/** The id under which a round's delayed deadline event is scheduled, so it can be cancelled. */
export const roundTimerId = (roundId: string, deadline: Deadline) => `round:${roundId}:${deadline}`;

const DEADLINE_FIELD: Record<Deadline, 'clarificationsUntil' | 'closesAt'> = {
  clarifications: 'clarificationsUntil',
  close: 'closesAt',
};

/** The delayed event that a deadline fires, measured from the event's time (machines read no clock). */
function deadlineEvent(roundId: string, deadline: Deadline, dueAt: string, at: string) {
  const event = { type: 'DIALOGUE_ROUND_DEADLINE', payload: { roundId, deadline, dueAt } } as unknown as EngineEvent;
  return { event, options: { id: roundTimerId(roundId, deadline), delay: Math.max(1, Date.parse(dueAt) - Date.parse(at)) } };
}

function pendingDeadlines(round: RoundSchedule): Deadline[] {
  const pending: Deadline[] = [];
  if (round.clarificationsClosedAt === null) pending.push('clarifications');
  if (round.closedAt === null) pending.push('close');
  return pending;
}

/**
 * Types, guards and actions both planning workflows share. Actions only assign to the context;
 * every side effect (audit, timers, notifications) is the engine's, after the transition.
 */
export const planSetup = setup({
  types: {
    context: {} as PlanContext,
    events: {} as EngineEvent,
  },
  guards: {
    requirements: ({ event }, params: { ids: readonly string[] }) => unmetRequirements(params.ids, event.facts).length === 0,
  },
  actions: {
    recordNeeds: assign({
      needs: ({ event }) => {
        const p = payloadOf<{ need: string; usersConsulted?: string[]; strategicGoals?: string[]; rationale?: string }>(event);
        return {
          need: p.need,
          usersConsulted: p.usersConsulted ?? [],
          strategicGoals: p.strategicGoals ?? [],
          rationale: p.rationale ?? null,
          recordedAt: event.at,
          recordedBy: event.actor.id,
        };
      },
    }),
    recordMarketAnalysis: assign({
      marketAnalysis: ({ event }) => {
        const p = payloadOf<{
          knownSuppliers: number;
          solutions: string[];
          maturity: 'emerging' | 'developing' | 'mature';
          risks?: string[];
          noSolutionOnMarket?: boolean;
        }>(event);
        return {
          knownSuppliers: p.knownSuppliers,
          solutions: p.solutions,
          maturity: p.maturity,
          risks: p.risks ?? [],
          noSolutionOnMarket: p.noSolutionOnMarket ?? false,
          recordedAt: event.at,
          recordedBy: event.actor.id,
        };
      },
    }),
    publishEngagementNotice: assign({
      engagementNotice: ({ event }) => {
        const p = payloadOf<NonNullable<PlanContext['engagementNotice']>>(event);
        return {
          title: p.title,
          description: p.description,
          process: p.process,
          plannedStart: p.plannedStart ?? null,
          plannedEnd: p.plannedEnd ?? null,
          registrationUntil: p.registrationUntil ?? null,
          // What only the eForms notice reads is kept as given, so notices without it keep their earlier shape.
          ...pick(p, ['titleSv', 'descriptionSv', 'answersDeadline', 'submissionLanguages', 'contactPoint', 'documentsUrl', 'euDirectiveApplies']),
          publishedAt: event.at,
          publishedBy: event.actor.id,
        };
      },
    }),
    waiveEngagementNotice: assign({
      noticeWaiver: ({ event }) => ({
        reason: payloadOf<{ reason: string }>(event).reason,
        recordedAt: event.at,
        recordedBy: event.actor.id,
      }),
    }),
    publishDialogueSummary: assign({
      dialogueSummary: ({ event }) => {
        const p = payloadOf<{ summary: string; inputUse: string; noSolutionOnMarket?: boolean; outcome?: 'dialogueHeld' | 'noSupplierRegistered' }>(event);
        return {
          summary: p.summary,
          inputUse: p.inputUse,
          noSolutionOnMarket: p.noSolutionOnMarket ?? false,
          outcome: p.outcome ?? 'dialogueHeld',
          publishedAt: event.at,
          publishedBy: event.actor.id,
        };
      },
    }),
    startDialogue: assign({ dialogue: ({ context, event }) => ({ ...context.dialogue, startedAt: event.at }) }),
    scheduleRound: enqueueActions(({ context, event, enqueue }) => {
      const p = payloadOf<RoundDeadlines & { roundId: string; type: RoundType }>(event);
      const round: RoundSchedule = {
        type: p.type,
        opensAt: p.opensAt,
        questionsUntil: p.questionsUntil,
        clarificationsUntil: p.clarificationsUntil,
        closesAt: p.closesAt,
        closedAt: null,
        clarificationsClosedAt: null,
        scheduledBy: event.actor.id,
        extensions: 0,
      };
      enqueue.assign({ dialogue: { ...context.dialogue, rounds: { ...context.dialogue.rounds, [p.roundId]: round } } });
      for (const deadline of pendingDeadlines(round)) {
        const { event: delayed, options } = deadlineEvent(p.roundId, deadline, round[DEADLINE_FIELD[deadline]], event.at);
        enqueue.raise(delayed, options);
      }
    }),
    extendRound: enqueueActions(({ context, event, enqueue }) => {
      const p = payloadOf<RoundDeadlines & { roundId: string }>(event);
      const current = context.dialogue.rounds[p.roundId];
      if (!current) throw new Error(`EXTEND_DIALOGUE_ROUND for unknown round ${p.roundId}`);
      const round: RoundSchedule = {
        ...current,
        opensAt: p.opensAt,
        questionsUntil: p.questionsUntil,
        clarificationsUntil: p.clarificationsUntil,
        closesAt: p.closesAt,
        extensions: current.extensions + 1,
      };
      enqueue.assign({ dialogue: { ...context.dialogue, rounds: { ...context.dialogue.rounds, [p.roundId]: round } } });
      for (const deadline of pendingDeadlines(round)) {
        enqueue.cancel(roundTimerId(p.roundId, deadline));
        const { event: delayed, options } = deadlineEvent(p.roundId, deadline, round[DEADLINE_FIELD[deadline]], event.at);
        enqueue.raise(delayed, options);
      }
    }),
    passRoundDeadline: assign({
      dialogue: ({ context, event }) => {
        const p = payloadOf<{ roundId: string; deadline: Deadline }>(event);
        const current = context.dialogue.rounds[p.roundId];
        if (!current) return context.dialogue;
        const round: RoundSchedule =
          p.deadline === 'close'
            ? { ...current, closedAt: current.closedAt ?? event.at, clarificationsClosedAt: current.clarificationsClosedAt ?? event.at }
            : { ...current, clarificationsClosedAt: current.clarificationsClosedAt ?? event.at };
        return { ...context.dialogue, rounds: { ...context.dialogue.rounds, [p.roundId]: round } };
      },
    }),
    /** Leaving the dialogue (or cancelling the plan) leaves no round deadline pending. */
    cancelRoundTimers: enqueueActions(({ context, enqueue }) => {
      for (const [roundId, round] of Object.entries(context.dialogue.rounds)) {
        for (const deadline of pendingDeadlines(round)) enqueue.cancel(roundTimerId(roundId, deadline));
      }
    }),
    skipCoDevelopment: assign({
      coDevelopment: ({ context, event }) => ({
        ...context.coDevelopment,
        skipped: { reason: payloadOf<{ reason: string }>(event).reason, recordedAt: event.at, recordedBy: event.actor.id },
      }),
    }),
    recordCoDevelopmentActivity: assign({
      coDevelopment: ({ context, event }) => {
        const p = payloadOf<{ kind: 'workshop' | 'pilot'; title: string; date: string; participants?: string[]; outcomes: string }>(event);
        const activity = { ...p, participants: p.participants ?? [], recordedAt: event.at, recordedBy: event.actor.id };
        return { ...context.coDevelopment, activities: [...context.coDevelopment.activities, activity] };
      },
    }),
    recordStrategy: assign({
      strategy: ({ event }) => {
        const p = payloadOf<{ goals: Array<{ code: SustainabilityGoalCode; strategy: string }>; justification?: string }>(event);
        return { goals: p.goals, justification: p.justification ?? null, recordedAt: event.at, recordedBy: event.actor.id };
      },
    }),
    selectProcedure: assign({
      procedure: ({ event }) => {
        const p = payloadOf<{ procedure: Procedure; rationale: string }>(event);
        return { procedure: p.procedure, rationale: p.rationale, selectedAt: event.at, selectedBy: event.actor.id };
      },
    }),
    requestApproval: assign({
      approval: ({ event }) => ({
        requestedBy: event.actor.id,
        requestedAt: event.at,
        decision: null,
        decidedBy: null,
        decidedAt: null,
        comment: null,
      }),
    }),
    decideApproval: assign({
      approval: ({ context, event }, params: { decision: 'approved' | 'returned' }) => {
        const p = payloadOf<{ comment?: string; reason?: string }>(event);
        if (!context.approval) throw new Error('decideApproval without a pending approval');
        return {
          ...context.approval,
          decision: params.decision,
          decidedBy: event.actor.id,
          decidedAt: event.at,
          comment: p.reason ?? p.comment ?? null,
        };
      },
    }),
    voidApproval: assign({
      approval: ({ context, event }) => ({
        requestedBy: event.actor.id,
        requestedAt: event.at,
        decision: null,
        decidedBy: null,
        decidedAt: null,
        comment: null,
        voidedAt: event.at,
        voidReason: `${payloadOf<{ reason: string }>(event).reason}${context.approval?.decision === 'approved' ? ` (approval by ${context.approval.decidedBy} voided)` : ''}`,
      }),
    }),
    close: assign({
      closure: ({ event }, params: { kind: 'cancelled' | 'unsuccessful' }) => ({
        kind: params.kind,
        reason: payloadOf<{ reason: string }>(event).reason,
        at: event.at,
        by: event.actor.id,
      }),
    }),
    linkTender: assign({
      tender: ({ event }) => {
        const p = payloadOf<{ tenderId: string; url?: string }>(event);
        return { tenderId: p.tenderId, url: p.url ?? null, linkedAt: event.at, linkedBy: event.actor.id };
      },
    }),
  },
});

export const initialContext = (): PlanContext => structuredClone(INITIAL_CONTEXT);

/** A guard reference that lists the named requirements a transition needs. */
export function needs(...ids: string[]) {
  return { type: 'requirements', params: { ids } } as const;
}

/** Every open stage can be cancelled; stages are siblings, so the target resolves from any of them. */
export const CANCEL_TRANSITION = {
  CANCEL: { target: 'cancelled', actions: { type: 'close', params: { kind: 'cancelled' } } },
} as const;

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((key) => from[key] !== undefined).map((key) => [key, from[key]])) as Partial<Pick<T, K>>;
}
