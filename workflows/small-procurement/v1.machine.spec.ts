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
  breaking,
  declaredTransitions,
  engineEvent,
  explore,
  factsFor,
  isFinalStage,
  noFacts,
  SAMPLE_PAYLOADS,
  stagesOf,
  transitionKey,
} from '../common/fixtures';
import { apply, evaluate, persist, requirementsFor, restore, stageOf, start } from '../common/inspect';
import { requirement } from '../common/requirements';
import type { Actor, WorkflowDefinition } from '../common/types';
import { digigreenPlanningV1 } from '../digigreen-planning/v1.machine';
import { smallProcurementV1 } from './v1.machine';

const def: WorkflowDefinition = smallProcurementV1;
const eventTypes = Object.keys(def.events) as EventType[];

const { paths: pathCount, taken, reached } = explore(def);

function at(stage: string): AnyMachineSnapshot {
  const snapshot = reached.get(stage);
  if (!snapshot) throw new Error(`Stage ${stage} was never reached`);
  return snapshot;
}

describe('small-procurement v1', () => {
  describe('graph coverage', () => {
    it('declares exactly the stages it describes, in the same order', () => {
      expect(stagesOf(def)).toEqual(def.stages.map((s) => s.id));
      for (const stage of def.stages) expect(isFinalStage(def, stage.id)).toBe(stage.final);
    });

    it('generates paths that reach every stage', () => {
      expect(pathCount).toBeGreaterThan(0);
      expect([...reached.keys()].sort()).toEqual(stagesOf(def).sort());
    });

    it('generates paths that take every declared transition', () => {
      const declared = declaredTransitions(def).map((t) => transitionKey(t.stage, t.event, t.target));
      expect(new Set(declared).size).toBe(declared.length);
      expect([...taken].sort()).toEqual([...declared].sort());
    });

    it('only knows events it lists, and uses every event it lists', () => {
      const used = new Set(declaredTransitions(def).map((t) => t.event));
      expect([...used].sort()).toEqual([...eventTypes].sort());
    });

    it('never goes back to draft', () => {
      expect(declaredTransitions(def).filter((t) => t.target === 'draft')).toEqual([]);
    });
  });

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

  describe('guards', () => {
    const guarded = declaredTransitions(def).filter((t) => t.requirements.length > 0);
    const unguarded = declaredTransitions(def).filter((t) => t.requirements.length === 0);

    it('only uses the requirements guard, so that every refusal can be explained', () => {
      expect(guarded.length).toBeGreaterThan(0);
      for (const t of declaredTransitions(def).filter((d) => d.guardType !== undefined)) expect(t.guardType).toBe('requirements');
    });

    describe.each(guarded)('$event in $stage', ({ stage, event, requirements }) => {
      const type = event as EventType;

      it('is reported by requirementsFor with the declared requirements', () => {
        expect(requirementsFor(def, stage, type)).toEqual(requirements);
      });

      it('is allowed when every requirement holds', () => {
        const e = engineEvent(type, { facts: factsFor(at(stage), actorFor(type)) });
        expect(evaluate(def, at(stage), e)).toEqual({ accepted: true, allowed: true, unmet: [] });
        expect(at(stage).can(e)).toBe(true);
      });

      it.each(requirements)('is refused naming only %s when that requirement alone fails', (id) => {
        const e = engineEvent(type, { facts: breaking(id, factsFor(at(stage), actorFor(type))) });
        expect(evaluate(def, at(stage), e)).toEqual({
          accepted: true,
          allowed: false,
          unmet: [{ id, message: requirement(id).message }],
        });
        expect(at(stage).can(e)).toBe(false);
        const after = apply(def, at(stage), e);
        expect(stageOf(after)).toBe(stage);
        expect(after.context).toEqual(at(stage).context);
      });
    });

    it.each(unguarded)('$event in $stage is allowed even when no requirement holds', ({ stage, event }) => {
      const e = engineEvent(event as EventType, { facts: noFacts(actorFor(event as EventType)) });
      expect(evaluate(def, at(stage), e)).toEqual({ accepted: true, allowed: true, unmet: [] });
      expect(at(stage).can(e)).toBe(true);
    });
  });

  describe('four-eyes approval', () => {
    // One person may hold both roles; the principle is about the person, not the role.
    const LEAD: Actor = { id: 'lead-7', name: 'Lee Lead', role: 'officer' };
    const requested = apply(
      def,
      at('procedureSelection'),
      engineEvent('REQUEST_APPROVAL', { actor: LEAD, facts: factsFor(at('procedureSelection'), LEAD) }),
    );

    it('records who requested approval', () => {
      expect(stageOf(requested)).toBe('approval');
      expect(requested.context.approval.requestedBy).toBe(LEAD.id);
    });

    it('refuses an approval by the person who requested it', () => {
      const self: Actor = { ...LEAD, role: 'manager' };
      const e = engineEvent('APPROVE', { actor: self, facts: factsFor(requested, self) });
      expect(evaluate(def, requested, e)).toEqual({
        accepted: true,
        allowed: false,
        unmet: [{ id: 'approval.fourEyes', message: requirement('approval.fourEyes').message }],
      });
      expect(requested.can(e)).toBe(false);
      expect(stageOf(apply(def, requested, e))).toBe('approval');
    });

    it('allows an approval by another manager', () => {
      const e = engineEvent('APPROVE', { actor: OTHER_MANAGER, facts: factsFor(requested, OTHER_MANAGER) });
      expect(evaluate(def, requested, e)).toEqual({ accepted: true, allowed: true, unmet: [] });
      const approved = apply(def, requested, e);
      expect(stageOf(approved)).toBe('readyForTender');
      expect(approved.context.approval).toMatchObject({ requestedBy: LEAD.id, decidedBy: OTHER_MANAGER.id, decision: 'approved' });
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
      expect(Object.values(def.events).filter((spec) => spec.internal).map((spec) => spec.type)).toEqual(['VOID_APPROVAL']);
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

      it.each(PROCEDURES.map((procedure) => [procedure, allowed.includes(procedure)] as const))(
        'accepts %s: %s',
        (procedure, accepted) => {
          expect(validate({ procedure, rationale: 'Because.' })).toBe(accepted);
        },
      );

      it('leaves the shared event list untouched for digigreen-planning', () => {
        expect(digigreenPlanningV1.events.SELECT_PROCEDURE.payload.properties.procedure).toEqual({ enum: [...PROCEDURES] });
      });
    });

    it('does not judge innovation partnership, which its procedures exclude', () => {
      expect(requirementsFor(def, 'procedureSelection', 'REQUEST_APPROVAL')).toEqual(['procedure.selected']);
    });
  });

  describe('stages', () => {
    const finals = stagesOf(def).filter((s) => isFinalStage(def, s));
    const open = stagesOf(def).filter((s) => !isFinalStage(def, s));

    it('ends in tenderLinked, cancelled or unsuccessful', () => {
      expect(finals.sort()).toEqual(['cancelled', 'tenderLinked', 'unsuccessful']);
    });

    it.each(finals)('%s accepts no event', (stage) => {
      expect(at(stage).status).toBe('done');
      for (const type of eventTypes) {
        const e = engineEvent(type);
        expect(evaluate(def, at(stage), e)).toEqual({ accepted: false, allowed: false, unmet: [] });
        expect(at(stage).can(e)).toBe(false);
        expect(stageOf(apply(def, at(stage), e))).toBe(stage);
      }
    });

    it.each(open)('%s can be cancelled', (stage) => {
      const e = engineEvent('CANCEL', { actor: MANAGER, at: '2025-02-01T10:00:00.000Z', facts: noFacts(MANAGER) });
      expect(evaluate(def, at(stage), e)).toEqual({ accepted: true, allowed: true, unmet: [] });
      const cancelled = apply(def, at(stage), e);
      expect(stageOf(cancelled)).toBe('cancelled');
      expect(cancelled.status).toBe('done');
      expect(cancelled.context).toEqual({
        ...at(stage).context,
        closure: { kind: 'cancelled', reason: SAMPLE_PAYLOADS.CANCEL.reason, at: e.at, by: MANAGER.id },
      });
    });

    it('refuses events a stage does not list, without explaining them as unmet requirements', () => {
      const e = engineEvent('LINK_TENDER');
      expect(evaluate(def, at('draft'), e)).toEqual({ accepted: false, allowed: false, unmet: [] });
      expect(stageOf(apply(def, at('draft'), e))).toBe('draft');
    });
  });

  describe('persistence', () => {
    it.each(stagesOf(def))('restores %s from JSON into a snapshot that behaves the same', (stage) => {
      const original = at(stage);
      const stored = JSON.parse(JSON.stringify(persist(original)));
      expect(stored).toEqual(persist(original));
      const restored = restore(def, stored);

      expect(stageOf(restored)).toBe(stageOf(original));
      expect(restored.status).toBe(original.status);
      expect(restored.context).toEqual(original.context);
      for (const type of eventTypes) {
        for (const facts of [factsFor(original, actorFor(type)), noFacts(actorFor(type))]) {
          const e = engineEvent(type, { facts });
          expect(evaluate(def, restored, e)).toEqual(evaluate(def, original, e));
          expect(persist(apply(def, restored, e))).toEqual(persist(apply(def, original, e)));
        }
      }
    });
  });
});
