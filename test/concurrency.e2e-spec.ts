import { createTestApp, type TestApp } from './support/create-test-app';
import { newPlan, people } from './support/factories';

const COPIES = 20;

describe('Concurrent commands on one plan', () => {
  let t: TestApp;
  let officer: string;

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.token(people.officer);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  async function createPlan(): Promise<string> {
    const res = await t.http().post('/procurements').set('Authorization', `Bearer ${officer}`).send(newPlan()).expect(201);
    return res.body.id;
  }

  async function auditCount(planId: string): Promise<number> {
    const history = await t.http().get(`/procurements/${planId}/history?limit=100`).set('Authorization', `Bearer ${officer}`).expect(200);
    return history.body.items.length;
  }

  function fire(planId: string, event: Record<string, unknown>, headers: Record<string, string> = {}) {
    return Promise.all(
      Array.from({ length: COPIES }, () => {
        let req = t.http().post(`/procurements/${planId}/events`).set('Authorization', `Bearer ${officer}`);
        for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
        return req.send(event).then((res) => ({ status: res.status, body: res.body }));
      }),
    );
  }

  it(`lets exactly one of ${COPIES} copies of a stage change win; the rest get 409 and one audit event is written`, async () => {
    const planId = await createPlan();
    const results = await fire(planId, { type: 'START_NEEDS_ASSESSMENT' });
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(COPIES - 1);
    for (const loser of results.filter((r) => r.status === 409)) {
      expect(loser.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    }
    const plan = await t.http().get(`/procurements/${planId}`).set('Authorization', `Bearer ${officer}`).expect(200);
    expect(plan.body).toMatchObject({ stage: 'needsAssessment', version: 2 });
    expect(await auditCount(planId)).toBe(2);
  });

  it(`lets exactly one of ${COPIES} copies carrying the same If-Match win; the rest are refused and nothing else is written`, async () => {
    const planId = await createPlan();
    await t.http().post(`/procurements/${planId}/events`).set('Authorization', `Bearer ${officer}`).send({ type: 'START_NEEDS_ASSESSMENT' }).expect(200);
    const results = await fire(planId, { type: 'RECORD_NEEDS', need: 'Durable laptops.' }, { 'If-Match': '"2"' });
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    // A loser either read the old version and lost the write (409) or read the new one and failed If-Match (412).
    expect(results.filter((r) => r.status !== 200).every((r) => r.status === 409 || r.status === 412)).toBe(true);
    expect(await auditCount(planId)).toBe(3);
    const verify = await t.http().get(`/procurements/${planId}/history/verify`).set('Authorization', `Bearer ${officer}`).expect(200);
    expect(verify.body).toMatchObject({ intact: true, events: 3 });
  });

  it('keeps plans independent: concurrent commands on different plans all succeed', async () => {
    const ids = await Promise.all(Array.from({ length: 10 }, () => createPlan()));
    const results = await Promise.all(
      ids.map((id) => t.http().post(`/procurements/${id}/events`).set('Authorization', `Bearer ${officer}`).send({ type: 'START_NEEDS_ASSESSMENT' })),
    );
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 200));
  });
});
