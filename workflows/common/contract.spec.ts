import { toDirectedGraph } from '@xstate/graph';
import Ajv from 'ajv';
import type { AnyMachineSnapshot } from 'xstate';
import { WorkflowRegistry } from '../registry';
import type { EventType } from './events';
import {
  BROKEN_REQUIREMENT_IDS,
  MANAGER,
  OTHER_MANAGER,
  actorFor,
  breaking,
  declaredTransitions,
  engineEvent,
  explore,
  factsFor,
  isFinalStage,
  noFacts,
  stagesOf,
  step,
  transitionKey,
  type DeclaredTransition,
} from './fixtures';
import { apply, evaluate, persist, requirementsFor, restore, stageOf, start, stagesWithTag, type Evaluation } from './inspect';
import { requirement } from './requirements';
import type { Actor, EngineEvent, WorkflowDefinition } from './types';

/*
 * The contract every workflow version keeps, checked once here for each version the registry holds:
 * graph coverage, every guard both ways, four-eyes, persistence and the event specs. A version added
 * to registry.ts is covered without a line written here; its own spec keeps only its scenarios.
 */

const versions = new WorkflowRegistry().list().map((def) => [`${def.id}@${def.version}`, def] as const);

/** Whoever sends an event into approval; one person may hold both roles, and four-eyes is about the person. */
const requester = (type: EventType): Actor => ({ id: 'lead-7', name: 'Lee Lead', role: actorFor(type).role });

/** The event as the engine builds it for `actor` on `snapshot`: every requirement met unless `facts` says otherwise. */
function sent(snapshot: AnyMachineSnapshot, type: EventType, actor = actorFor(type), facts = factsFor(snapshot, actor)): EngineEvent {
  return engineEvent(type, { actor, facts });
}

const ALLOWED: Evaluation = { accepted: true, allowed: true, unmet: [] };
const NOT_TAKEN: Evaluation = { accepted: false, allowed: false, unmet: [] };
const refusedFor = (id: string): Evaluation => ({ accepted: true, allowed: false, unmet: [{ id, message: requirement(id).message }] });

/** One row per (stage, event) a stage takes, with every candidate's target and the requirements of all of them. */
function byStageAndEvent(transitions: DeclaredTransition[]): Array<{ stage: string; event: EventType; targets: string[]; requirements: string[] }> {
  const rows = new Map<string, { stage: string; event: EventType; targets: string[]; requirements: string[] }>();
  for (const t of transitions) {
    const key = `${t.stage} ${t.event}`;
    const row = rows.get(key) ?? { stage: t.stage, event: t.event as EventType, targets: [], requirements: [] };
    row.targets.push(t.target);
    row.requirements.push(...t.requirements);
    rows.set(key, row);
  }
  return [...rows.values()];
}

