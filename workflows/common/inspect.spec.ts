import { WorkflowRegistry } from '../registry';
import { digigreenPlanningV1 } from '../digigreen-planning/v1.machine';
import { digigreenPlanningV2 } from '../digigreen-planning/v2.machine';
import { smallProcurementV1 } from '../small-procurement/v1.machine';
import { transition } from 'xstate';
import type { EventType } from './events';
import { declaredTransitions, engineEvent, explore, isFinalStage, stagesOf } from './fixtures';
import { advance, evaluate, finalStages, persist, requirementsFor, start, toMermaid } from './inspect';
import { planSetup } from './plan-setup';
import type { WorkflowDefinition } from './types';

const definitions = [digigreenPlanningV1, smallProcurementV1];

describe('inspect', () => {
  describe.each(definitions)('$id', (def) => {
    const lines = toMermaid(def).split('\n');
    const finals = stagesOf(def).filter((s) => isFinalStage(def, s));
    const open = stagesOf(def).filter((s) => !isFinalStage(def, s));

    describe(toMermaid.name, () => {
      it('is a state diagram entered at draft', () => {
        expect(lines[0]).toBe('stateDiagram-v2');
        expect(lines[1]).toBe('  [*] --> draft');
      });

      it('has one line per declared transition, labelled with its requirements', () => {
        // CANCEL leads from every open stage to cancelled; one note says so instead of a line each.
        const expected = declaredTransitions(def)
          .filter((t) => !(t.event === 'CANCEL' && t.target === 'cancelled'))
          .map((t) => {
            const label = t.requirements.length > 0 ? `${t.event} [${t.requirements.join(', ')}]` : t.event;
            return `  ${t.stage} --> ${t.target} : ${label}`;
          });
        const transitions = lines.filter((l) => / --> \w+ : /.test(l));
        expect(transitions.sort()).toEqual(expected.sort());
      });

      it('summarises CANCEL in a note on cancelled', () => {
        expect(lines).toContain(`  note right of cancelled : CANCEL from ${open.join(', ')}`);
        expect(lines.filter((l) => l.includes('CANCEL'))).toHaveLength(1);
      });

      it('ends every final stage', () => {
        expect(lines.filter((l) => l.endsWith('--> [*]'))).toEqual(finals.map((s) => `  ${s} --> [*]`));
      });

      it('has no other lines', () => {
        const transitions = declaredTransitions(def).filter((t) => !(t.event === 'CANCEL' && t.target === 'cancelled'));
        expect(lines).toHaveLength(2 + transitions.length + 1 + finals.length);
      });
    });

    describe(requirementsFor.name, () => {
      it('is undefined for an event a stage does not take', () => {
        expect(requirementsFor(def, 'draft', 'APPROVE')).toBeUndefined();
        expect(requirementsFor(def, 'cancelled', 'CANCEL')).toBeUndefined();
      });

      it('is empty for an unguarded transition', () => {
        expect(requirementsFor(def, 'needsAssessment', 'RECORD_NEEDS')).toEqual([]);
      });

      it('is computed once per stage and event: the same frozen list every time', () => {
        const first = requirementsFor(def, 'draft', 'START_NEEDS_ASSESSMENT');
        expect(first?.length).toBeGreaterThan(0);
        expect(requirementsFor(def, 'draft', 'START_NEEDS_ASSESSMENT')).toBe(first);
        expect(Object.isFrozen(first)).toBe(true);
        // An event type the workflow does not define is answered, not kept: clients cannot grow the memo.
        expect(requirementsFor(def, 'draft', 'NOT_AN_EVENT')).toBeUndefined();
        expect(() => requirementsFor(def, 'noSuchStage', 'START_NEEDS_ASSESSMENT')).toThrow();
      });
    });

    describe(finalStages.name, () => {
      it('lists the final stages of the machine', () => {
        expect(finalStages(def)).toEqual(finals);
      });
    });

    describe(persist.name, () => {
      it('stores the stage, the context and the status of a fresh plan', () => {
        expect(persist(start(def))).toEqual({ value: 'draft', context: start(def).context, status: 'active' });
      });
    });
  });

  describe('with a guard other than requirements', () => {
    const machine = planSetup.createMachine({
      id: 'opaque',
      initial: 'draft',
      context: () => start(digigreenPlanningV1).context,
      states: {
        draft: { on: { START_NEEDS_ASSESSMENT: { target: 'done', guard: () => true } } },
        done: { type: 'final' },
      },
    });
    const def: WorkflowDefinition = { ...digigreenPlanningV1, id: 'opaque', machine };

    it('refuses to explain it rather than report no requirements', () => {
      expect(() => requirementsFor(def, 'draft', 'START_NEEDS_ASSESSMENT')).toThrow('Unexplainable guard');
      expect(() => evaluate(def, start(def), engineEvent('START_NEEDS_ASSESSMENT'))).toThrow('Unexplainable guard');
    });
  });
});

