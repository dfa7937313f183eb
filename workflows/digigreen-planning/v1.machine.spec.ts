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
  engineEvent,
  explore,
  factsFor,
  isFinalStage,
  SAMPLE_PAYLOADS,
  stagesOf,
} from '../common/fixtures';
import { apply, evaluate, stageOf, start } from '../common/inspect';
import { requirement } from '../common/requirements';
import type { Actor, WorkflowDefinition } from '../common/types';
import { digigreenPlanningV1 } from './v1.machine';

const def: WorkflowDefinition = digigreenPlanningV1;
const { reached, after } = explore(def);

function at(stage: string): AnyMachineSnapshot {
  const snapshot = reached.get(stage);
  if (!snapshot) throw new Error(`Stage ${stage} was never reached`);
  return snapshot;
}

describe('digigreen-planning v1', () => {
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
        voidReason: `${String(reason)} (approval by ${approved.context.approval.decidedBy} voided)`,
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

  describe('persistence', () => {
    it("gives the contract's round trips a dialogue with a scheduled round", () => {
      expect([...after.values()].some((s) => ROUND_ID in s.context.dialogue.rounds)).toBe(true);
    });
  });
});
