import Ajv from 'ajv';
import type { AnyMachineSnapshot } from 'xstate';
import type { PlanContext, RoundSchedule } from '../common/context';
import type { EventType } from '../common/events';
import {
  EXTENDED_DEADLINES,
  OFFICER,
  OTHER_OFFICER,
  ROUND_DEADLINES,
  ROUND_ID,
  SAMPLE_PAYLOADS,
  SYSTEM,
  allFacts,
  breaking,
  declaredTransitions,
  engineEvent,
  noFacts,
  stagesOf,
  step,
  type EventOptions,
  type MachineAction,
} from '../common/fixtures';
import { evaluate, persist, requirementsFor, restore, stageOf, start } from '../common/inspect';
import { roundTimerId } from '../common/plan-setup';
import type { WorkflowDefinition } from '../common/types';
import { smallProcurementV1 } from '../small-procurement/v1.machine';
import { digigreenPlanningV1 } from './v1.machine';

const def: WorkflowDefinition = digigreenPlanningV1;
const ROUND_EVENTS = ['SCHEDULE_DIALOGUE_ROUND', 'EXTEND_DIALOGUE_ROUND', 'DIALOGUE_ROUND_DEADLINE'] as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** When the dialogue starts and the sample round is scheduled: engineEvent's default time. */
const T0 = '2025-01-15T09:00:00.000Z';
const ROUND_B = '0b9e6d1a-2c3f-4a5b-8c7d-6e5f4a3b2c1d';
const ROUND_C = 'c4d5e6f7-0a1b-4c2d-9e3f-a4b5c6d7e8f9';

const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as PlanContext;
const roundOf = (snapshot: AnyMachineSnapshot, roundId = ROUND_ID): RoundSchedule | undefined => contextOf(snapshot).dialogue.rounds[roundId];

/** Sends an event the machine allows and returns the pure transition's result. */
function send(snapshot: AnyMachineSnapshot, type: EventType, options: EventOptions = {}) {
  const event = engineEvent(type, options);
  expect(evaluate(def, snapshot, event)).toEqual({ accepted: true, allowed: true, unmet: [] });
  const [next, actions] = step(def, snapshot, event);
  return { snapshot: next, actions, event };
}

function schedule(snapshot: AnyMachineSnapshot, roundId: string, at = T0, deadlines = ROUND_DEADLINES) {
  return send(snapshot, 'SCHEDULE_DIALOGUE_ROUND', { at, payload: { roundId, type: 'rfi', ...deadlines } });
}

function extend(snapshot: AnyMachineSnapshot, roundId: string, at: string, deadlines = EXTENDED_DEADLINES) {
  const previous = roundOf(snapshot, roundId);
  const payload = {
    roundId,
    ...deadlines,
    previous: previous && {
      opensAt: previous.opensAt,
      questionsUntil: previous.questionsUntil,
      clarificationsUntil: previous.clarificationsUntil,
      closesAt: previous.closesAt,
    },
  };
  return send(snapshot, 'EXTEND_DIALOGUE_ROUND', { at, actor: OTHER_OFFICER, payload });
}

function deadline(snapshot: AnyMachineSnapshot, roundId: string, which: 'clarifications' | 'close', at: string) {
  const dueAt = roundOf(snapshot, roundId)?.[which === 'close' ? 'closesAt' : 'clarificationsUntil'] ?? at;
  return send(snapshot, 'DIALOGUE_ROUND_DEADLINE', { at, payload: { roundId, deadline: which, dueAt } });
}

/** The delayed DIALOGUE_ROUND_DEADLINE the machine raises, as the engine stores it as a timer. */
function raised(roundId: string, which: 'clarifications' | 'close', dueAt: string, delay: number): MachineAction {
  return {
    type: 'xstate.raise',
    params: { event: { type: 'DIALOGUE_ROUND_DEADLINE', payload: { roundId, deadline: which, dueAt } }, id: roundTimerId(roundId, which), delay },
  };
}

const cancelled = (roundId: string, which: 'clarifications' | 'close'): MachineAction => ({
  type: 'xstate.cancel',
  params: { sendId: roundTimerId(roundId, which) },
});

