import Ajv from 'ajv';
import type { AnyMachineSnapshot } from 'xstate';
import { PROCEDURES } from '../common/codes';
import type { EventType } from '../common/events';
import {
  MANAGER,
  OFFICER,
  OTHER_MANAGER,
  OTHER_OFFICER,
  actorFor,
  allFacts,
  declaredTransitions,
  engineEvent,
  explore,
  factsFor,
  isFinalStage,
  SAMPLE_PAYLOADS,
  stagesOf,
} from '../common/fixtures';
import { apply, evaluate, persist, requirementsFor, stageOf, start } from '../common/inspect';
import type { Actor, WorkflowDefinition } from '../common/types';
import { digigreenPlanningV1 } from '../digigreen-planning/v1.machine';
import { smallProcurementV1 } from './v1.machine';

const def: WorkflowDefinition = smallProcurementV1;
const { reached } = explore(def);

function at(stage: string): AnyMachineSnapshot {
  const snapshot = reached.get(stage);
  if (!snapshot) throw new Error(`Stage ${stage} was never reached`);
  return snapshot;
}

describe('small-procurement v1', () => {
  describe('happy path', () => {
    let clock = 0;
    const tick = () => new Date(Date.UTC(2025, 0, 1) + ++clock * 3_600_000).toISOString();

    function send(snapshot: AnyMachineSnapshot, type: EventType, actor: Actor = actorFor(type), payload = SAMPLE_PAYLOADS[type]) {
      const event = engineEvent(type, { actor, payload, at: tick(), facts: factsFor(snapshot, actor) });
      expect(evaluate(def, snapshot, event)).toEqual({ accepted: true, allowed: true, unmet: [] });
      return { snapshot: apply(def, snapshot, event), event };
    }

    it('walks from draft to tenderLinked and keeps every record with its author and time', () => {
      let s = send(start(def), 'START_NEEDS_ASSESSMENT').snapshot;
      expect(stageOf(s)).toBe('needsAssessment');
      const needs = send(s, 'RECORD_NEEDS');
      s = send(needs.snapshot, 'COMPLETE_NEEDS_ASSESSMENT').snapshot;
      expect(stageOf(s)).toBe('marketAnalysis');
      const market = send(s, 'RECORD_MARKET_ANALYSIS', OTHER_OFFICER);
      s = send(market.snapshot, 'COMPLETE_MARKET_ANALYSIS').snapshot;
      expect(stageOf(s)).toBe('criteriaAndStrategy');
      const strategy = send(s, 'RECORD_SUSTAINABILITY_STRATEGY');
      s = send(strategy.snapshot, 'COMPLETE_CRITERIA').snapshot;
      expect(stageOf(s)).toBe('procedureSelection');
      const procedurePayload = { procedure: 'belowThresholdDirect', rationale: 'Value far below the national threshold.' };
      const procedure = send(s, 'SELECT_PROCEDURE', OFFICER, procedurePayload);
      const request = send(procedure.snapshot, 'REQUEST_APPROVAL', OTHER_OFFICER);
      expect(stageOf(request.snapshot)).toBe('approval');
      const approve = send(request.snapshot, 'APPROVE', MANAGER);
      expect(stageOf(approve.snapshot)).toBe('readyForTender');
      const link = send(approve.snapshot, 'LINK_TENDER');
      s = link.snapshot;

      expect(stageOf(s)).toBe('tenderLinked');
      expect(s.status).toBe('done');
      expect(s.context).toEqual({
        needs: { ...SAMPLE_PAYLOADS.RECORD_NEEDS, recordedAt: needs.event.at, recordedBy: OFFICER.id },
        marketAnalysis: { ...SAMPLE_PAYLOADS.RECORD_MARKET_ANALYSIS, recordedAt: market.event.at, recordedBy: OTHER_OFFICER.id },
        engagementNotice: null,
        noticeWaiver: null,
        dialogue: { startedAt: null, rounds: {} },
        dialogueSummary: null,
        coDevelopment: { activities: [], skipped: null },
        strategy: { ...SAMPLE_PAYLOADS.RECORD_SUSTAINABILITY_STRATEGY, recordedAt: strategy.event.at, recordedBy: OFFICER.id },
        procedure: { ...procedurePayload, selectedAt: procedure.event.at, selectedBy: OFFICER.id },
        approval: {
          requestedBy: OTHER_OFFICER.id,
          requestedAt: request.event.at,
          decision: 'approved',
          decidedBy: MANAGER.id,
          decidedAt: approve.event.at,
          comment: 'Well prepared.',
        },
        closure: null,
        tender: { ...SAMPLE_PAYLOADS.LINK_TENDER, linkedAt: link.event.at, linkedBy: OFFICER.id },
      });
    });

    it('completes the needs assessment without consulted users or strategic goals', () => {
      const facts = allFacts({ caller: { id: OFFICER.id, role: OFFICER.role }, needs: { usersConsulted: 0, strategicGoals: 0 } });
      const e = engineEvent('COMPLETE_NEEDS_ASSESSMENT', { facts });
      expect(evaluate(def, at('needsAssessment'), e)).toEqual({ accepted: true, allowed: true, unmet: [] });
      expect(stageOf(apply(def, at('needsAssessment'), e))).toBe('marketAnalysis');
    });

    it('returns a plan for revision and closes it as unsuccessful with the reasons', () => {
      const returned = send(at('approval'), 'RETURN_FOR_REVISION', OTHER_MANAGER);
      expect(stageOf(returned.snapshot)).toBe('procedureSelection');
      expect(returned.snapshot.context.approval).toMatchObject({
        decision: 'returned',
        decidedBy: OTHER_MANAGER.id,
        decidedAt: returned.event.at,
        comment: SAMPLE_PAYLOADS.RETURN_FOR_REVISION.reason,
      });
      expect(stageOf(send(returned.snapshot, 'REVISE_CRITERIA').snapshot)).toBe('criteriaAndStrategy');

      const closed = send(at('readyForTender'), 'MARK_UNSUCCESSFUL');
      expect(stageOf(closed.snapshot)).toBe('unsuccessful');
      expect(closed.snapshot.context.closure).toEqual({
        kind: 'unsuccessful',
        reason: SAMPLE_PAYLOADS.MARK_UNSUCCESSFUL.reason,
        at: closed.event.at,
        by: OFFICER.id,
      });
    });
  });

  describe('lighter than digigreen-planning', () => {
    it('has no market dialogue and no co-development', () => {
      expect(stagesOf(def)).not.toContain('marketDialogue');
      expect(stagesOf(def)).not.toContain('coDevelopment');
      expect(def.stages.map((s) => s.id)).toEqual(stagesOf(def));
      for (const type of ['PUBLISH_ENGAGEMENT_NOTICE', 'START_MARKET_DIALOGUE', 'RECORD_CO_DEVELOPMENT_ACTIVITY', 'SKIP_CO_DEVELOPMENT']) {
        expect(Object.keys(def.events)).not.toContain(type);
      }
    });

    describe.each(['SCHEDULE_DIALOGUE_ROUND', 'EXTEND_DIALOGUE_ROUND', 'DIALOGUE_ROUND_DEADLINE'] as const)('%s', (type) => {
      it('is neither listed nor taken in any transition', () => {
        expect(Object.keys(def.events)).not.toContain(type);
        expect(declaredTransitions(def).filter((t) => t.event === type)).toEqual([]);
      });

      it.each(stagesOf(def))('is not accepted in %s and changes nothing there', (stage) => {
        const e = engineEvent(type);
        expect(evaluate(def, at(stage), e)).toEqual({ accepted: false, allowed: false, unmet: [] });
        expect(at(stage).can(e)).toBe(false);
        const after = apply(def, at(stage), e);
        expect(persist(after)).toEqual(persist(at(stage)));
      });
    });

    it('has no event the engine sends by itself, and no internal event but VOID_APPROVAL', () => {
      expect(Object.values(def.events).filter((spec) => spec.roles.includes('system'))).toEqual([]);
      expect(
        Object.values(def.events)
          .filter((spec) => spec.internal)
          .map((spec) => spec.type),
      ).toEqual(['VOID_APPROVAL']);
    });

    it('shares every stage it has with digigreen-planning', () => {
      expect(stagesOf(digigreenPlanningV1)).toEqual(expect.arrayContaining(stagesOf(def)));
    });

    describe('SELECT_PROCEDURE payload', () => {
      const validate = new Ajv({ allErrors: true, strict: true }).compile(def.events.SELECT_PROCEDURE.payload);
      const allowed = ['open', 'restricted', 'belowThresholdDirect'];

      it('lists only procedures allowed below the national threshold', () => {
        expect(def.events.SELECT_PROCEDURE.payload.properties.procedure).toEqual({ enum: allowed });
      });

      it.each(PROCEDURES.map((procedure) => [procedure, allowed.includes(procedure)] as const))('accepts %s: %s', (procedure, accepted) => {
        expect(validate({ procedure, rationale: 'Because.' })).toBe(accepted);
      });

      it('leaves the shared event list untouched for digigreen-planning', () => {
        expect(digigreenPlanningV1.events.SELECT_PROCEDURE.payload.properties.procedure).toEqual({ enum: [...PROCEDURES] });
      });
    });

    it('does not judge innovation partnership, which its procedures exclude', () => {
      expect(requirementsFor(def, 'procedureSelection', 'REQUEST_APPROVAL')).toEqual(['procedure.selected']);
    });
  });

  // Graph coverage, guards both ways, four-eyes, cancelling, ignored events and persistence are the
  // contract every version keeps: workflows/common/contract.spec.ts.
  describe('stages', () => {
    it('ends in tenderLinked, cancelled or unsuccessful', () => {
      expect(
        stagesOf(def)
          .filter((s) => isFinalStage(def, s))
          .sort(),
      ).toEqual(['cancelled', 'tenderLinked', 'unsuccessful']);
    });
  });
});