describe(WorkflowRegistry.name, () => {
  const digigreenV2: WorkflowDefinition = { ...digigreenPlanningV1, version: 2 };

  it('holds every released workflow by default', () => {
    const registry = new WorkflowRegistry();
    expect(registry.list()).toEqual([digigreenPlanningV1, digigreenPlanningV2, smallProcurementV1]);
    expect(registry.get('digigreen-planning', 1)).toBe(digigreenPlanningV1);
    expect(registry.get('digigreen-planning', 2)).toBe(digigreenPlanningV2);
    expect(registry.latest('digigreen-planning')).toBe(digigreenPlanningV2);
    expect(registry.get('small-procurement', 1)).toBe(smallProcurementV1);
  });

  it('finds nothing for an unknown id or version', () => {
    const registry = new WorkflowRegistry();
    expect(registry.get('digigreen-planning', 9)).toBeUndefined();
    expect(registry.get('large-procurement', 1)).toBeUndefined();
    expect(registry.latest('large-procurement')).toBeUndefined();
    expect(registry.versions('large-procurement')).toEqual([]);
  });

  it('orders versions and picks the latest whatever the registration order', () => {
    const registry = new WorkflowRegistry([digigreenV2, smallProcurementV1, digigreenPlanningV1]);
    expect(registry.versions('digigreen-planning')).toEqual([digigreenPlanningV1, digigreenV2]);
    expect(registry.latest('digigreen-planning')).toBe(digigreenV2);
    expect(registry.latest('small-procurement')).toBe(smallProcurementV1);
    expect(registry.get('digigreen-planning', 1)).toBe(digigreenPlanningV1);
    expect(registry.list()).toHaveLength(3);
  });

  it('refuses a version registered twice', () => {
    expect(() => new WorkflowRegistry([digigreenPlanningV1, smallProcurementV1, { ...digigreenPlanningV1 }])).toThrow(
      'Workflow digigreen-planning@1 is registered twice',
    );
  });

  it('refuses a definition whose machine has another id', () => {
    const mismatched: WorkflowDefinition = { ...smallProcurementV1, id: 'digigreen-planning', version: 3 };
    expect(() => new WorkflowRegistry([mismatched])).toThrow('Workflow digigreen-planning@3 has machine id small-procurement');
  });
});

describe('advance (a transition on an inert scope built once per machine)', () => {
  const ofActions = (actions: ReadonlyArray<{ type: string; params: unknown }>) => actions.map(({ type, params }) => ({ type, params }));

  it.each([digigreenPlanningV1, digigreenPlanningV2, smallProcurementV1])(
    'gives what xstate transition() gives, from every snapshot the paths reach, for every event: $id@$version',
    (def) => {
      const explored = explore(def);
      const snapshots = [...explored.reached.values(), ...explored.after.values()];
      let compared = 0;
      for (const snapshot of snapshots) {
        for (const type of Object.keys(def.events) as EventType[]) {
          const event = engineEvent(type);
          let expectedResult: ReturnType<typeof transition>;
          try {
            expectedResult = transition(def.machine, snapshot, event);
          } catch (err) {
            // An event the engine never sends (a round the plan does not have) fails alike.
            expect(() => advance(def, snapshot, event)).toThrow((err as Error).message);
            continue;
          }
          const [expected, expectedActions] = expectedResult;
          const [next, actions] = advance(def, snapshot, event);
          expect([next.value, next.status, next.context]).toEqual([expected.value, expected.status, expected.context]);
          expect(ofActions(actions)).toEqual(ofActions(expectedActions));
          compared += 1;
        }
      }
      expect(compared).toBeGreaterThan(100);
    },
  );
});
