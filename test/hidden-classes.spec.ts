import { setFlagsFromString } from 'node:v8';
import { extended } from '../src/common/extended';
import type { Caller } from '../src/common/auth/caller';
import { ProcurementPlanEntity } from '../src/engine/procurement-plan.entity';
import { outgoingEventsFor } from '../src/outbox/outgoing-events';
import { ProcurementsService } from '../src/procurements/procurements.service';
import type { PlanDetailView } from '../src/procurements/procurement.view';
import { createTestApp, type TestApp } from './support/create-test-app';
import { newPlan, people } from './support/factories';

// V8's own test hook, compiled after the flag is set: whether two objects have one hidden class.
setFlagsFromString('--allow-natives-syntax');
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- `%HaveSameMap` parses only in code compiled after the flag
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/**
 * What the service makes on every request must share its hidden classes from one request to the
 * next (decision 0028, session 19). In Node 20's V8 an object made by spreading another and then
 * given a property (`{ ...a, b }`) got a new hidden class every time once its code was warm: the
 * plan answer, every outgoing event and every committed change did, each such class was kept until a
 * full collection, and with it about 3 KB of every request reached the old generation (5 MB/s under
 * load, a mark-compact every few seconds). V8 only makes the new classes once the code is warm (its
 * inline caches set up after the first eight calls or so), hence the many calls before comparing.
 */
describe('Objects made per request share their hidden classes', () => {
  let t: TestApp;
  let service: ProcurementsService;
  const officer: Caller = {
    id: people.officer.sub,
    name: people.officer.name,
    role: 'officer',
    org: people.officer.org,
    businessId: null,
    email: null,
    locale: null,
  };
  const WARM = 40;

  beforeAll(async () => {
    t = await createTestApp();
    service = t.app.get(ProcurementsService);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  /** True when every pair of successive items shares the hidden class of the one before it. */
  const allShare = (items: object[]): boolean => items.every((item, i) => i === 0 || sameMap(items[i - 1], item));

  it('extended(a, b) has one hidden class for every call, whatever made `a`', () => {
    const spreadBase = (i: number) => ({ ...{ id: `p${i}`, version: i }, stage: 'draft' });
    const parsedBase = (i: number) => JSON.parse(`{"id":"p${i}","version":${i}}`) as { id: string; version: number };
    for (const base of [spreadBase, parsedBase]) {
      const made = Array.from({ length: WARM }, (_, i) => extended(base(i), { auditSeq: i, updatedAt: new Date(0) }));
      expect(allShare(made.slice(-10))).toBe(true);
      expect(made.at(-1)).toEqual({ ...base(WARM - 1), auditSeq: WARM - 1, updatedAt: new Date(0) });
    }
  });

  it('plan answers, read and after a transition, and their listed events', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await service.create(newPlan(), officer, 'en')).id);
    const read: PlanDetailView[] = [];
    for (let i = 0; i < WARM; i++) read.push(await service.get(ids[i % ids.length], officer, 'en'));
    expect(allShare(read.slice(-10))).toBe(true);
    // Each listed event (an event the plan may take is made anew for every answer) keeps its class.
    for (let event = 0; event < read[0].transitions.length; event++) {
      expect(allShare(read.slice(-10).map((view) => view.transitions[event]))).toBe(true);
    }
    const moved: PlanDetailView[] = [];
    for (const id of ids) moved.push(await service.send(id, { type: 'START_NEEDS_ASSESSMENT', payload: {} }, officer, 'en'));
    for (let i = 0; i < WARM; i++) {
      const id = ids[i % ids.length];
      const event = { type: 'RECORD_NEEDS', payload: { need: `Need ${i}`, usersConsulted: ['teachers'], strategicGoals: ['Carbon neutral by 2030'] } };
      moved.push(await service.send(id, event, officer, 'en'));
    }
    expect(moved.at(-1)?.stage).toBe('needsAssessment');
    expect(allShare(moved.slice(-10))).toBe(true);
  });

  it('the outgoing events of a committed change', async () => {
    const created = await service.create(newPlan(), officer, 'en');
    const plan = await t.dataSource.getRepository(ProcurementPlanEntity).findOneByOrFail({ id: created.id });
    const actor = { id: officer.id, name: officer.name, role: officer.role };
    const data: object[] = [];
    for (let i = 0; i < WARM; i++) {
      const change = {
        type: 'START_NEEDS_ASSESSMENT',
        actor,
        at: new Date(),
        fromStage: 'draft',
        toStage: 'needsAssessment',
        fromStageEnteredAt: null,
        payload: {},
      };
      const events = outgoingEventsFor(plan, change);
      expect(events.map((e) => e.type)).toEqual(['plan.stageChanged']);
      data.push(events[0].data);
    }
    expect(allShare(data.slice(-10))).toBe(true);
  });
});