describe.each(versions)('workflow contract: %s', (_key, def: WorkflowDefinition) => {
  const eventTypes = Object.keys(def.events) as EventType[];
  const declared = declaredTransitions(def);
  const { paths, taken, reached, after } = explore(def);
  const finals = stagesOf(def).filter((s) => isFinalStage(def, s));
  const initial = stageOf(start(def));

  function at(stage: string): AnyMachineSnapshot {
    const snapshot = reached.get(stage);
    if (!snapshot) throw new Error(`${def.id}@${def.version}: stage ${stage} was never reached`);
    return snapshot;
  }

  describe('graph coverage (@xstate/graph)', () => {
    const graph = toDirectedGraph(def.machine);
    const edges = new Map(graph.children.map((node) => [node.stateNode.key, node.edges.map((e) => e.target.key)]));

    it('has exactly the states def.stages describes, in the same order, final where described', () => {
      expect(stagesOf(def)).toEqual(def.stages.map((s) => s.id));
      expect([...edges.keys()]).toEqual(def.stages.map((s) => s.id));
      expect(def.stages.filter((s) => s.final).map((s) => s.id)).toEqual(finals);
      expect(finals.length).toBeGreaterThan(0);
    });

    it('reaches every stage from the initial state under its own guards, every final stage included', () => {
      expect(paths).toBeGreaterThan(0);
      expect([...reached.keys()].sort()).toEqual(def.stages.map((s) => s.id).sort());
      for (const stage of finals) expect(at(stage).status).toBe('done');
    });

    it('takes every declared transition on the way', () => {
      const keys = declared.map((t) => transitionKey(t.stage, t.event, t.target));
      expect(new Set(keys).size).toBe(keys.length);
      expect([...taken].sort()).toEqual([...keys].sort());
    });

    it('has no dead end: a final stage can be reached from every stage, and a final stage leads nowhere', () => {
      const endsFrom = (stage: string): boolean => {
        const seen = new Set<string>();
        const queue = [stage];
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
          if (finals.includes(next)) return true;
          for (const target of (edges.get(next) ?? []).filter((t) => !seen.has(t))) {
            seen.add(target);
            queue.push(target);
          }
        }
        return false;
      };
      expect(stagesOf(def).filter((stage) => !endsFrom(stage))).toEqual([]);
      for (const stage of finals) expect(edges.get(stage)).toEqual([]);
    });

    it('never returns to its initial stage', () => {
      expect(declared.filter((t) => t.target === initial)).toEqual([]);
    });

    it.each(stagesOf(def))('%s takes only the events it declares, explaining no other as unmet requirements', (stage) => {
      const takes = new Set(declared.filter((t) => t.stage === stage).map((t) => t.event));
      for (const type of eventTypes.filter((e) => !takes.has(e))) {
        const e = sent(at(stage), type);
        expect(evaluate(def, at(stage), e)).toEqual(NOT_TAKEN);
        expect(at(stage).can(e)).toBe(false);
        expect(persist(apply(def, at(stage), e))).toEqual(persist(at(stage)));
      }
    });

    it('can cancel every open stage, keeping its records', () => {
      const [cancelled] = stagesWithTag(def, 'plan.cancelled');
      for (const stage of stagesOf(def).filter((s) => !isFinalStage(def, s))) {
        const e = engineEvent('CANCEL', { actor: MANAGER, at: '2025-02-01T10:00:00.000Z', facts: noFacts(MANAGER) });
        expect(evaluate(def, at(stage), e)).toEqual(ALLOWED);
        const next = apply(def, at(stage), e);
        expect(stageOf(next)).toBe(cancelled);
        expect(next.context).toEqual({ ...at(stage).context, closure: { kind: 'cancelled', reason: e.payload.reason, at: e.at, by: MANAGER.id } });
      }
    });
  });

  describe('guards, each both ways', () => {
    const guarded = byStageAndEvent(declared.filter((t) => t.guardType !== undefined));
    const unguarded = byStageAndEvent(declared.filter((t) => t.guardType === undefined));

    it('uses only needs(...) guards, so that every refusal can be explained', () => {
      expect(guarded.length).toBeGreaterThan(0);
      expect(declared.filter((t) => t.guardType !== undefined && t.guardType !== 'requirements')).toEqual([]);
    });

    it('can break every requirement its guards name (a new requirement needs its breaker in fixtures.ts)', () => {
      const named = new Set(guarded.flatMap((row) => row.requirements));
      expect([...named].filter((id) => !BROKEN_REQUIREMENT_IDS.includes(id))).toEqual([]);
    });

    describe.each(guarded)('$event in $stage', ({ stage, event, targets, requirements }) => {
      it('is guarded by the requirements requirementsFor reports', () => {
        expect(requirementsFor(def, stage, event)).toEqual(requirements);
        expect(requirements.length).toBeGreaterThan(0);
      });

      it('is taken when every requirement holds', () => {
        const e = sent(at(stage), event);
        expect(evaluate(def, at(stage), e)).toEqual(ALLOWED);
        expect(at(stage).can(e)).toBe(true);
        expect(targets).toContain(stageOf(apply(def, at(stage), e)));
      });

      it.each(requirements)('is refused naming only %s when that requirement alone fails', (id) => {
        const e = sent(at(stage), event, actorFor(event), breaking(id, factsFor(at(stage), actorFor(event))));
        expect(evaluate(def, at(stage), e)).toEqual(refusedFor(id));
        expect(at(stage).can(e)).toBe(false);
        expect(persist(apply(def, at(stage), e))).toEqual(persist(at(stage)));
      });
    });

    it.each(unguarded)('$event in $stage is taken even when no requirement holds', ({ stage, event }) => {
      const e = sent(at(stage), event, actorFor(event), noFacts(actorFor(event)));
      expect(evaluate(def, at(stage), e)).toEqual(ALLOWED);
      expect(at(stage).can(e)).toBe(true);
    });
  });

  describe('four-eyes approval', () => {
    const approvalStages = [...new Set([...stagesWithTag(def, 'approval.waiting'), ...declared.filter((t) => t.event === 'APPROVE').map((t) => t.stage)])];
    // Every way into an approval stage is a request for approval by its sender (a voided approval too).
    const requests = declared.filter((t) => approvalStages.includes(t.target));

    if (approvalStages.length === 0) {
      it('has no approval stage, and no APPROVE event', () => {
        expect(Object.keys(def.events)).not.toContain('APPROVE');
      });
      return;
    }

    it.each(approvalStages)('%s is approved only under approval.fourEyes, a rule about who may act (403)', (stage) => {
      expect(requirementsFor(def, stage, 'APPROVE')).toContain('approval.fourEyes');
      expect(requirement('approval.fourEyes').authorisation).toBe(true);
    });

    describe.each(requests)('$event from $stage into $target', ({ stage, event }) => {
      const type = event as EventType;
      const lead = requester(type);
      const requested = apply(def, at(stage), sent(at(stage), type, lead));

      it('records its sender as the requester', () => {
        expect(approvalStages).toContain(stageOf(requested));
        expect(requested.context.approval.requestedBy).toBe(lead.id);
      });

      it('refuses APPROVE by the requester with approval.fourEyes, whatever their role', () => {
        const self: Actor = { ...lead, role: 'manager' };
        const e = sent(requested, 'APPROVE', self);
        expect(evaluate(def, requested, e)).toEqual(refusedFor('approval.fourEyes'));
        expect(requested.can(e)).toBe(false);
        expect(persist(apply(def, requested, e))).toEqual(persist(requested));
      });

      it('allows APPROVE by someone else', () => {
        const e = sent(requested, 'APPROVE', OTHER_MANAGER);
        expect(evaluate(def, requested, e)).toEqual(ALLOWED);
        const approved = apply(def, requested, e);
        expect(approvalStages).not.toContain(stageOf(approved));
        expect(approved.context.approval).toMatchObject({ requestedBy: lead.id, decidedBy: OTHER_MANAGER.id, decision: 'approved' });
      });
    });
  });

  describe('persistence', () => {
    // The initial snapshot and the one after every transition the paths take: every stage, and
    // contexts the shortest path to a stage lacks (a dialogue with a scheduled round).
    const snapshots: Array<[string, AnyMachineSnapshot]> = [['start', start(def)], ...after];
    const accepted = (s: AnyMachineSnapshot) => eventTypes.filter((type) => evaluate(def, s, sent(s, type)).accepted);

    /** What the engine gets from an event: the stored snapshot and the timer actions, or the error. */
    function outcome(snapshot: AnyMachineSnapshot, e: EngineEvent) {
      try {
        const [next, actions] = step(def, snapshot, e);
        return { stored: persist(next), actions };
      } catch (err) {
        return { error: String(err) };
      }
    }

    it('has a snapshot of every stage', () => {
      expect([...new Set(snapshots.map(([, s]) => stageOf(s)))].sort()).toEqual(stagesOf(def).sort());
    });

    it.each(snapshots)('restores the snapshot after %s from JSON into the same stage, context and accepted events', (_key, original) => {
      const stored = JSON.parse(JSON.stringify(persist(original))) as ReturnType<typeof persist>;
      expect(stored).toEqual(persist(original));
      const restored = restore(def, stored);

      expect(stageOf(restored)).toBe(stageOf(original));
      expect(restored.status).toBe(original.status);
      expect(restored.context).toEqual(original.context);
      expect(accepted(restored)).toEqual(accepted(original));
      for (const type of eventTypes) {
        for (const facts of [factsFor(original, actorFor(type)), noFacts(actorFor(type))]) {
          const e = sent(original, type, actorFor(type), facts);
          expect(evaluate(def, restored, e)).toEqual(evaluate(def, original, e));
          expect(outcome(restored, e)).toEqual(outcome(original, e));
        }
      }
    });
  });

  describe('event specs', () => {
    it('lists exactly the events the machine handles, internal ones included', () => {
      expect([...def.machine.events].sort()).toEqual([...eventTypes].sort());
      expect([...new Set(declared.map((t) => t.event))].sort()).toEqual([...eventTypes].sort());
      for (const [type, spec] of Object.entries(def.events)) expect(spec.type).toBe(type);
    });

    it.each(eventTypes)('%s has a payload schema ajv compiles in strict mode', (type) => {
      expect(() => new Ajv({ allErrors: true, strict: true }).compile(def.events[type].payload)).not.toThrow();
    });
  });
});
