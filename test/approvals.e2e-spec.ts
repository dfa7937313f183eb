import { createTestApp, type TestApp } from './support/create-test-app';
import { addToTeam, DIGIGREEN_WALK, newPlan, people, runStep } from './support/factories';

describe('Approvals: four-eyes and void on change', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    for (const [key, claims] of Object.entries(people)) tokens[key] = await t.token(claims);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  async function approvedPlan(): Promise<string> {
    const created = await t.http().post('/procurements').set('Authorization', `Bearer ${tokens.officer}`).send(newPlan()).expect(201);
    for (const step of DIGIGREEN_WALK) expect((await runStep(t, tokens, created.body.id, step)).status).toBe(200);
    return created.body.id;
  }

  const get = (id: string, who = 'officer') => t.http().get(`/procurements/${id}`).set('Authorization', `Bearer ${tokens[who]}`).expect(200);
  const patch = (id: string, body: object, who = 'officer') => t.http().patch(`/procurements/${id}`).set('Authorization', `Bearer ${tokens[who]}`).send(body);
  const send = (id: string, body: object, who: string) => t.http().post(`/procurements/${id}/events`).set('Authorization', `Bearer ${tokens[who]}`).send(body);

  it('voids an approval when the plan changes after it, and needs a new one from someone else', async () => {
    const id = await approvedPlan();
    expect((await get(id)).body).toMatchObject({ stage: 'readyForTender', records: { approval: { decision: 'approved', decidedBy: people.manager.sub } } });

    // Another officer of the team (not the one who asked for approval) changes the plan.
    await addToTeam(t, tokens.manager, id, [{ id: people.secondOfficer.sub, token: tokens.secondOfficer }]);
    const changed = await patch(id, { estimatedValue: { amount: 1500000, currency: 'EUR' } }, 'secondOfficer').expect(200);
    expect(changed.body).toMatchObject({
      stage: 'approval',
      estimatedValue: { amount: 1500000, currency: 'EUR' },
      records: { approval: { decision: null, requestedBy: people.secondOfficer.sub, voidReason: expect.stringContaining('estimatedValue') } },
    });
    const history = await t.http().get(`/procurements/${id}/history?limit=100`).set('Authorization', `Bearer ${tokens.officer}`).expect(200);
    expect(history.body.items.slice(-2).map((e: { type: string; fromStage: string; toStage: string }) => [e.type, e.fromStage, e.toStage])).toEqual([
      ['PLAN_UPDATED', 'readyForTender', 'readyForTender'],
      ['VOID_APPROVAL', 'readyForTender', 'approval'],
    ]);

    await send(id, { type: 'LINK_TENDER', tenderId: 'TED-1' }, 'officer').expect(409);
    const approvals = await t.http().get('/portfolio/approvals').set('Authorization', `Bearer ${tokens.manager}`).expect(200);
    expect(approvals.body.find((a: { id: string }) => a.id === id)).toMatchObject({ requestedBy: { id: people.secondOfficer.sub } });

    await send(id, { type: 'APPROVE', comment: 'Higher value accepted.' }, 'manager').expect(200);
    expect((await get(id)).body.stage).toBe('readyForTender');
  });

  it('keeps the approval when only the rationale changes', async () => {
    const id = await approvedPlan();
    const res = await patch(id, { rationale: 'Clarified rationale.' }).expect(200);
    expect(res.body).toMatchObject({ stage: 'readyForTender', records: { approval: { decision: 'approved' } } });
  });

  it('re-requests a pending approval when the plan changes while it waits, so the changer cannot approve it', async () => {
    const created = await t.http().post('/procurements').set('Authorization', `Bearer ${tokens.officer}`).send(newPlan()).expect(201);
    const id = created.body.id;
    for (const step of DIGIGREEN_WALK.slice(0, -1)) expect((await runStep(t, tokens, id, step)).status).toBe(200);
    const managerAsOfficer = await t.token({ ...people.officer, sub: people.manager.sub, name: people.manager.name });
    // An admin puts them on the team: a request of the manager's own would record the person as a manager again.
    await addToTeam(t, tokens.admin, id, [{ id: people.manager.sub, token: managerAsOfficer }]);
    const res = await t
      .http()
      .patch(`/procurements/${id}`)
      .set('Authorization', `Bearer ${managerAsOfficer}`)
      .send({ title: 'Renamed while waiting' })
      .expect(200);
    expect(res.body).toMatchObject({ stage: 'approval', records: { approval: { requestedBy: people.manager.sub } } });
    // The queue names who asked last, as the four-eyes rule judges it, and when.
    const queue = await t.http().get('/portfolio/approvals').set('Authorization', `Bearer ${tokens.manager}`).expect(200);
    const waiting = queue.body.find((a: { id: string }) => a.id === id);
    expect(waiting).toMatchObject({ requestedBy: { id: people.manager.sub, name: people.manager.name } });
    const history = await t.http().get(`/procurements/${id}/history?limit=100`).set('Authorization', `Bearer ${tokens.officer}`).expect(200);
    expect(waiting.requestedAt).toBe(history.body.items.at(-1).occurredAt);
    const refused = await send(id, { type: 'APPROVE' }, 'manager').expect(403);
    expect(refused.body.details.unmet).toEqual([expect.objectContaining({ id: 'approval.fourEyes' })]);
  });
});
