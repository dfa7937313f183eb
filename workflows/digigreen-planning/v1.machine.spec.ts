import type { AnyMachineSnapshot } from 'xstate';
import type { EventType } from '../common/events';
import {
  MANAGER,
  OFFICER,
  OTHER_MANAGER,
  OTHER_OFFICER,
  EXTENDED_DEADLINES,
  ROUND_ID,
  SYSTEM,
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
  step,
  transitionKey,
} from '../common/fixtures';
import { apply, evaluate, persist, requirementsFor, restore, stageOf, start } from '../common/inspect';
import { requirement } from '../common/requirements';
import type { Actor, WorkflowDefinition } from '../common/types';
import { digigreenPlanningV1 } from './v1.machine';

const def: WorkflowDefinition = digigreenPlanningV1;
const eventTypes = Object.keys(def.events) as EventType[];

const { paths: pathCount, taken, reached, after } = explore(def);

function at(stage: string): AnyMachineSnapshot {
  const snapshot = reached.get(stage);
  if (!snapshot) throw new Error(`Stage ${stage} was never reached`);
  return snapshot;
}

describe('digigreen-planning v1', () => {
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
      let s = start(def);
      expect(stageOf(s)).toBe('draft');
      s = send(s, 'START_NEEDS_ASSESSMENT').snapshot;
      const needs = send(s, 'RECORD_NEEDS');
      s = send(needs.snapshot, 'COMPLETE_NEEDS_ASSESSMENT').snapshot;
      expect(stageOf(s)).toBe('marketAnalysis');
      const market = send(s, 'RECORD_MARKET_ANALYSIS', OTHER_OFFICER);
      const notice = send(market.snapshot, 'PUBLISH_ENGAGEMENT_NOTICE');
      const dialogue = send(notice.snapshot, 'START_MARKET_DIALOGUE');
      expect(stageOf(dialogue.snapshot)).toBe('marketDialogue');
      const round = send(dialogue.snapshot, 'SCHEDULE_DIALOGUE_ROUND');
      const extension = send(round.snapshot, 'EXTEND_DIALOGUE_ROUND', OTHER_OFFICER);
      const clarifications = send(extension.snapshot, 'DIALOGUE_ROUND_DEADLINE', SYSTEM, {
        roundId: ROUND_ID,
        deadline: 'clarifications',
        dueAt: EXTENDED_DEADLINES.clarificationsUntil,
      });
      // While the round is open the dialogue cannot be left, whatever else is done.
      const early = engineEvent('START_CO_DEVELOPMENT', { facts: factsFor(clarifications.snapshot, OFFICER) });
      expect(evaluate(def, clarifications.snapshot, early)).toEqual({
        accepted: true,
        allowed: false,
        unmet: [{ id: 'dialogue.roundsClosed', message: requirement('dialogue.roundsClosed').message }],
      });
      const close = send(clarifications.snapshot, 'DIALOGUE_ROUND_DEADLINE', SYSTEM, {
        roundId: ROUND_ID,
        deadline: 'close',
        dueAt: EXTENDED_DEADLINES.closesAt,
      });
      const summary = send(close.snapshot, 'PUBLISH_DIALOGUE_SUMMARY');
      s = send(summary.snapshot, 'START_CO_DEVELOPMENT').snapshot;
      expect(stageOf(s)).toBe('coDevelopment');
      const workshop = send(s, 'RECORD_CO_DEVELOPMENT_ACTIVITY');
      const pilotPayload = { kind: 'pilot', title: 'Pilot in the library', date: '2025-06-01', outcomes: 'Comfort held at 20 °C.' };
      const pilot = send(workshop.snapshot, 'RECORD_CO_DEVELOPMENT_ACTIVITY', OTHER_OFFICER, pilotPayload);
      s = send(pilot.snapshot, 'COMPLETE_CO_DEVELOPMENT').snapshot;
      expect(stageOf(s)).toBe('criteriaAndStrategy');
      const strategy = send(s, 'RECORD_SUSTAINABILITY_STRATEGY');
      s = send(strategy.snapshot, 'COMPLETE_CRITERIA').snapshot;
      expect(stageOf(s)).toBe('procedureSelection');
      const procedure = send(s, 'SELECT_PROCEDURE');
      const request = send(procedure.snapshot, 'REQUEST_APPROVAL');
      expect(stageOf(request.snapshot)).toBe('approval');
      const approve = send(request.snapshot, 'APPROVE', MANAGER);
      expect(stageOf(approve.snapshot)).toBe('readyForTender');
      expect(approve.snapshot.status).toBe('active');
      const link = send(approve.snapshot, 'LINK_TENDER');
      s = link.snapshot;

      expect(stageOf(s)).toBe('tenderLinked');
      expect(s.status).toBe('done');
      expect(s.context).toEqual({
        needs: { ...SAMPLE_PAYLOADS.RECORD_NEEDS, recordedAt: needs.event.at, recordedBy: OFFICER.id },
        marketAnalysis: { ...SAMPLE_PAYLOADS.RECORD_MARKET_ANALYSIS, recordedAt: market.event.at, recordedBy: OTHER_OFFICER.id },
        engagementNotice: { ...SAMPLE_PAYLOADS.PUBLISH_ENGAGEMENT_NOTICE, publishedAt: notice.event.at, publishedBy: OFFICER.id },
        noticeWaiver: null,
        dialogue: {
          startedAt: dialogue.event.at,
          rounds: {
            [ROUND_ID]: {
              type: SAMPLE_PAYLOADS.SCHEDULE_DIALOGUE_ROUND.type,
              ...EXTENDED_DEADLINES,
              closedAt: close.event.at,
              clarificationsClosedAt: clarifications.event.at,
              scheduledBy: OFFICER.id,
              extensions: 1,
            },
          },
        },
        dialogueSummary: { ...SAMPLE_PAYLOADS.PUBLISH_DIALOGUE_SUMMARY, publishedAt: summary.event.at, publishedBy: OFFICER.id },
        coDevelopment: {
          activities: [
            { ...SAMPLE_PAYLOADS.RECORD_CO_DEVELOPMENT_ACTIVITY, recordedAt: workshop.event.at, recordedBy: OFFICER.id },
            { ...pilotPayload, participants: [], recordedAt: pilot.event.at, recordedBy: OTHER_OFFICER.id },
          ],
          skipped: null,
        },
        strategy: { ...SAMPLE_PAYLOADS.RECORD_SUSTAINABILITY_STRATEGY, recordedAt: strategy.event.at, recordedBy: OFFICER.id },
        procedure: { ...SAMPLE_PAYLOADS.SELECT_PROCEDURE, selectedAt: procedure.event.at, selectedBy: OFFICER.id },
        approval: {
          requestedBy: OFFICER.id,
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

    it('fills absent optional fields with empty lists, false or null', () => {
      let s = send(start(def), 'START_NEEDS_ASSESSMENT').snapshot;
      s = send(s, 'RECORD_NEEDS', OFFICER, { need: 'Heating.' }).snapshot;
      expect(s.context.needs).toMatchObject({ usersConsulted: [], strategicGoals: [], rationale: null });
      s = send(at('marketAnalysis'), 'RECORD_MARKET_ANALYSIS', OFFICER, { knownSuppliers: 0, solutions: [], maturity: 'emerging' }).snapshot;
      expect(s.context.marketAnalysis).toMatchObject({ risks: [], noSolutionOnMarket: false });
      s = send(s, 'PUBLISH_ENGAGEMENT_NOTICE', OFFICER, { title: 'T', description: 'D', process: 'P' }).snapshot;
      expect(s.context.engagementNotice).toMatchObject({ plannedStart: null, plannedEnd: null });
      s = send(at('marketDialogue'), 'PUBLISH_DIALOGUE_SUMMARY', OFFICER, { summary: 'S', inputUse: 'U' }).snapshot;
      expect(s.context.dialogueSummary).toMatchObject({ noSolutionOnMarket: false });
      s = send(at('criteriaAndStrategy'), 'RECORD_SUSTAINABILITY_STRATEGY', OFFICER, { goals: [] }).snapshot;
      expect(s.context.strategy).toMatchObject({ goals: [], justification: null });
      s = send(at('approval'), 'APPROVE', MANAGER, {}).snapshot;
      expect(s.context.approval).toMatchObject({ decision: 'approved', comment: null });
      s = send(s, 'LINK_TENDER', OFFICER, { tenderId: 'T-1' }).snapshot;
      expect(s.context.tender).toMatchObject({ tenderId: 'T-1', url: null });
    });

    it('records a waived notice and a skipped co-development instead of the optional steps', () => {
      const waiver = send(at('marketAnalysis'), 'WAIVE_ENGAGEMENT_NOTICE', OTHER_OFFICER);
      expect(waiver.snapshot.context.noticeWaiver).toEqual({
        ...SAMPLE_PAYLOADS.WAIVE_ENGAGEMENT_NOTICE,
        recordedAt: waiver.event.at,
        recordedBy: OTHER_OFFICER.id,
      });
      const skip = send(at('marketDialogue'), 'SKIP_CO_DEVELOPMENT', OTHER_OFFICER);
      expect(stageOf(skip.snapshot)).toBe('criteriaAndStrategy');
      expect(skip.snapshot.context.coDevelopment).toEqual({
        activities: at('marketDialogue').context.coDevelopment.activities,
        skipped: { ...SAMPLE_PAYLOADS.SKIP_CO_DEVELOPMENT, recordedAt: skip.event.at, recordedBy: OTHER_OFFICER.id },
      });
    });

    it('returns a plan for revision and takes a fresh approval request afterwards', () => {
      const returned = send(at('approval'), 'RETURN_FOR_REVISION', OTHER_MANAGER);
      expect(stageOf(returned.snapshot)).toBe('procedureSelection');
      expect(returned.snapshot.context.approval).toMatchObject({
        decision: 'returned',
        decidedBy: OTHER_MANAGER.id,
        decidedAt: returned.event.at,
        comment: SAMPLE_PAYLOADS.RETURN_FOR_REVISION.reason,
      });
      const again = send(returned.snapshot, 'REQUEST_APPROVAL', OTHER_OFFICER);
      expect(again.snapshot.context.approval).toEqual({
        requestedBy: OTHER_OFFICER.id,
        requestedAt: again.event.at,
        decision: null,
        decidedBy: null,
        decidedAt: null,
        comment: null,
      });
      expect(stageOf(send(returned.snapshot, 'REVISE_CRITERIA').snapshot)).toBe('criteriaAndStrategy');
    });

    it('closes a plan as unsuccessful with the reason', () => {
      const closed = send(at('readyForTender'), 'MARK_UNSUCCESSFUL');
      expect(stageOf(closed.snapshot)).toBe('unsuccessful');
      expect(closed.snapshot.status).toBe('done');
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

  describe('voided approval', () => {
    const reason = SAMPLE_PAYLOADS.VOID_APPROVAL.reason;

    it('sends an approved plan back to approval, requested by whoever changed it', () => {
      const approved = at('readyForTender');
      const e = engineEvent('VOID_APPROVAL', { actor: OTHER_OFFICER, at: '2025-03-01T10:00:00.000Z' });
      expect(evaluate(def, approved, e)).toEqual({ accepted: true, allowed: true, unmet: [] });
      const voided = apply(def, approved, e);
      expect(stageOf(voided)).toBe('approval');
      expect(voided.context.approval).toEqual({
        requestedBy: OTHER_OFFICER.id,
        requestedAt: e.at,
        decision: null,
        decidedBy: null,
        decidedAt: null,
        comment: null,
        voidedAt: e.at,
        voidReason: `${reason} (approval by ${approved.context.approval.decidedBy} voided)`,
      });
      expect({ ...voided.context, approval: null }).toEqual({ ...approved.context, approval: null });
    });

    it('renews a pending request, naming no approver', () => {
      const pending = at('approval');
      const e = engineEvent('VOID_APPROVAL', { actor: OTHER_OFFICER });
      const voided = apply(def, pending, e);
      expect(stageOf(voided)).toBe('approval');
      expect(voided.context.approval).toMatchObject({ requestedBy: OTHER_OFFICER.id, decision: null, voidedAt: e.at, voidReason: reason });
    });

    it('needs a fresh approval by someone other than whoever changed the plan', () => {
      const voided = apply(def, at('readyForTender'), engineEvent('VOID_APPROVAL', { actor: OTHER_OFFICER }));
      const self: Actor = { ...OTHER_OFFICER, role: 'manager' };
      expect(evaluate(def, voided, engineEvent('APPROVE', { actor: self, facts: factsFor(voided, self) }))).toMatchObject({ allowed: false });
      const approve = engineEvent('APPROVE', { actor: MANAGER, facts: factsFor(voided, MANAGER) });
      expect(stageOf(apply(def, voided, approve))).toBe('readyForTender');
    });

    it.each(stagesOf(def).filter((stage) => !['approval', 'readyForTender'].includes(stage)))('is not taken in %s', (stage) => {
      expect(evaluate(def, at(stage), engineEvent('VOID_APPROVAL'))).toEqual({ accepted: false, allowed: false, unmet: [] });
    });
  });

  describe('innovation partnership', () => {
    const request = (noSolutionOnMarket: boolean) =>
      engineEvent('REQUEST_APPROVAL', {
        facts: allFacts({
          caller: { id: OFFICER.id, role: OFFICER.role },
          procedure: { selected: 'innovationPartnership', rationaleGiven: true },
          market: { noSolutionOnMarket },
        }),
      });

    it('is refused while the market record does not state that no solution exists', () => {
      expect(evaluate(def, at('procedureSelection'), request(false))).toEqual({
        accepted: true,
        allowed: false,
        unmet: [
          {
            id: 'procedure.innovationPartnershipJustified',
            message: requirement('procedure.innovationPartnershipJustified').message,
          },
        ],
      });
    });

    it('is allowed when the market record states that no solution exists', () => {
      expect(evaluate(def, at('procedureSelection'), request(true))).toEqual({ accepted: true, allowed: true, unmet: [] });
    });

    it('can be stated by the dialogue summary as well as by the market analysis', () => {
      const payload = { ...SAMPLE_PAYLOADS.PUBLISH_DIALOGUE_SUMMARY, noSolutionOnMarket: true };
      const e = engineEvent('PUBLISH_DIALOGUE_SUMMARY', { payload });
      const published = apply(def, at('marketDialogue'), e);
      expect(published.context.dialogueSummary).toEqual({ outcome: 'dialogueHeld', ...payload, publishedAt: e.at, publishedBy: OFFICER.id });
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
    // The initial snapshot and the one after every transition the paths take: every stage, and
    // contexts the shortest path to a stage lacks, such as a dialogue with a scheduled round.
    const snapshots: Array<[string, AnyMachineSnapshot]> = [['start', start(def)], ...after];

    /** What the engine gets from an event: the stored snapshot and the timer actions, or the error. */
    function outcome(snapshot: AnyMachineSnapshot, e: ReturnType<typeof engineEvent>) {
      try {
        const [next, actions] = step(def, snapshot, e);
        return { stored: persist(next), actions };
      } catch (err) {
        return { error: String(err) };
      }
    }

    it('covers every stage and a dialogue with a round', () => {
      expect([...new Set(snapshots.map(([, s]) => stageOf(s)))].sort()).toEqual(stagesOf(def).sort());
      expect(snapshots.some(([, s]) => ROUND_ID in s.context.dialogue.rounds)).toBe(true);
    });

    it.each(snapshots)('restores the snapshot after %s from JSON into one that behaves the same', (_key, original) => {
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
          expect(outcome(restored, e)).toEqual(outcome(original, e));
        }
      }
    });
  });
});
