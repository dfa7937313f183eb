import { ManualClock } from '../src/common/clock';
import { createTestApp, type TestApp } from './support/create-test-app';
import { digestDatabase, digestDifference } from './support/db-digest';
import { DAY, periods, registrationOf, RFI_QUESTIONNAIRE } from './support/dialogue';
import { DIGIGREEN_WALK, newPlan, people, runStep } from './support/factories';

type Who = keyof typeof people;

/** How far along DIGIGREEN_WALK (a v1 walk) a plan goes to stand in each stage of v1, and what it does last. */
const V1_STAGES: Array<{ stage: string; steps: number; then?: Record<string, unknown>; by?: Who }> = [
  { stage: 'draft', steps: 0 },
  { stage: 'needsAssessment', steps: 2 },
  { stage: 'marketAnalysis', steps: 4 },
  { stage: 'marketDialogue', steps: 6 },
  { stage: 'coDevelopment', steps: 9 },
  { stage: 'criteriaAndStrategy', steps: 11 },
  { stage: 'procedureSelection', steps: 13 },
  { stage: 'approval', steps: 14 },
  { stage: 'readyForTender', steps: 15 },
  {
    stage: 'tenderLinked',
    steps: 15,
    then: { type: 'LINK_TENDER', tenderId: 'HILMA-2027-1', url: 'https://www.hankintailmoitukset.fi/fi/public/procurement/1' },
    by: 'officer',
  },
  { stage: 'unsuccessful', steps: 15, then: { type: 'MARK_UNSUCCESSFUL', reason: 'The budget was withdrawn.' }, by: 'officer' },
  { stage: 'cancelled', steps: 1, then: { type: 'CANCEL', reason: 'The building will be sold.' }, by: 'officer' },
];

const MIGRATION = { from: 1, to: 2 };

