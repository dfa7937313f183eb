import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, type TestApp } from './support/create-test-app';
import { DIGIGREEN_WALK, newPlan, people, runStep, TAMPERE } from './support/factories';

/** The worked examples of docs/life-cycle-cost.md: inputs and expected results, read from the page itself. */
function docExample(id: string): {
  input: Record<string, unknown>;
  results: Array<{ name: string; netPresentCost: number; co2eTonnes: number; rank: number }>;
} {
  const page = readFileSync(join(process.cwd(), 'docs', 'life-cycle-cost.md'), 'utf8');
  const block = (kind: string) => {
    const match = new RegExp(`<!-- example: ${id} ${kind} -->\\s*\`\`\`json\\n([\\s\\S]*?)\\n\`\`\``).exec(page);
    if (!match) throw new Error(`docs/life-cycle-cost.md has no ${id} ${kind} block`);
    return JSON.parse(match[1]);
  };
  return { input: block('input'), results: block('results') };
}

/** Leaves a plan in criteriaAndStrategy: the walk up to COMPLETE_CRITERIA, strategy recorded. */
const TO_CRITERIA = DIGIGREEN_WALK.slice(
  0,
  DIGIGREEN_WALK.findIndex((s) => s.event.type === 'COMPLETE_CRITERIA'),
);