/** A plan that has just entered the market dialogue, at 08:00 on the day of T0. */
function inDialogue() {
  let s = start(def);
  s = send(s, 'START_NEEDS_ASSESSMENT').snapshot;
  s = send(s, 'COMPLETE_NEEDS_ASSESSMENT').snapshot;
  expect(stageOf(s)).toBe('marketAnalysis');
  return send(s, 'START_MARKET_DIALOGUE', { at: '2025-01-15T08:00:00.000Z' });
}

/**
 * A dialogue with three rounds. ROUND_ID: clarifications passed, close pending. ROUND_B: extended,
 * both deadlines pending. ROUND_C: closed, nothing pending.
 */
function withRounds() {
  let s = inDialogue().snapshot;
  s = schedule(s, ROUND_ID).snapshot;
  s = schedule(s, ROUND_B).snapshot;
  s = schedule(s, ROUND_C).snapshot;
  s = deadline(s, ROUND_ID, 'clarifications', ROUND_DEADLINES.clarificationsUntil).snapshot;
  s = extend(s, ROUND_B, '2025-02-01T09:00:00.000Z').snapshot;
  s = deadline(s, ROUND_C, 'close', ROUND_DEADLINES.closesAt).snapshot;
  return s;
}

describe('digigreen-planning v1 dialogue timers', () => {
  describe('START_MARKET_DIALOGUE', () => {
    it('records when the dialogue started, with no round and no timer', () => {
      const { snapshot, actions, event } = inDialogue();
      expect(stageOf(snapshot)).toBe('marketDialogue');
      expect(contextOf(snapshot).dialogue).toEqual({ startedAt: event.at, rounds: {} });
      expect(actions).toEqual([]);
    });

    it('leaves startedAt empty until then', () => {
      expect(contextOf(start(def)).dialogue).toEqual({ startedAt: null, rounds: {} });
    });
  });

  describe('SCHEDULE_DIALOGUE_ROUND', () => {
    it('returns exactly two delayed deadline events, measured from the event time', () => {
      const { snapshot, actions } = schedule(inDialogue().snapshot, ROUND_ID, T0);
      expect(stageOf(snapshot)).toBe('marketDialogue');
      // T0 is 2025-01-15 09:00; clarifications end 2025-02-10 17:00 and the round closes 2025-02-17 17:00.
      expect(actions).toEqual([
        {
          type: 'xstate.raise',
          params: {
            event: {
              type: 'DIALOGUE_ROUND_DEADLINE',
              payload: { roundId: ROUND_ID, deadline: 'clarifications', dueAt: ROUND_DEADLINES.clarificationsUntil },
            },
            id: `round:${ROUND_ID}:clarifications`,
            delay: 26 * DAY + 8 * HOUR,
          },
        },
        {
          type: 'xstate.raise',
          params: {
            event: { type: 'DIALOGUE_ROUND_DEADLINE', payload: { roundId: ROUND_ID, deadline: 'close', dueAt: ROUND_DEADLINES.closesAt } },
            id: `round:${ROUND_ID}:close`,
            delay: 33 * DAY + 8 * HOUR,
          },
        },
      ]);
    });

    it('measures the delays from the event time, not from the opening', () => {
      const later = '2025-02-01T09:00:00.000Z';
      const { actions } = schedule(inDialogue().snapshot, ROUND_ID, later);
      expect(actions).toEqual([
        raised(ROUND_ID, 'clarifications', ROUND_DEADLINES.clarificationsUntil, 9 * DAY + 8 * HOUR),
        raised(ROUND_ID, 'close', ROUND_DEADLINES.closesAt, 16 * DAY + 8 * HOUR),
      ]);
    });

    it('fires a deadline that is already due after 1 ms, never with a zero or negative delay', () => {
      const atClarifications = schedule(inDialogue().snapshot, ROUND_ID, ROUND_DEADLINES.clarificationsUntil);
      expect(atClarifications.actions).toEqual([
        raised(ROUND_ID, 'clarifications', ROUND_DEADLINES.clarificationsUntil, 1),
        raised(ROUND_ID, 'close', ROUND_DEADLINES.closesAt, 7 * DAY),
      ]);
      const afterClose = schedule(inDialogue().snapshot, ROUND_ID, '2025-03-01T00:00:00.000Z');
      expect(afterClose.actions).toEqual([
        raised(ROUND_ID, 'clarifications', ROUND_DEADLINES.clarificationsUntil, 1),
        raised(ROUND_ID, 'close', ROUND_DEADLINES.closesAt, 1),
      ]);
    });

    it('records the schedule with its author, no extension and no deadline passed', () => {
      const { snapshot } = schedule(inDialogue().snapshot, ROUND_ID);
      expect(contextOf(snapshot).dialogue.rounds).toEqual({
        [ROUND_ID]: { type: 'rfi', ...ROUND_DEADLINES, closedAt: null, clarificationsClosedAt: null, scheduledBy: OFFICER.id, extensions: 0 },
      });
    });

    it('schedules a second round beside the first, with timers for the new round only', () => {
      const first = schedule(inDialogue().snapshot, ROUND_ID);
      const second = schedule(first.snapshot, ROUND_B, T0, EXTENDED_DEADLINES);
      expect(Object.keys(contextOf(second.snapshot).dialogue.rounds)).toEqual([ROUND_ID, ROUND_B]);
      expect(roundOf(second.snapshot, ROUND_ID)).toEqual(roundOf(first.snapshot, ROUND_ID));
      expect(second.actions).toEqual([
        raised(ROUND_B, 'clarifications', EXTENDED_DEADLINES.clarificationsUntil, 33 * DAY + 8 * HOUR),
        raised(ROUND_B, 'close', EXTENDED_DEADLINES.closesAt, 40 * DAY + 8 * HOUR),
      ]);
    });

    it('raises deadline events the workflow accepts from the engine when their timers fire', () => {
      const scheduled = schedule(inDialogue().snapshot, ROUND_ID);
      let snapshot = scheduled.snapshot;
      const spec = def.events.DIALOGUE_ROUND_DEADLINE;
      const validate = new Ajv({ allErrors: true, strict: true }).compile(spec.payload);
      expect(spec.roles).toEqual(['system']);
      for (const action of scheduled.actions) {
        // The timer poller sends the stored event type and payload as the system actor.
        const { event } = action.params as { event: { type: EventType; payload: Record<string, unknown> } };
        expect(validate(event.payload)).toBe(true);
        snapshot = send(snapshot, event.type, { actor: SYSTEM, payload: event.payload, at: event.payload.dueAt as string }).snapshot;
      }
      expect(roundOf(snapshot)).toMatchObject({
        clarificationsClosedAt: ROUND_DEADLINES.clarificationsUntil,
        closedAt: ROUND_DEADLINES.closesAt,
      });
    });
  });

  describe('EXTEND_DIALOGUE_ROUND', () => {
    const EXTENDED_AT = '2025-02-01T09:00:00.000Z';

    it('cancels and re-raises both deadlines while both are pending, measured from the extension', () => {
      const { actions } = extend(schedule(inDialogue().snapshot, ROUND_ID).snapshot, ROUND_ID, EXTENDED_AT);
      // Each cancel comes before the raise with the same id: the engine cancels pending timers by id.
      expect(actions).toEqual([
        cancelled(ROUND_ID, 'clarifications'),
        raised(ROUND_ID, 'clarifications', EXTENDED_DEADLINES.clarificationsUntil, 16 * DAY + 8 * HOUR),
        cancelled(ROUND_ID, 'close'),
        raised(ROUND_ID, 'close', EXTENDED_DEADLINES.closesAt, 23 * DAY + 8 * HOUR),
      ]);
    });

    it('updates the schedule and counts each extension, keeping who scheduled the round', () => {
      const scheduled = schedule(inDialogue().snapshot, ROUND_ID);
      const once = extend(scheduled.snapshot, ROUND_ID, EXTENDED_AT);
      expect(roundOf(once.snapshot)).toEqual({
        type: 'rfi',
        ...EXTENDED_DEADLINES,
        closedAt: null,
        clarificationsClosedAt: null,
        scheduledBy: OFFICER.id,
        extensions: 1,
      });
      const further = { ...EXTENDED_DEADLINES, closesAt: '2025-03-03T17:00:00.000Z' };
      const twice = extend(once.snapshot, ROUND_ID, '2025-02-02T09:00:00.000Z', further);
      expect(roundOf(twice.snapshot)).toEqual({ ...roundOf(once.snapshot), ...further, extensions: 2 });
    });

    it('leaves the timers and schedules of other rounds alone', () => {
      const two = schedule(schedule(inDialogue().snapshot, ROUND_ID).snapshot, ROUND_B);
      const extended = extend(two.snapshot, ROUND_B, EXTENDED_AT);
      expect(roundOf(extended.snapshot, ROUND_ID)).toEqual(roundOf(two.snapshot, ROUND_ID));
      expect(extended.actions).toEqual([
        cancelled(ROUND_B, 'clarifications'),
        raised(ROUND_B, 'clarifications', EXTENDED_DEADLINES.clarificationsUntil, 16 * DAY + 8 * HOUR),
        cancelled(ROUND_B, 'close'),
        raised(ROUND_B, 'close', EXTENDED_DEADLINES.closesAt, 23 * DAY + 8 * HOUR),
      ]);
    });

    it('after the clarifications deadline fired, cancels and re-raises only the close deadline', () => {
      const scheduled = schedule(inDialogue().snapshot, ROUND_ID);
      const passed = deadline(scheduled.snapshot, ROUND_ID, 'clarifications', ROUND_DEADLINES.clarificationsUntil);
      const extendedAt = '2025-02-12T09:00:00.000Z';
      const { snapshot, actions } = extend(passed.snapshot, ROUND_ID, extendedAt);
      expect(actions).toEqual([cancelled(ROUND_ID, 'close'), raised(ROUND_ID, 'close', EXTENDED_DEADLINES.closesAt, 12 * DAY + 8 * HOUR)]);
      expect(roundOf(snapshot)).toMatchObject({
        ...EXTENDED_DEADLINES,
        clarificationsClosedAt: ROUND_DEADLINES.clarificationsUntil,
        closedAt: null,
        extensions: 1,
      });
    });

    it('sets and cancels no timer once the round has closed', () => {
      const scheduled = schedule(inDialogue().snapshot, ROUND_ID);
      const closed = deadline(scheduled.snapshot, ROUND_ID, 'close', ROUND_DEADLINES.closesAt);
      expect(extend(closed.snapshot, ROUND_ID, '2025-02-18T09:00:00.000Z').actions).toEqual([]);
    });

    it('throws for a round that was never scheduled, which the dialogue module never sends', () => {
      const e = engineEvent('EXTEND_DIALOGUE_ROUND', { payload: { ...SAMPLE_PAYLOADS.EXTEND_DIALOGUE_ROUND, roundId: ROUND_B } });
      const scheduled = schedule(inDialogue().snapshot, ROUND_ID).snapshot;
      expect(() => step(def, scheduled, e)).toThrow(`EXTEND_DIALOGUE_ROUND for unknown round ${ROUND_B}`);
    });
  });

  describe('DIALOGUE_ROUND_DEADLINE', () => {
    const scheduled = () => schedule(schedule(inDialogue().snapshot, ROUND_ID).snapshot, ROUND_B).snapshot;
    const CLARIFIED_AT = '2025-02-10T17:00:01.000Z';
    const CLOSED_AT = '2025-02-17T17:00:02.000Z';

    it('clarifications: ends the clarification period when the timer fires, and keeps the round open', () => {
      const { snapshot, actions } = deadline(scheduled(), ROUND_ID, 'clarifications', CLARIFIED_AT);
      expect(stageOf(snapshot)).toBe('marketDialogue');
      expect(roundOf(snapshot)).toMatchObject({ clarificationsClosedAt: CLARIFIED_AT, closedAt: null });
      expect(actions).toEqual([]);
    });

    it('close: closes the round and its clarification period when the timer fires', () => {
      const { snapshot, actions } = deadline(scheduled(), ROUND_ID, 'close', CLOSED_AT);
      expect(roundOf(snapshot)).toEqual({ ...roundOf(scheduled()), closedAt: CLOSED_AT, clarificationsClosedAt: CLOSED_AT });
      expect(actions).toEqual([]);
    });

    it('close after clarifications keeps when the clarification period ended', () => {
      const clarified = deadline(scheduled(), ROUND_ID, 'clarifications', CLARIFIED_AT);
      const closed = deadline(clarified.snapshot, ROUND_ID, 'close', CLOSED_AT);
      expect(roundOf(closed.snapshot)).toMatchObject({ clarificationsClosedAt: CLARIFIED_AT, closedAt: CLOSED_AT });
    });

    it('does not move the recorded times when a deadline comes again', () => {
      const closed = deadline(scheduled(), ROUND_ID, 'close', CLOSED_AT).snapshot;
      for (const which of ['close', 'clarifications'] as const) {
        const again = deadline(closed, ROUND_ID, which, '2025-02-20T00:00:00.000Z');
        expect(again.snapshot.context).toEqual(closed.context);
        expect(again.actions).toEqual([]);
      }
      const clarified = deadline(scheduled(), ROUND_ID, 'clarifications', CLARIFIED_AT).snapshot;
      const again = deadline(clarified, ROUND_ID, 'clarifications', '2025-02-20T00:00:00.000Z');
      expect(again.snapshot.context).toEqual(clarified.context);
    });

    it('passes the deadline of its own round only', () => {
      const before = scheduled();
      const { snapshot } = deadline(before, ROUND_B, 'close', CLOSED_AT);
      expect(roundOf(snapshot, ROUND_ID)).toEqual(roundOf(before, ROUND_ID));
      expect(roundOf(snapshot, ROUND_B)).toMatchObject({ closedAt: CLOSED_AT });
    });

    it('changes nothing for a round that was never scheduled', () => {
      const before = scheduled();
      const { snapshot, actions } = deadline(before, ROUND_C, 'close', CLOSED_AT);
      expect(snapshot.context).toEqual(before.context);
      expect(actions).toEqual([]);
    });
  });

  describe('leaving the dialogue', () => {
    const PENDING = [cancelled(ROUND_ID, 'close'), cancelled(ROUND_B, 'clarifications'), cancelled(ROUND_B, 'close')];

    const exits = [
      { event: 'SKIP_CO_DEVELOPMENT', target: 'criteriaAndStrategy', facts: allFacts({ caller: { id: OFFICER.id, role: OFFICER.role } }) },
      { event: 'START_CO_DEVELOPMENT', target: 'coDevelopment', facts: allFacts({ caller: { id: OFFICER.id, role: OFFICER.role } }) },
      // CANCEL needs nothing: it also cancels the timers of a dialogue that is far from done.
      { event: 'CANCEL', target: 'cancelled', facts: noFacts(OFFICER) },
    ] as const;

    describe.each(exits)('by $event', ({ event, target, facts }) => {
      it('cancels exactly the pending deadlines of every round, and none that passed', () => {
        const before = withRounds();
        const { snapshot, actions } = send(before, event, { facts });
        expect(stageOf(snapshot)).toBe(target);
        expect(actions).toHaveLength(PENDING.length);
        expect(actions).toEqual(expect.arrayContaining(PENDING));
        // The schedules stay as they were: a cancelled deadline has not passed.
        expect(contextOf(snapshot).dialogue).toEqual(contextOf(before).dialogue);
      });

      it('cancels nothing when no round was scheduled', () => {
        const { snapshot, actions } = send(inDialogue().snapshot, event, { facts });
        expect(stageOf(snapshot)).toBe(target);
        expect(actions).toEqual([]);
      });

      it('cancels nothing when every deadline has passed', () => {
        let s = schedule(inDialogue().snapshot, ROUND_ID).snapshot;
        s = deadline(s, ROUND_ID, 'close', ROUND_DEADLINES.closesAt).snapshot;
        expect(send(s, event, { facts }).actions).toEqual([]);
      });

      it('cancels the same deadlines from a snapshot restored from JSON', () => {
        const before = withRounds();
        const restored = restore(def, JSON.parse(JSON.stringify(persist(before))));
        expect(send(restored, event, { facts }).actions).toEqual(send(before, event, { facts }).actions);
      });
    });

    it.each(['SKIP_CO_DEVELOPMENT', 'START_CO_DEVELOPMENT'] as const)('a refused %s stays and cancels nothing', (event) => {
      const before = withRounds();
      const e = engineEvent(event, { facts: breaking('dialogue.roundsClosed', allFacts({ caller: { id: OFFICER.id, role: OFFICER.role } })) });
      expect(evaluate(def, before, e)).toMatchObject({ accepted: true, allowed: false });
      const [after, actions] = step(def, before, e);
      expect(actions).toEqual([]);
      expect(stageOf(after)).toBe('marketDialogue');
      expect(after.context).toEqual(before.context);
    });

    it.each(['RECORD_MARKET_ANALYSIS', 'PUBLISH_DIALOGUE_SUMMARY', 'DIALOGUE_ROUND_DEADLINE'] as const)(
      '%s stays in the dialogue and cancels nothing',
      (event) => {
        const payload =
          event === 'DIALOGUE_ROUND_DEADLINE' ? { roundId: ROUND_ID, deadline: 'close', dueAt: ROUND_DEADLINES.closesAt } : SAMPLE_PAYLOADS[event];
        const { snapshot, actions } = send(withRounds(), event, { payload });
        expect(stageOf(snapshot)).toBe('marketDialogue');
        expect(actions).toEqual([]);
      },
    );

    it('scheduling another round while others are pending only raises the new timers', () => {
      const ROUND_D = 'd0e1f2a3-b4c5-4d6e-8f70-8192a3b4c5d6';
      const { actions } = schedule(withRounds(), ROUND_D);
      expect(actions.map((a) => a.type)).toEqual(['xstate.raise', 'xstate.raise']);
      expect(actions.map((a) => (a.params as { id: string }).id)).toEqual([roundTimerId(ROUND_D, 'clarifications'), roundTimerId(ROUND_D, 'close')]);
    });
  });

  describe('where the round events are taken', () => {
    it.each(ROUND_EVENTS)('%s is an unguarded self-transition of marketDialogue only', (type) => {
      expect(declaredTransitions(def).filter((t) => t.event === type)).toEqual([
        { stage: 'marketDialogue', event: type, target: 'marketDialogue', guardType: undefined, requirements: [] },
      ]);
      for (const stage of stagesOf(def)) {
        expect(requirementsFor(def, stage, type)).toEqual(stage === 'marketDialogue' ? [] : undefined);
      }
    });

    describe.each(ROUND_EVENTS)('%s', (type) => {
      const officer = allFacts({ caller: { id: OFFICER.id, role: OFFICER.role } });
      const outside: Array<[string, () => AnyMachineSnapshot]> = [
        ['draft', () => start(def)],
        ['criteriaAndStrategy, after skipping co-development', () => send(withRounds(), 'SKIP_CO_DEVELOPMENT', { facts: officer }).snapshot],
        ['coDevelopment', () => send(withRounds(), 'START_CO_DEVELOPMENT', { facts: officer }).snapshot],
        ['cancelled', () => send(withRounds(), 'CANCEL').snapshot],
      ];

      it.each(outside)('is refused in %s, changing nothing and setting no timer', (_stage, snapshot) => {
        const before = snapshot();
        // Past the dialogue the round is still in the context, so only the stage can refuse.
        if (stageOf(before) !== 'draft') expect(roundOf(before)).toBeDefined();
        const e = engineEvent(type);
        expect(evaluate(def, before, e)).toEqual({ accepted: false, allowed: false, unmet: [] });
        const [after, actions] = step(def, before, e);
        expect(actions).toEqual([]);
        expect(persist(after)).toEqual(persist(before));
      });
    });

    it('roundTimerId names the round and the deadline', () => {
      expect(roundTimerId(ROUND_ID, 'clarifications')).toBe(`round:${ROUND_ID}:clarifications`);
      expect(roundTimerId(ROUND_ID, 'close')).toBe(`round:${ROUND_ID}:close`);
    });

    it.each(ROUND_EVENTS)('small-procurement has no %s, in its event list or in any stage', (type) => {
      expect(Object.keys(smallProcurementV1.events)).not.toContain(type);
      expect(declaredTransitions(smallProcurementV1).filter((t) => t.event === type)).toEqual([]);
      for (const stage of stagesOf(smallProcurementV1)) expect(requirementsFor(smallProcurementV1, stage, type)).toBeUndefined();
    });
  });
});
