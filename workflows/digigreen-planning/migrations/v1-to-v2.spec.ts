import type { AnyMachineSnapshot } from 'xstate';
import type { PlanContext } from '../../common/context';
import type { EventType } from '../../common/events';
import { actorFor, engineEvent, explore, factsFor, namesKnownRound } from '../../common/fixtures';
import { apply, evaluate, persist, restore, stageOf, type StoredSnapshot } from '../../common/inspect';
import { jsonPatch, planMove } from '../../common/migration';
import type { WorkflowDefinition } from '../../common/types';
import { WorkflowMigrations } from '../../migrations';
import { digigreenPlanningV1 } from '../v1.machine';
import { digigreenPlanningV2 } from '../v2.machine';
import { digigreenPlanningV1ToV2 } from './v1-to-v2';

const v1 = digigreenPlanningV1;
const v2 = digigreenPlanningV2;

/** Every snapshot of v1 the graph reaches: the end of a shortest path to every stage and every transition. */
const v1Snapshots: Array<[string, AnyMachineSnapshot]> = (() => {
  const { reached, after } = explore(v1);
  return [...[...reached].map(([stage, s]) => [`stage ${stage}`, s] as [string, AnyMachineSnapshot]), ...after];
})();

/** The events `def` takes in the snapshot's stage, with facts the engine would compute there. */
function accepted(def: WorkflowDefinition, snapshot: AnyMachineSnapshot): string[] {
  return (Object.keys(def.events) as EventType[])
    .map((type) => engineEvent(type, { facts: factsFor(snapshot, actorFor(type)) }))
    .filter((event) => namesKnownRound(snapshot, event) && evaluate(def, snapshot, event).accepted)
    .map((event) => event.type)
    .sort();
}

/** Whether v2 can take the plan from `snapshot` to one of its final stages (breadth first over stages). */
function reachesFinal(def: WorkflowDefinition, from: AnyMachineSnapshot): boolean {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const snapshot = queue.shift()!;
    if (snapshot.status === 'done') return true;
    if (seen.has(stageOf(snapshot))) continue;
    seen.add(stageOf(snapshot));
    for (const type of Object.keys(def.events) as EventType[]) {
      const event = engineEvent(type, { facts: factsFor(snapshot, actorFor(type)) });
      if (namesKnownRound(snapshot, event) && evaluate(def, snapshot, event).allowed) queue.push(apply(def, snapshot, event));
    }
  }
  return false;
}