describe('Digi-green goals, criteria, life-cycle cost and procedure', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    for (const [key, claims] of Object.entries(people)) tokens[key] = await t.token(claims);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  const auth = (who: string) => `Bearer ${tokens[who]}`;

  async function planInCriteria(): Promise<string> {
    const created = await t.http().post('/procurements').set('Authorization', auth('officer')).send(newPlan()).expect(201);
    for (const step of TO_CRITERIA) expect((await runStep(t, tokens, created.body.id, step)).status).toBe(200);
    return created.body.id;
  }

  const event = (planId: string, body: Record<string, unknown>) =>
    t.http().post(`/procurements/${planId}/events`).set('Authorization', auth('officer')).send(body);

  async function stored(planId: string) {
    const q = (sql: string) => t.dataSource.query(t.database.driver === 'postgres' ? sql.replace('?', '$1') : sql, [planId]);
    return {
      criteria: await q('SELECT * FROM criteria WHERE plan_id = ? ORDER BY id'),
      lcc: await q('SELECT * FROM life_cycle_cost_models WHERE plan_id = ?'),
      plan: await q('SELECT version, stage, audit_head_hash FROM procurement_plans WHERE id = ?'),
    };
  }

  const award = (title: string, weight: number, extra: Record<string, unknown> = {}) => ({
    kind: 'awardCriteria',
    title,
    text: `${title}: points in proportion.`,
    verification: 'Tender form.',
    weight,
    subjectLink: `${title} of the goods purchased.`,
    ...extra,
  });

  it('takes a plan through goals, three kinds of criteria, a two-option LCC and a procedure, refusing each missing piece by name', async () => {
    const goal = await t
      .http()
      .post(`/organisations/${people.officer.org}/strategic-goals`)
      .set('Authorization', auth('manager'))
      .send({
        title: 'Circular economy roadmap',
        description: 'City circular economy roadmap 2030.',
        goalCodes: ['environmental.circularEconomy'],
        targetYear: 2030,
      })
      .expect(201);
    const planId = await planInCriteria();
    await t
      .http()
      .put(`/procurements/${planId}/strategic-goals`)
      .set('Authorization', auth('officer'))
      .send({ strategicGoalIds: [goal.body.id] })
      .expect(200);

    const refusal = async (ids: string[]) => {
      const res = await event(planId, { type: 'COMPLETE_CRITERIA' }).expect(409);
      expect(res.body.unmet.map((u: { id: string }) => u.id)).toEqual(ids);
    };
    await refusal(['criteria.awardDefined', 'criteria.awardWeightsSum100']);

    const price = await t.http().post(`/procurements/${planId}/criteria`).set('Authorization', auth('officer')).send(award('Price', 70)).expect(201);
    await refusal(['criteria.awardWeightsSum100']);
    await t
      .http()
      .post(`/procurements/${planId}/criteria`)
      .set('Authorization', auth('officer'))
      .send({ templateId: 'ict-refurbished-share', weight: 30 })
      .expect(201);
    await t.http().post(`/procurements/${planId}/criteria`).set('Authorization', auth('officer')).send({ templateId: 'ict-durability-warranty' }).expect(201);
    await t
      .http()
      .post(`/procurements/${planId}/criteria`)
      .set('Authorization', auth('officer'))
      .send({
        kind: 'selectionCriteria',
        title: 'Environmental management',
        text: 'The tenderer applies an environmental management system to its refurbishment operations.',
        goalCode: 'environmental.pollutionPrevention',
        verification: 'ISO 14001 or EMAS certificate, or equivalent evidence.',
      })
      .expect(201);
    const listed = await t.http().get(`/procurements/${planId}/criteria`).set('Authorization', auth('manager')).expect(200);
    expect(listed.body.awardWeightTotal).toBe(100);
    expect(new Set(listed.body.criteria.map((c: { kind: string }) => c.kind))).toEqual(
      new Set(['awardCriteria', 'technicalSpecifications', 'selectionCriteria']),
    );

    await t.http().patch(`/procurements/${planId}/criteria/${price.body.id}`).set('Authorization', auth('officer')).send({ weight: 60 }).expect(200);
    await refusal(['criteria.awardWeightsSum100']);
    await t.http().patch(`/procurements/${planId}/criteria/${price.body.id}`).set('Authorization', auth('officer')).send({ weight: 70 }).expect(200);

    const lcc = docExample('five-years').input as { options: unknown[] } & Record<string, unknown>;
    await t
      .http()
      .put(`/procurements/${planId}/life-cycle-cost`)
      .set('Authorization', auth('officer'))
      .send({ ...lcc, options: lcc.options.slice(0, 2), tendererData: [] })
      .expect(200);
    await refusal(['lcc.methodAndDataStated']);
    // A draft without method and tenderer data at all is stored too, and still keeps the plan in criteriaAndStrategy.
    const { method: _method, tendererData: _data, ...draft } = lcc;
    const stored = await t
      .http()
      .put(`/procurements/${planId}/life-cycle-cost`)
      .set('Authorization', auth('officer'))
      .send({ ...draft, options: lcc.options.slice(0, 2) })
      .expect(200);
    expect(stored.body).toMatchObject({ method: '', tendererData: [] });
    await refusal(['lcc.methodAndDataStated']);
    const model = await t
      .http()
      .put(`/procurements/${planId}/life-cycle-cost`)
      .set('Authorization', auth('officer'))
      .send({ ...lcc, options: lcc.options.slice(0, 2) })
      .expect(200);
    expect(model.body.results.map((r: { name: string; rank: number }) => [r.name, r.rank])).toEqual([
      ['Buy new', 2],
      ['Refurbished', 1],
    ]);

    expect((await event(planId, { type: 'COMPLETE_CRITERIA' })).status).toBe(200);
    await event(planId, { type: 'SELECT_PROCEDURE', procedure: 'innovationPartnership', rationale: 'We want something new.' }).expect(200);
    const ip = await event(planId, { type: 'REQUEST_APPROVAL' }).expect(409);
    expect(ip.body.unmet.map((u: { id: string }) => u.id)).toEqual(['procedure.innovationPartnershipJustified']);
    await event(planId, { type: 'SELECT_PROCEDURE', procedure: 'open', rationale: 'Mature market of refurbished devices.' }).expect(200);
    const approval = await event(planId, { type: 'REQUEST_APPROVAL' }).expect(200);
    expect(approval.body.stage).toBe('approval');

    const goals = await t.http().get(`/procurements/${planId}/strategic-goals`).set('Authorization', auth('officer')).expect(200);
    expect(goals.body.map((g: { title: string }) => g.title)).toEqual(['Circular economy roadmap']);
  });

  it('allows innovation partnership when the dialogue summary states that nothing on the market meets the need', async () => {
    const created = await t.http().post('/procurements').set('Authorization', auth('officer')).send(newPlan()).expect(201);
    const planId = created.body.id;
    for (const step of DIGIGREEN_WALK) {
      const body = step.event.type === 'PUBLISH_DIALOGUE_SUMMARY' ? { ...step.event, noSolutionOnMarket: true } : step.event;
      if (step.event.type === 'SELECT_PROCEDURE') {
        await event(planId, { type: 'SELECT_PROCEDURE', procedure: 'innovationPartnership', rationale: 'No market solution.' }).expect(200);
        continue;
      }
      expect((await runStep(t, tokens, planId, { ...step, event: body })).status).toBe(200);
    }
    const plan = await t.http().get(`/procurements/${planId}`).set('Authorization', auth('officer')).expect(200);
    expect(plan.body).toMatchObject({ stage: 'readyForTender', records: { procedure: { procedure: 'innovationPartnership' } } });
  });

  it.each(['five-years', 'one-year-no-discount'])('matches the worked example %s of docs/life-cycle-cost.md to the cent', async (id) => {
    const { input, results } = docExample(id);
    const planId = await planInCriteria();
    const res = await t.http().put(`/procurements/${planId}/life-cycle-cost`).set('Authorization', auth('officer')).send(input).expect(200);
    expect(
      res.body.results.map((r: { name: string; netPresentCost: number; co2eTonnes: number; rank: number }) => ({
        name: r.name,
        netPresentCost: r.netPresentCost,
        co2eTonnes: r.co2eTonnes,
        rank: r.rank,
      })),
    ).toEqual(results);
    const again = await t.http().get(`/procurements/${planId}/life-cycle-cost`).set('Authorization', auth('manager')).expect(200);
    expect(again.body.results).toEqual(res.body.results);
  });

  describe('bad input is refused with the field named, and nothing is stored', () => {
    let planId: string;
    const lcc = () => structuredClone(docExample('five-years').input) as { options: Array<Record<string, unknown>> } & Record<string, unknown>;

    beforeAll(async () => {
      planId = await planInCriteria();
      await t.http().post(`/procurements/${planId}/criteria`).set('Authorization', auth('officer')).send(award('Price', 80)).expect(201);
    });

    const cases: Array<[string, string, string, () => Record<string, unknown>, number, RegExp]> = [
      [
        'a negative acquisition cost',
        'put',
        '/life-cycle-cost',
        () => {
          const b = lcc();
          b.options[0].acquisition = -1;
          return b;
        },
        400,
        /acquisition must not be less than 0/,
      ],
      [
        'a negative yearly CO2e',
        'put',
        '/life-cycle-cost',
        () => {
          const b = lcc();
          b.options[1].annualCo2eTonnes = -0.5;
          return b;
        },
        400,
        /annualCo2eTonnes/,
      ],
      [
        'a discount rate over 100 %',
        'put',
        '/life-cycle-cost',
        () => ({ ...lcc(), discountRatePercent: 120 }),
        400,
        /discountRatePercent must not be greater than 100/,
      ],
      [
        'a single option',
        'put',
        '/life-cycle-cost',
        () => {
          const b = lcc();
          b.options = b.options.slice(0, 1);
          return b;
        },
        400,
        /options must contain at least 2/,
      ],
      [
        'two options with one name',
        'put',
        '/life-cycle-cost',
        () => {
          const b = lcc();
          b.options[1].name = 'Buy new';
          return b;
        },
        422,
        /options\[\]\.name/,
      ],
      ['an award weight taking the total over 100', 'post', '/criteria', () => award('Quality', 30), 422, /weight: award criteria weights would sum to 110/],
      [
        'award weights not summing to 100 in a full replace',
        'put',
        '/criteria',
        () => ({ criteria: [award('Price', 50), award('Quality', 30)] }),
        422,
        /criteria\[\]\.weight: award criteria weights sum to 80, not 100/,
      ],
      [
        'an unknown goal code',
        'post',
        '/criteria',
        () => award('Quality', 10, { goalCode: 'environmental.happiness' }),
        400,
        /goalCode must be one of: .*environmental\./,
      ],
      [
        'a criterion favouring local suppliers',
        'post',
        '/criteria',
        () => award('Local content', 10, { text: 'Extra points for local suppliers from our region.' }),
        422,
        /^criterion\.title: "Local content" favours suppliers by origin \(rule localOrigin\.local\)\. .*TFEU art\. 18, 49 and 56/,
      ],
      [
        'a criterion requiring a nearby office',
        'post',
        '/criteria',
        () => ({ kind: 'selectionCriteria', title: 'Office', text: 'The tenderer is located within 30 km of the city hall.', verification: 'Address.' }),
        422,
        /^criterion\.text: "tenderer is located within 30 km" .*\(rule localOrigin\.distance\)/,
      ],
      [
        'an award criterion without its link to the subject',
        'post',
        '/criteria',
        () => ({ ...award('Quality', 10), subjectLink: undefined }),
        422,
        /criterion\.subjectLink/,
      ],
      [
        'a weight on a technical specification',
        'post',
        '/criteria',
        () => ({ kind: 'technicalSpecifications', title: 'T', text: 'T.', verification: 'V.', weight: 10 }),
        422,
        /only award criteria have a weight/,
      ],
      ['an unknown template', 'post', '/criteria', () => ({ templateId: 'no-such-template' }), 422, /templateId/],
    ];

    it.each(cases)('%s', async (_name, method, suffix, body, status, message) => {
      const before = await stored(planId);
      const req = method === 'put' ? t.http().put(`/procurements/${planId}${suffix}`) : t.http().post(`/procurements/${planId}${suffix}`);
      const res = await req.set('Authorization', auth('officer')).send(body());
      expect({ status: res.status, message: res.body.message }).toEqual({ status, message: expect.stringMatching(message) });
      expect(await stored(planId)).toEqual(before);
    });

    it('refuses strategic goals with unknown goal codes, and plan goals of another organisation', async () => {
      await t
        .http()
        .post(`/organisations/${people.officer.org}/strategic-goals`)
        .set('Authorization', auth('manager'))
        .send({ title: 'X', description: 'Y', goalCodes: ['environmental.notACode'] })
        .expect(400);
      const foreign = await t
        .http()
        .post(`/organisations/${TAMPERE}/strategic-goals`)
        .set('Authorization', auth('otherOrgManager'))
        .send({ title: 'Tampere goal', description: 'Theirs.', goalCodes: ['social.smeInclusion'] })
        .expect(201);
      const before = await stored(planId);
      const res = await t
        .http()
        .put(`/procurements/${planId}/strategic-goals`)
        .set('Authorization', auth('officer'))
        .send({ strategicGoalIds: [foreign.body.id] })
        .expect(422);
      expect(res.body.message).toMatch(/strategicGoalIds/);
      expect(await stored(planId)).toEqual(before);
      await t.http().get(`/organisations/${TAMPERE}/strategic-goals`).set('Authorization', auth('officer')).expect(403);
    });
  });

  it('answers which strategic goals no active plan of the organisation serves', async () => {
    const org = 'city-of-vantaa';
    const manager = await t.token({ sub: 'manager-vantaa', name: 'Vantaa Manager', role: 'manager', org });
    const officer = await t.token({ sub: 'officer-vantaa', name: 'Vantaa Officer', role: 'officer', org });
    const create = (title: string, goalCodes: string[]) =>
      t
        .http()
        .post(`/organisations/${org}/strategic-goals`)
        .set('Authorization', `Bearer ${manager}`)
        .send({ title, description: title, goalCodes })
        .expect(201);
    const carbon = (await create('Carbon neutral by 2030', ['environmental.climateChangeMitigation'])).body.id;
    const circular = (await create('Circular economy', ['environmental.circularEconomy'])).body.id;
    const sme = (await create('SME participation', ['social.smeInclusion'])).body.id;

    const plan = async () => (await t.http().post('/procurements').set('Authorization', `Bearer ${officer}`).send(newPlan()).expect(201)).body.id as string;
    const active = await plan();
    const cancelled = await plan();
    await t
      .http()
      .put(`/procurements/${active}/strategic-goals`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ strategicGoalIds: [carbon] })
      .expect(200);
    await t
      .http()
      .put(`/procurements/${cancelled}/strategic-goals`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ strategicGoalIds: [circular] })
      .expect(200);
    await t
      .http()
      .post(`/procurements/${cancelled}/events`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ type: 'CANCEL', reason: 'Merged into another plan.' })
      .expect(200);

    const unserved = await t.http().get(`/organisations/${org}/strategic-goals/unserved`).set('Authorization', `Bearer ${manager}`).expect(200);
    expect(unserved.body.map((g: { id: string }) => g.id).sort()).toEqual([circular, sme].sort());
    const all = await t.http().get(`/organisations/${org}/strategic-goals`).set('Authorization', `Bearer ${officer}`).expect(200);
    expect(all.body.find((g: { id: string }) => g.id === carbon).servedBy).toEqual([expect.objectContaining({ id: active })]);
    await t.http().get(`/organisations/${org}/strategic-goals/unserved`).set('Authorization', auth('manager')).expect(403);
    await t.http().get(`/organisations/${org}/strategic-goals/unserved`).set('Authorization', auth('admin')).expect(200);
  });
});
