import { createTestApp, type TestApp } from './support/create-test-app';
import { DIGIGREEN_WALK, newPlan, people, runStep } from './support/factories';

type Person = keyof typeof people | 'officerAsManager';

describe('Refused events name every unmet requirement', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let planId: string;

  beforeAll(async () => {
    t = await createTestApp();
    for (const [key, claims] of Object.entries(people)) tokens[key] = await t.token(claims);
    // The same person holding the manager role too: four-eyes must still stop them approving their own request.
    tokens.officerAsManager = await t.token({ ...people.manager, sub: people.officer.sub });
    const res = await t.http().post('/procurements').set('Authorization', `Bearer ${tokens.officer}`).send(newPlan()).expect(201);
    planId = res.body.id;
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  const send = (by: Person, event: Record<string, unknown>) =>
    t.http().post(`/procurements/${planId}/events`).set('Authorization', `Bearer ${tokens[by]}`).send(event);

  /** Sends a refused event and checks the 409 names exactly `ids`, the plan is untouched, and GET shows the same. */
  async function expectRefused(by: Person, event: Record<string, unknown>, ids: string[]): Promise<void> {
    const before = await t.http().get(`/procurements/${planId}`).set('Authorization', `Bearer ${tokens[by]}`).expect(200);
    const res = await send(by, event);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', stage: before.body.stage, event: event.type });
    expect(res.body.unmet.map((u: { id: string }) => u.id)).toEqual(ids);
    for (const u of res.body.unmet) expect(res.body.message).toContain(u.message);

    const after = await t.http().get(`/procurements/${planId}`).set('Authorization', `Bearer ${tokens[by]}`).expect(200);
    expect(after.body.version).toBe(before.body.version);
    expect(after.body.records).toEqual(before.body.records);
    const option = after.body.transitions.find((o: { event: string }) => o.event === event.type);
    expect(option).toMatchObject({ allowed: false, unmet: res.body.unmet });
  }

  async function advance(type: string): Promise<void> {
    const step = DIGIGREEN_WALK.find((s) => s.event.type === type);
    if (!step) throw new Error(`No walk step ${type}`);
    const res = await runStep(t, tokens, planId, step);
    expect({ type, status: res.status, body: res.body }).toMatchObject({ type, status: 200 });
  }

  it('refuses events a stage does not take, naming the stage', async () => {
    await expectRefused('manager', { type: 'APPROVE' }, ['stage.acceptsEvent']);
    await expectRefused('officer', { type: 'COMPLETE_CRITERIA' }, ['stage.acceptsEvent']);
  });

  it('names each missing part of the needs assessment, and fewer as they are recorded', async () => {
    await advance('START_NEEDS_ASSESSMENT');
    await expectRefused('officer', { type: 'COMPLETE_NEEDS_ASSESSMENT' }, [
      'needs.described',
      'needs.usersConsulted',
      'needs.strategicGoals',
      'needs.rationale',
    ]);
    await send('officer', { type: 'RECORD_NEEDS', need: 'Durable laptops.' }).expect(200);
    await expectRefused('officer', { type: 'COMPLETE_NEEDS_ASSESSMENT' }, ['needs.usersConsulted', 'needs.strategicGoals', 'needs.rationale']);
    await advance('RECORD_NEEDS');
    await advance('COMPLETE_NEEDS_ASSESSMENT');
  });

  it('opens the market dialogue only after a market analysis and, above the EU threshold, the E1 engagement notice (no waiver)', async () => {
    await expectRefused('officer', { type: 'START_MARKET_DIALOGUE' }, ['market.analysisRecorded', 'notice.e1OrWaivedBelowEu']);
    await advance('RECORD_MARKET_ANALYSIS');
    await expectRefused('officer', { type: 'START_MARKET_DIALOGUE' }, ['notice.e1OrWaivedBelowEu']);
    // The plan's 1.2 M€ is above the EU threshold: waiving the notice is refused there (digigreen-planning v2).
    await expectRefused('officer', { type: 'WAIVE_ENGAGEMENT_NOTICE', reason: 'Urgent need; dialogue by open invitation at the supplier day.' }, [
      'notice.waiverBelowEu',
    ]);
    // The notice, whose registration period is over (the walk's): the dialogue may end without suppliers.
    await advance('PUBLISH_ENGAGEMENT_NOTICE');
    await advance('START_MARKET_DIALOGUE');
  });

  it('leaves the market dialogue only with a published summary, and never empty: a round held with a supplier or no supplier registered', async () => {
    await expectRefused('officer', { type: 'START_CO_DEVELOPMENT' }, ['dialogue.heldWithSuppliers', 'dialogue.summaryPublished']);
    await expectRefused('officer', { type: 'SKIP_CO_DEVELOPMENT', reason: 'No pilot needed.' }, ['dialogue.heldWithSuppliers', 'dialogue.summaryPublished']);
    await send('officer', { type: 'PUBLISH_DIALOGUE_SUMMARY', summary: 'Nothing learnt yet.', inputUse: 'None.' }).expect(200);
    await expectRefused('officer', { type: 'START_CO_DEVELOPMENT' }, ['dialogue.heldWithSuppliers']);
    await advance('PUBLISH_DIALOGUE_SUMMARY');
    await advance('START_CO_DEVELOPMENT');
  });

  it('finishes co-development only with a recorded workshop or pilot', async () => {
    await expectRefused('officer', { type: 'COMPLETE_CO_DEVELOPMENT' }, ['coDevelopment.activityRecorded']);
    await advance('RECORD_CO_DEVELOPMENT_ACTIVITY');
    await advance('COMPLETE_CO_DEVELOPMENT');
  });

  it('needs a sustainability strategy or a justification, and award criteria weighing 100, before choosing the procedure', async () => {
    await expectRefused('officer', { type: 'COMPLETE_CRITERIA' }, ['strategy.sustainability', 'criteria.awardDefined', 'criteria.awardWeightsSum100']);
    await send('officer', { type: 'RECORD_SUSTAINABILITY_STRATEGY', goals: [], justification: 'Pure software licence renewal.' }).expect(200);
    await expectRefused('officer', { type: 'COMPLETE_CRITERIA' }, ['criteria.awardDefined', 'criteria.awardWeightsSum100']);
    await advance('COMPLETE_CRITERIA');
  });

  it('allows innovation partnership only when the market record says nothing on the market meets the need', async () => {
    await expectRefused('officer', { type: 'REQUEST_APPROVAL' }, ['procedure.selected']);
    await send('officer', { type: 'SELECT_PROCEDURE', procedure: 'innovationPartnership', rationale: 'Novel devices.' }).expect(200);
    await expectRefused('officer', { type: 'REQUEST_APPROVAL' }, ['procedure.innovationPartnershipJustified']);
    await advance('SELECT_PROCEDURE');
    await advance('REQUEST_APPROVAL');
  });

  it('stops the requester approving their own request with 403 naming the four-eyes rule, even with a manager role', async () => {
    for (const who of ['officer', 'officerAsManager'] as const) {
      const before = await t.http().get(`/procurements/${planId}`).set('Authorization', `Bearer ${tokens.officer}`).expect(200);
      const res = await send(who, { type: 'APPROVE' }).expect(403);
      expect(res.body.message).toContain('four-eyes');
      expect(res.body.details).toEqual({ stage: 'approval', event: 'APPROVE', unmet: [{ id: 'approval.fourEyes', message: expect.any(String) }] });
      const after = await t.http().get(`/procurements/${planId}`).set('Authorization', `Bearer ${tokens.officer}`).expect(200);
      expect(after.body.version).toBe(before.body.version);
    }
    const asSeen = await t.http().get(`/procurements/${planId}`).set('Authorization', `Bearer ${tokens.officerAsManager}`).expect(200);
    expect(asSeen.body.transitions.find((o: { event: string }) => o.event === 'APPROVE')).toMatchObject({
      allowed: false,
      unmet: [{ id: 'approval.fourEyes' }],
    });
    await advance('APPROVE');
  });

  it('refuses a role that may not send the event with 403, and GET lists the role as unmet', async () => {
    const res = await send('manager', { type: 'LINK_TENDER', tenderId: 'X-1' }).expect(403);
    expect(res.body.message).toContain('officer');
    const got = await t.http().get(`/procurements/${planId}`).set('Authorization', `Bearer ${tokens.manager}`).expect(200);
    const option = got.body.transitions.find((o: { event: string }) => o.event === 'LINK_TENDER');
    expect(option).toMatchObject({ allowed: false, roles: ['officer'], unmet: [{ id: 'caller.role' }] });
  });
});