describe('Migrating running plans from digigreen-planning v1 to v2', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  const tokens = {} as Record<Who, string>;
  /** Plan id per v1 stage, and the plan above the EU threshold that waived its notice. */
  const plans: Record<string, string> = {};
  let waived: string;
  let roundCloses: string;

  const as = (who: Who) => ({ Authorization: `Bearer ${tokens[who]}` });
  const post = (who: Who, path: string, body: unknown) =>
    t
      .http()
      .post(path)
      .set(as(who))
      .send(body as object);
  const get = (who: Who, path: string) => t.http().get(path).set(as(who));
  const rows = <T>(sql: string, params: unknown[]) =>
    t.dataSource.query<T[]>(t.database.driver === 'postgres' ? sql.replace(/\?/g, (_, i: number) => `$${sql.slice(0, i).split('?').length}`) : sql, params);

  async function v1Plan(stage: (typeof V1_STAGES)[number]): Promise<string> {
    const created = await post('officer', '/procurements', newPlan({ workflowVersion: 1, title: `v1 plan in ${stage.stage}` })).expect(201);
    const id = created.body.id as string;
    for (const step of DIGIGREEN_WALK.slice(0, stage.steps)) expect((await runStep(t, tokens, id, step)).status).toBe(200);
    if (stage.then) await post(stage.by!, `/procurements/${id}/events`, stage.then).expect(200);
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
    for (const who of Object.keys(people) as Who[]) tokens[who] = await t.token(people[who]);
    for (const stage of V1_STAGES) plans[stage.stage] = await v1Plan(stage);
    // The plan in the dialogue has a supplier and an open RFI round: its deadlines are pending timers.
    const dialogue = `/procurements/${plans.marketDialogue}/dialogue`;
    await post('supplier', `${dialogue}/registrations`, registrationOf('Acme Oy', true)).expect(201);
    const round = await post('officer', `${dialogue}/rounds`, {
      type: 'rfi',
      title: 'RFI: refurbished laptops',
      description: 'Tell us what the market can deliver.',
      ...periods(clock.now(), { questions: 3, clarifications: 5, closes: 7 }),
      questionnaire: RFI_QUESTIONNAIRE,
    }).expect(201);
    roundCloses = round.body.closesAt;
    // Above the EU threshold, v1 let the officer waive the engagement notice; v2 does not.
    waived = (await post('officer', '/procurements', newPlan({ workflowVersion: 1, title: 'v1 plan with a waived notice' })).expect(201)).body.id;
    for (const step of DIGIGREEN_WALK.slice(0, 4)) await runStep(t, tokens, waived, step);
    await post('officer', `/procurements/${waived}/events`, { type: 'WAIVE_ENGAGEMENT_NOTICE', reason: 'Known suppliers are invited directly.' }).expect(200);
  }, 180_000);

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  const pendingTimers = (planId: string) =>
    rows<{ key: string }>("SELECT key FROM timers WHERE plan_id = ? AND kind = 'workflow' AND status = 'pending' ORDER BY key", [planId]);

  it('starts new plans on v2 while the v1 plans stand in every stage of v1', async () => {
    const fresh = await post('officer', '/procurements', newPlan()).expect(201);
    expect(fresh.body.workflow).toEqual({ id: 'digigreen-planning', version: 2 });
    for (const { stage } of V1_STAGES) {
      const plan = await get('officer', `/procurements/${plans[stage]}`).expect(200);
      expect({ stage: plan.body.stage, workflow: plan.body.workflow }).toEqual({ stage, workflow: { id: 'digigreen-planning', version: 1 } });
    }
    expect((await pendingTimers(plans.marketDialogue)).length).toBeGreaterThan(0);
  });

  it("lists the migrations of a workflow with the plans each could move, in the reader's language", async () => {
    const list = await get('manager', '/workflows/digigreen-planning/migrations').set('Accept-Language', 'fi').expect(200);
    expect(list.body).toEqual([
      {
        migrationId: 'digigreen-planning/v1-to-v2',
        workflowId: 'digigreen-planning',
        from: 1,
        to: 2,
        description: expect.stringContaining('E1'),
        plansOnSource: V1_STAGES.length + 1,
      },
    ]);
    expect(list.body[0].description).toContain('EU-kynnysarvon');
    expect((await get('otherOrgManager', '/workflows/digigreen-planning/migrations').expect(200)).body[0].plansOnSource).toBe(0);
    expect((await get('manager', '/workflows/small-procurement/migrations').expect(200)).body).toEqual([]);
    expect((await get('manager', '/workflows/large-procurement/migrations').expect(404)).body.code).toBe('workflow.notFound');
  });

  it('refuses officers, unknown migrations and bad bodies, changing nothing', async () => {
    const before = await digestDatabase(t);
    expect((await post('officer', '/workflows/digigreen-planning/migrations/dry-run', MIGRATION)).status).toBe(403);
    const unknown = await post('admin', '/workflows/digigreen-planning/migrations', { from: 2, to: 3 }).expect(404);
    expect(unknown.body.code).toBe('workflow.migrationNotFound');
    expect((await post('admin', '/workflows/small-procurement/migrations/dry-run', MIGRATION)).body.code).toBe('workflow.migrationNotFound');
    const bad = await post('admin', '/workflows/digigreen-planning/migrations', { from: '1', to: 2, planIds: ['not-a-uuid'] }).expect(400);
    expect(bad.body.code).toBe('validation.failed');
    expect(digestDifference(before, await digestDatabase(t))).toBeNull();
  });

  it('dry-runs for every plan on v1: target stage, records as a JSON Patch, timers and what would be unmet; nothing is written', async () => {
    const before = await digestDatabase(t);
    const res = await post('manager', '/workflows/digigreen-planning/migrations/dry-run', MIGRATION).expect(200);
    expect(digestDifference(before, await digestDatabase(t))).toBeNull();
    expect(res.body).toMatchObject({
      migrationId: 'digigreen-planning/v1-to-v2',
      workflowId: 'digigreen-planning',
      from: 1,
      to: 2,
      dryRun: true,
      remaining: 0,
    });
    expect(res.body.summary).toMatchObject({ wouldMigrate: V1_STAGES.length + 1, migrated: 0, unmapped: 0 });
    const byPlan = new Map(res.body.plans.map((p: { planId: string }) => [p.planId, p]));
    for (const { stage } of V1_STAGES) {
      expect(byPlan.get(plans[stage])).toMatchObject({ outcome: 'wouldMigrate', fromStage: stage, toStage: stage, reason: null });
    }
    const dialogue = byPlan.get(plans.marketDialogue) as { timers: Array<{ key: string; action: string }> };
    expect(dialogue.timers.map((x) => [x.key, x.action])).toEqual((await pendingTimers(plans.marketDialogue)).map((r) => [r.key, 'kept']));
    // v2 states the registration period of a notice v1 stored with the field (the walk gives one): no patch needed.
    expect(byPlan.get(plans.marketDialogue)).toMatchObject({ contextPatch: [] });
    const waivedReport = byPlan.get(waived) as { unmetAfter: Array<{ event: string; unmet: Array<{ id: string }> }> };
    expect(waivedReport.unmetAfter).toContainEqual({ event: 'START_MARKET_DIALOGUE', unmet: [expect.objectContaining({ id: 'notice.e1OrWaivedBelowEu' })] });
    expect(waivedReport.unmetAfter).toContainEqual({ event: 'WAIVE_ENGAGEMENT_NOTICE', unmet: [expect.objectContaining({ id: 'notice.waiverBelowEu' })] });
  });

  it("keeps managers to their own organisation's plans", async () => {
    const other = await post('otherOrgManager', '/workflows/digigreen-planning/migrations/dry-run', MIGRATION).expect(200);
    expect(other.body.plans).toEqual([]);
    const named = await post('otherOrgManager', '/workflows/digigreen-planning/migrations', { ...MIGRATION, planIds: [plans.draft] }).expect(200);
    expect(named.body.plans).toEqual([expect.objectContaining({ planId: plans.draft, outcome: 'notFound', version: null })]);
    expect((await get('officer', `/procurements/${plans.draft}`).expect(200)).body.workflow.version).toBe(1);
  });

  it('moves every plan: each lands in its mapped stage on v2 with one WORKFLOW_MIGRATED event, and its chain verifies', async () => {
    const versions = new Map<string, number>();
    for (const id of [...Object.values(plans), waived]) versions.set(id, (await get('officer', `/procurements/${id}`).expect(200)).body.version);
    const res = await post('manager', '/workflows/digigreen-planning/migrations', MIGRATION).expect(200);
    expect(res.body.summary).toMatchObject({ migrated: V1_STAGES.length + 1, wouldMigrate: 0, conflict: 0 });
    for (const { stage } of V1_STAGES) {
      const id = plans[stage];
      const plan = await get('officer', `/procurements/${id}`).expect(200);
      expect({ stage: plan.body.stage, workflow: plan.body.workflow, version: plan.body.version }).toEqual({
        stage,
        workflow: { id: 'digigreen-planning', version: 2 },
        version: versions.get(id)! + 1,
      });
      const history = await get('officer', `/procurements/${id}/history?limit=100`).expect(200);
      const migrated = history.body.items.filter((e: { type: string }) => e.type === 'WORKFLOW_MIGRATED');
      expect(migrated).toHaveLength(1);
      expect(migrated[0]).toMatchObject({
        fromStage: stage,
        toStage: stage,
        actor: { id: people.manager.sub, role: 'manager' },
        payload: { migrationId: 'digigreen-planning/v1-to-v2', from: 1, to: 2, stageMapping: { from: stage, to: stage }, contextPatch: [] },
      });
      expect((await get('officer', `/procurements/${id}/history/verify`).expect(200)).body).toMatchObject({ intact: true });
    }
  });

  it('runs the moved plans on v2: the dialogue timers fire once, and v2 rules apply', async () => {
    const keys = (await pendingTimers(plans.marketDialogue)).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    clock.set(new Date(Date.parse(roundCloses) + DAY));
    // Reminders of the round (timers of kind reminder) fire too; the workflow's own are counted below.
    expect(await t.fireDueTimers()).toBeGreaterThanOrEqual(keys.length);
    expect(await t.fireDueTimers()).toBe(0);
    const fired = await rows<{ key: string; status: string }>("SELECT key, status FROM timers WHERE plan_id = ? AND kind = 'workflow' ORDER BY key", [
      plans.marketDialogue,
    ]);
    expect(fired.map((r) => [r.key, r.status])).toEqual(keys.map((k) => [k, 'fired']));
    const history = await get('officer', `/procurements/${plans.marketDialogue}/history?limit=100`).expect(200);
    const deadlines = history.body.items.filter((e: { type: string }) => e.type === 'DIALOGUE_ROUND_DEADLINE');
    expect(deadlines).toHaveLength(keys.length);
    // The round closed with a supplier registered: the dialogue may end and the plan goes on, on v2.
    await post('officer', `/procurements/${plans.marketDialogue}/events`, DIGIGREEN_WALK[6].event).expect(200);
    const skipped = await post('officer', `/procurements/${plans.marketDialogue}/events`, {
      type: 'SKIP_CO_DEVELOPMENT',
      reason: 'The market is mature.',
    }).expect(200);
    expect(skipped.body).toMatchObject({ stage: 'criteriaAndStrategy', workflow: { version: 2 } });
    expect((await get('officer', `/procurements/${plans.marketDialogue}/history/verify`).expect(200)).body).toMatchObject({ intact: true });
    // Above the EU threshold v2 refuses the market dialogue until the E1 notice is published.
    const refused = await post('officer', `/procurements/${waived}/events`, { type: 'START_MARKET_DIALOGUE' }).expect(409);
    expect(JSON.stringify(refused.body)).toContain('notice.e1OrWaivedBelowEu');
    await post('officer', `/procurements/${waived}/events`, DIGIGREEN_WALK[4].event).expect(200);
    await post('officer', `/procurements/${waived}/events`, { type: 'START_MARKET_DIALOGUE' }).expect(200);
  });

  it('changes nothing when applied again, with or without naming the plans', async () => {
    await get('admin', '/workflows').expect(200); // the people directory notes the admin's first request
    const before = await digestDatabase(t);
    const again = await post('admin', '/workflows/digigreen-planning/migrations', MIGRATION).expect(200);
    expect(again.body.plans).toEqual([]);
    const named = await post('admin', '/workflows/digigreen-planning/migrations', { ...MIGRATION, planIds: [...Object.values(plans), waived] }).expect(200);
    expect(named.body.summary).toMatchObject({ alreadyMigrated: V1_STAGES.length + 1, migrated: 0 });
    expect(digestDifference(before, await digestDatabase(t))).toBeNull();
  });
});
