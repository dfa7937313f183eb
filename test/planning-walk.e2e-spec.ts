import { createTestApp, type TestApp } from './support/create-test-app';
import { DIGIGREEN_WALK, eventsAfter, newPlan, people, runStep, SMALL_WALK, versionAfter } from './support/factories';

type Walk = typeof DIGIGREEN_WALK;

describe('Walking plans through their workflows', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    for (const [key, claims] of Object.entries(people)) tokens[key] = await t.token(claims);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  async function walk(planId: string, steps: Walk): Promise<void> {
    for (const step of steps) {
      const res = await runStep(t, tokens, planId, step);
      expect({ event: step.event.type, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({
        event: step.event.type,
        status: 200,
        body: undefined,
      });
      expect(res.body.stage).toBe(step.stage);
      expect(res.headers.etag).toBe(`"${res.body.version}"`);
    }
  }

  async function create(body: Record<string, unknown>): Promise<{ id: string; version: number }> {
    const res = await t.http().post('/procurements').set('Authorization', `Bearer ${tokens.officer}`).send(body).expect(201);
    expect(res.headers.location).toBe(`/procurements/${res.body.id}`);
    return res.body;
  }

  const plans: Record<string, { id: string; stage: string; version: number; events: number }> = {};

  it('walks a digigreen-planning plan from draft to readyForTender, with the right role at each step', async () => {
    const plan = await create(newPlan());
    expect(plan).toMatchObject({ stage: 'draft', version: 1, workflow: { id: 'digigreen-planning', version: 2 } });
    await walk(plan.id, DIGIGREEN_WALK);

    const res = await t.http().get(`/procurements/${plan.id}`).set('Authorization', `Bearer ${tokens.officer}`).expect(200);
    expect(res.body).toMatchObject({ stage: 'readyForTender', version: versionAfter(DIGIGREEN_WALK) });
    expect(res.body.records.approval).toMatchObject({ requestedBy: people.officer.sub, decidedBy: people.manager.sub, decision: 'approved' });
    expect(res.body.records.coDevelopment.activities).toHaveLength(1);
    const allowed = res.body.transitions.filter((tr: { allowed: boolean }) => tr.allowed).map((tr: { event: string }) => tr.event);
    expect(allowed.sort()).toEqual(['CANCEL', 'LINK_TENDER', 'MARK_UNSUCCESSFUL']);
    plans.digigreen = { id: plan.id, stage: 'readyForTender', version: versionAfter(DIGIGREEN_WALK), events: eventsAfter(DIGIGREEN_WALK) };
  });

  it('walks a small-procurement plan likewise, without dialogue or co-development', async () => {
    const plan = await create(newPlan({ title: 'Library chairs', workflowId: 'small-procurement', estimatedValue: { amount: 25000, currency: 'EUR' } }));
    await walk(plan.id, SMALL_WALK);
    plans.small = { id: plan.id, stage: 'readyForTender', version: versionAfter(SMALL_WALK), events: eventsAfter(SMALL_WALK) };
  });

  it('closes a plan by linking the tender; a closed plan takes no more events and only its rationale may change', async () => {
    const plan = await create(newPlan({ workflowId: 'small-procurement', estimatedValue: { amount: 40000, currency: 'EUR' } }));
    await walk(plan.id, SMALL_WALK);
    const linked = await t
      .http()
      .post(`/procurements/${plan.id}/events`)
      .set('Authorization', `Bearer ${tokens.officer}`)
      .send({ type: 'LINK_TENDER', tenderId: 'TED-2027-123456', url: 'https://tenders.example.org/123456' })
      .expect(200);
    expect(linked.body.stage).toBe('tenderLinked');
    expect(linked.body.transitions.every((tr: { allowed: boolean }) => !tr.allowed)).toBe(true);

    const cancel = await t
      .http()
      .post(`/procurements/${plan.id}/events`)
      .set('Authorization', `Bearer ${tokens.officer}`)
      .send({ type: 'CANCEL', reason: 'too late' })
      .expect(409);
    expect(cancel.body.unmet).toEqual([{ id: 'stage.acceptsEvent', message: expect.stringContaining('tenderLinked') }]);

    await t.http().patch(`/procurements/${plan.id}`).set('Authorization', `Bearer ${tokens.officer}`).send({ title: 'Renamed' }).expect(409);
    const patched = await t
      .http()
      .patch(`/procurements/${plan.id}`)
      .set('Authorization', `Bearer ${tokens.officer}`)
      .set('If-Match', `"${linked.body.version}"`)
      .send({ rationale: 'Linked to the published tender.' })
      .expect(200);
    expect(patched.body).toMatchObject({ rationale: 'Linked to the published tender.', version: linked.body.version + 1 });
    plans.linked = { id: plan.id, stage: 'tenderLinked', version: linked.body.version + 1, events: eventsAfter(SMALL_WALK) + 2 };
  });

  it("gives every plan the time of its last event as updatedAt too, which the portfolio's stalled filter reads", async () => {
    const rows: Array<{ id: string; updated_at: string | Date; last_event_at: string | Date }> = await t.dataSource.query(
      'SELECT id, updated_at, last_event_at FROM procurement_plans',
    );
    expect(rows.length).toBeGreaterThanOrEqual(Object.keys(plans).length);
    const time = (value: string | Date) => new Date(value).getTime();
    expect(rows.filter((row) => time(row.updated_at) !== time(row.last_event_at))).toEqual([]);
    for (const plan of Object.values(plans)) {
      const got = await t.http().get(`/procurements/${plan.id}`).set('Authorization', `Bearer ${tokens.officer}`).expect(200);
      const history = await t.http().get(`/procurements/${plan.id}/history?limit=100`).set('Authorization', `Bearer ${tokens.officer}`).expect(200);
      const last = history.body.items[history.body.items.length - 1] as { occurredAt: string };
      expect({ updatedAt: got.body.updatedAt, lastEventAt: got.body.lastEventAt }).toEqual({ updatedAt: last.occurredAt, lastEventAt: last.occurredAt });
    }
  });

  it('keeps every plan in its stage with its full, intact history after a restart on the same database', async () => {
    await t.close();
    t = await createTestApp({ database: t.database });
    for (const plan of Object.values(plans)) {
      const got = await t.http().get(`/procurements/${plan.id}`).set('Authorization', `Bearer ${tokens.officer}`).expect(200);
      expect(got.body).toMatchObject({ stage: plan.stage, version: plan.version });
      const history = await t.http().get(`/procurements/${plan.id}/history?limit=100`).set('Authorization', `Bearer ${tokens.officer}`).expect(200);
      expect(history.body.items).toHaveLength(plan.events);
      expect(history.body.items.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: plan.events }, (_, i) => i + 1));
      expect(history.body.items[0]).toMatchObject({ type: 'PLAN_CREATED', fromStage: null, toStage: 'draft' });
      const verify = await t.http().get(`/procurements/${plan.id}/history/verify`).set('Authorization', `Bearer ${tokens.officer}`).expect(200);
      expect(verify.body).toMatchObject({ intact: true, events: plan.events });
    }
    // The restored machine still works: the digigreen plan can move on after the restart.
    await t
      .http()
      .post(`/procurements/${plans.digigreen.id}/events`)
      .set('Authorization', `Bearer ${tokens.officer}`)
      .send({ type: 'LINK_TENDER', tenderId: 'TED-2027-654321' })
      .expect(200);
  });
});