describe('digigreen-planning v1 → v2 migration', () => {
  it('is registered for the two versions', () => {
    expect(new WorkflowMigrations().find('digigreen-planning', 1, 2)).toBe(digigreenPlanningV1ToV2);
    expect(new WorkflowMigrations().find('digigreen-planning', 2, 3)).toBeUndefined();
  });

  it('covers every stage of v1 in the snapshots the graph reaches', () => {
    expect(new Set(v1Snapshots.map(([, s]) => stageOf(s)))).toEqual(new Set(v1.stages.map((s) => s.id)));
    expect(v1Snapshots.length).toBeGreaterThan(v1.stages.length);
  });

  describe.each(v1Snapshots)('a plan of v1 after %s', (_label, snapshot) => {
    const stored = JSON.parse(JSON.stringify(persist(snapshot))) as StoredSnapshot;
    const move = planMove(digigreenPlanningV1ToV2, v1, v2, stored);

    it('maps to a stage of v2, and v2 restores the upcast context there', () => {
      expect(move.movable).toBe(true);
      if (!move.movable) return;
      expect(v2.stages.map((s) => s.id)).toContain(move.toStage);
      const restored = restore(v2, move.snapshot);
      expect(stageOf(restored)).toBe(move.toStage);
      expect(restored.context).toEqual(move.snapshot.context);
      expect(restored.status).toBe(snapshot.status);
    });

    it('takes in v2 what it took in v1 (round deadlines included), and can still reach an end', () => {
      if (!move.movable) throw new Error(move.reason.code);
      const restored = restore(v2, move.snapshot);
      expect(accepted(v2, restored)).toEqual(accepted(v1, snapshot));
      expect(reachesFinal(v2, restored)).toBe(true);
    });

    it('leaves the stored snapshot unchanged and patches only what the upcast states', () => {
      const before = JSON.stringify(stored);
      planMove(digigreenPlanningV1ToV2, v1, v2, stored);
      expect(JSON.stringify(stored)).toBe(before);
      if (move.movable) expect(move.contextPatch).toEqual(jsonPatch(stored.context, move.snapshot.context));
    });
  });

  it('states what records written before v2 left out, as a JSON Patch', () => {
    const [, inDialogue] = v1Snapshots.find(([, s]) => stageOf(s) === 'marketDialogue')!;
    const legacy = structuredClone(persist(inDialogue));
    // A notice and a summary as v1 stored them before issue 13 added their fields.
    const at = '2025-01-10T09:00:00.000Z';
    Object.assign(legacy.context, {
      engagementNotice: {
        title: 'Market dialogue',
        description: 'Dialogue',
        process: 'Two rounds',
        plannedStart: null,
        plannedEnd: '2025-03-01',
        publishedAt: at,
        publishedBy: 'officer-1',
      },
      noticeWaiver: null,
      dialogueSummary: { summary: 'What we heard', inputUse: 'Criteria', noSolutionOnMarket: false, publishedAt: at, publishedBy: 'officer-1' },
    });
    const move = planMove(digigreenPlanningV1ToV2, v1, v2, legacy);
    expect(move.movable && move.contextPatch).toEqual([
      { op: 'add', path: '/engagementNotice/registrationUntil', value: null },
      { op: 'add', path: '/dialogueSummary/outcome', value: 'dialogueHeld' },
    ]);
  });

  it('leaves a plan the mapping refuses where it is, with the reason the migration declares', () => {
    const [, inCoDevelopment] = v1Snapshots.find(([, s]) => stageOf(s) === 'coDevelopment')!;
    const strict = {
      ...digigreenPlanningV1ToV2,
      reasons: { coDevelopmentWithoutSuppliers: 'No co-development without suppliers.' },
      mapStage: (stage: string, context: PlanContext) =>
        stage === 'coDevelopment' && context.dialogueSummary?.outcome === 'noSupplierRegistered' ? { unmapped: 'coDevelopmentWithoutSuppliers' } : { stage },
    };
    const stored = structuredClone(persist(inCoDevelopment));
    stored.context.dialogueSummary = { ...stored.context.dialogueSummary!, outcome: 'noSupplierRegistered' };
    expect(planMove(strict, v1, v2, stored)).toEqual({
      movable: false,
      fromStage: 'coDevelopment',
      reason: { code: 'coDevelopmentWithoutSuppliers', params: { stage: 'coDevelopment' } },
    });
    const undeclared = { ...strict, reasons: {} };
    expect(() => planMove(undeclared, v1, v2, stored)).toThrow('undeclared reason coDevelopmentWithoutSuppliers');
  });

  it('refuses a target the new version does not accept, instead of writing it', () => {
    const [, draft] = v1Snapshots.find(([, s]) => stageOf(s) === 'draft')!;
    const wrong = { ...digigreenPlanningV1ToV2, mapStage: () => ({ stage: 'tenderLinked' }) };
    expect(planMove(wrong, v1, v2, persist(draft))).toEqual({
      movable: false,
      fromStage: 'draft',
      reason: { code: 'targetFinalMismatch', params: { from: 'draft', to: 'tenderLinked' } },
    });
    const unknown = { ...digigreenPlanningV1ToV2, mapStage: () => ({ stage: 'tendering' }) };
    expect(planMove(unknown, v1, v2, persist(draft))).toMatchObject({
      movable: false,
      reason: { code: 'targetUnknownStage', params: { stage: 'tendering', workflow: 'digigreen-planning@2' } },
    });
  });
});
