import { ManualClock } from '../src/common/clock';
import { EngineService } from '../src/engine/engine.service';
import { helsinkiDate } from '../src/thresholds/thresholds';
import { createTestApp, TEST_PROFILES, type TestApp } from './support/create-test-app';
import { DIGIGREEN_WALK, newPlan, people, runStep, SMALL_WALK } from './support/factories';

/**
 * The law's thresholds (issue 13) on the API: the small-procurement workflow and the direct award
 * only below the national threshold, only the directive's procedures from the EU threshold up, a value
 * equal to a threshold at or above it, both periods of the EU figures, and the regime on every plan.
 */
describe('Thresholds', () => {
  // Today: the walks' engagement notice closed its registration two days ago (test/support/factories.ts).
  const today = new Date();
  const clock = new ManualClock(today);
  let t: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ clock });
    for (const [key, claims] of Object.entries(people)) tokens[key] = await t.token(claims);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  beforeEach(() => clock.set(today));

  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const create = (body: object, who = 'officer') => t.http().post('/procurements').set(as(who)).send(body);
  const patch = (id: string, body: object) => t.http().patch(`/procurements/${id}`).set(as('officer')).send(body);
  const send = (id: string, body: object, who = 'officer') => t.http().post(`/procurements/${id}/events`).set(as(who)).send(body);
  const get = async (id: string) => (await t.http().get(`/procurements/${id}`).set(as('officer')).expect(200)).body;
  const history = async (id: string) =>
    (await t.http().get(`/procurements/${id}/history?limit=100`).set(as('officer')).expect(200)).body.items as Array<{ type: string }>;
  const euro = (amount: number) => ({ amount, currency: 'EUR' });
  const small = (amount: number, overrides: object = {}) => newPlan({ workflowId: 'small-procurement', estimatedValue: euro(amount), ...overrides });

  /** Walks a plan to procedure selection (where SELECT_PROCEDURE is taken). */
  async function atProcedureSelection(body: object, walk = DIGIGREEN_WALK): Promise<string> {
    const created = await create(body).expect(201);
    const until = walk.findIndex((s) => (s.event as { type: string }).type === 'SELECT_PROCEDURE');
    for (const step of walk.slice(0, until)) expect((await runStep(t, tokens, created.body.id, step)).status).toBe(200);
    return created.body.id as string;
  }

  describe('the small-procurement workflow', () => {
    it('creates a plan just below the national threshold and refuses one equal to it, naming threshold, value and source', async () => {
      await create(small(59_999.99)).expect(201);
      const refused = await create(small(60_000)).expect(422);
      expect(refused.body).toMatchObject({
        code: 'threshold.smallProcurementAtOrAboveNational',
        params: { threshold: '60\u202f000', value: '60\u202f000', workflow: 'small-procurement' },
      });
      expect(refused.body.params.source).toMatch(/\(1397\/2016\), 25 §/);
      expect(refused.body.message).toMatch(/60\u202f000 € \(without VAT\) is at or above the threshold of 60\u202f000 €/);
    });

    it('refuses the 4.8 million euro service of the issue, in Finnish and Swedish too', async () => {
      const body = small(4_800_000, { cpvCode: '90511000-2', title: 'Waste collection' });
      const fi = await create(body).set('Accept-Language', 'fi').expect(422);
      expect(fi.body.message).toMatch(/kansallisen kynnysarvon.*4\u202f800\u202f000 €.*60\u202f000 €/);
      const sv = await create(body).set('Accept-Language', 'sv').expect(422);
      expect(sv.body.message).toMatch(/nationella tröskelvärdet.*4\u202f800\u202f000 €.*60\u202f000 €/);
    });

    it('applies the contract type: works below 150,000 €, social and health services below 400,000 €, both ways', async () => {
      await create(small(149_999, { cpvCode: '45453000-7' })).expect(201);
      expect((await create(small(150_000, { cpvCode: '45453000-7' })).expect(422)).body.params).toMatchObject({
        threshold: '150\u202f000',
        contractType: 'works',
      });
      await create(small(399_999, { cpvCode: '85311000-2' })).expect(201);
      expect((await create(small(400_000, { cpvCode: '85311000-2' })).expect(422)).body.params).toMatchObject({
        threshold: '400\u202f000',
        contractType: 'socialAndHealthServices',
      });
      await create(small(299_999, { cpvCode: '79952000-2', contractType: 'otherSpecificServices' })).expect(201);
      expect((await create(small(300_000, { cpvCode: '79952000-2', contractType: 'otherSpecificServices' })).expect(422)).body.params.threshold).toBe(
        '300\u202f000',
      );
      await create(small(499_999, { contractType: 'concession' })).expect(201);
      expect((await create(small(500_000, { contractType: 'concession' })).expect(422)).body.params.threshold).toBe('500\u202f000');
    });

    it('refuses raising the value (or changing the contract type) to the threshold, and stores nothing', async () => {
      const created = await create(small(150_000, { cpvCode: '45453000-7' })).expect(422);
      expect(created.body.code).toBe('threshold.smallProcurementAtOrAboveNational');
      const plan = (await create(small(59_000)).expect(201)).body;
      const raised = await patch(plan.id, { estimatedValue: euro(60_000) }).expect(422);
      expect(raised.body.code).toBe('threshold.smallProcurementAtOrAboveNational');
      const after = await get(plan.id);
      expect(after).toMatchObject({ version: plan.version, estimatedValue: euro(59_000) });
      expect((await history(plan.id)).map((e) => e.type)).toEqual(['PLAN_CREATED']);
      await patch(plan.id, { estimatedValue: euro(59_999) }).expect(200);
      // Works have a higher threshold: 100,000 € is fine as works, not as supplies.
      const works = (await create(small(100_000, { cpvCode: '45453000-7' })).expect(201)).body;
      expect((await patch(works.id, { contractType: 'supplies' }).expect(422)).body.params.threshold).toBe('60\u202f000');
    });

    it('refuses a value not in euros, since the thresholds are in euros', async () => {
      expect((await create(small(10_000, { estimatedValue: { amount: 10_000, currency: 'SEK' } })).expect(422)).body.code).toBe('threshold.valueNotInEuro');
    });
  });

  describe('procedures', () => {
    it('allows the direct award below the national threshold and refuses it at the threshold, also when the value rises later', async () => {
      const id = await atProcedureSelection(small(59_999), SMALL_WALK);
      await send(id, { type: 'SELECT_PROCEDURE', procedure: 'belowThresholdDirect', rationale: 'Small value.' }).expect(200);
      const raised = await patch(id, { estimatedValue: euro(70_000) }).expect(422);
      // The workflow refuses first: a small procurement cannot rise to the threshold at all.
      expect(raised.body.code).toBe('threshold.smallProcurementAtOrAboveNational');

      const big = await atProcedureSelection(newPlan({ estimatedValue: euro(100_000) }));
      const refused = await send(big, { type: 'SELECT_PROCEDURE', procedure: 'belowThresholdDirect', rationale: 'Quick.' }).expect(422);
      expect(refused.body).toMatchObject({
        code: 'threshold.directAwardAtOrAboveNational',
        params: { threshold: '60\u202f000', value: '100\u202f000', procedure: 'belowThresholdDirect' },
      });
      expect((await get(big)).records.procedure).toBeNull();

      const atThreshold = await atProcedureSelection(newPlan({ estimatedValue: euro(60_000) }));
      await send(atThreshold, { type: 'SELECT_PROCEDURE', procedure: 'belowThresholdDirect', rationale: 'Quick.' }).expect(422);
      const below = await atProcedureSelection(newPlan({ estimatedValue: euro(59_999.99) }));
      await send(below, { type: 'SELECT_PROCEDURE', procedure: 'belowThresholdDirect', rationale: 'Small value.' }).expect(200);
      // Raising it afterwards would make the selected direct award unlawful: refused, nothing stored.
      expect((await patch(below, { estimatedValue: euro(60_000) }).expect(422)).body.code).toBe('threshold.directAwardAtOrAboveNational');
    });

    it("from the EU threshold up, only the directive's procedures: at 216,000 € for a municipality, at 140,000 € for central government", async () => {
      const eu = await atProcedureSelection(newPlan({ estimatedValue: euro(216_000), cpvCode: '90511000-2' }));
      const refused = await send(eu, { type: 'SELECT_PROCEDURE', procedure: 'belowThresholdDirect', rationale: 'Quick.' }).expect(422);
      expect(refused.body).toMatchObject({ code: 'threshold.directiveProcedureRequired', params: { threshold: '216\u202f000', value: '216\u202f000' } });
      expect(refused.body.params.source).toMatch(/2025\/2152/);
      await send(eu, { type: 'SELECT_PROCEDURE', procedure: 'competitiveDialogue', rationale: 'Complex service.' }).expect(200);
      expect((await get(eu)).regime).toMatchObject({ applies: 'eu', euThreshold: { amount: 216_000 }, nationalThreshold: { amount: 60_000 } });

      const justBelow = await atProcedureSelection(newPlan({ estimatedValue: euro(215_999.99), cpvCode: '90511000-2' }));
      expect((await get(justBelow)).regime).toMatchObject({ applies: 'national' });
      expect((await send(justBelow, { type: 'SELECT_PROCEDURE', procedure: 'belowThresholdDirect', rationale: 'Quick.' }).expect(422)).body.code).toBe(
        'threshold.directAwardAtOrAboveNational',
      );
    });

    it.each([1, 2])(
      'refuses the approval of a direct award whose value is at or above the threshold (a plan stored before the rule), digigreen-planning v%i',
      async (workflowVersion) => {
        const id = await atProcedureSelection(newPlan({ estimatedValue: euro(59_000), cpvCode: '90511000-2', workflowVersion }));
        await send(id, { type: 'SELECT_PROCEDURE', procedure: 'belowThresholdDirect', rationale: 'Small value.' }).expect(200);
        // As a plan written before the thresholds were enforced: the value above the threshold, the direct award kept.
        await t.dataSource.query(
          t.dataSource.options.type === 'postgres'
            ? 'UPDATE procurement_plans SET budget_amount = $1 WHERE id = $2'
            : 'UPDATE procurement_plans SET budget_amount = ? WHERE id = ?',
          [80_000, id],
        );
        if (workflowVersion === 1) {
          // v1 knows no such requirement: the rule of law every version obeys refuses it.
          const refused = await send(id, { type: 'REQUEST_APPROVAL' }).expect(422);
          expect(refused.body).toMatchObject({ code: 'threshold.directAwardAtOrAboveNational', params: { value: '80\u202f000', threshold: '60\u202f000' } });
        } else {
          // v2 states it as a requirement of the stage, shown before the officer tries.
          const plan = await get(id);
          expect(plan.transitions.find((o: { event: string }) => o.event === 'REQUEST_APPROVAL')).toMatchObject({
            allowed: false,
            unmet: [expect.objectContaining({ id: 'procedure.allowedByThresholds' })],
          });
          const refused = await send(id, { type: 'REQUEST_APPROVAL' }).expect(409);
          expect(refused.body.unmet.map((u: { id: string }) => u.id)).toEqual(['procedure.allowedByThresholds']);
        }
        expect((await get(id)).stage).toBe('procedureSelection');
        await send(id, { type: 'SELECT_PROCEDURE', procedure: 'open', rationale: 'Above the threshold after all.' }).expect(200);
        await send(id, { type: 'REQUEST_APPROVAL' }).expect(200);
      },
    );
  });

  describe('the EU figures by period', () => {
    it('uses 221,000 € until 31 December 2025 and 216,000 € from 1 January 2026 (Helsinki time), naming each source', async () => {
      const at = async (instant: string, amount: number) => {
        clock.set(instant);
        const plan = (await create(newPlan({ estimatedValue: euro(amount), cpvCode: '90511000-2' })).expect(201)).body;
        return plan.regime as { applies: string; assessedOn: string; euThreshold: { amount: number; source: string } };
      };
      const late2025 = await at('2025-12-31T21:59:00Z', 220_000);
      expect(late2025).toMatchObject({ applies: 'national', assessedOn: '2025-12-31', euThreshold: { amount: 221_000 } });
      expect(late2025.euThreshold.source).toMatch(/2023\/2495/);
      // 22:00 UTC on 31 December is midnight in Helsinki: the 2026 figures apply.
      const early2026 = await at('2025-12-31T22:00:00Z', 220_000);
      expect(early2026).toMatchObject({ applies: 'eu', assessedOn: '2026-01-01', euThreshold: { amount: 216_000 } });
      expect(early2026.euThreshold.source).toMatch(/2025\/2152/);
      expect(await at('2025-06-01T12:00:00Z', 221_000)).toMatchObject({ applies: 'eu' });
      expect(await at('2025-06-01T12:00:00Z', 220_999.99)).toMatchObject({ applies: 'national' });
    });

    it('works at 5,404,000 € from 2026 and 5,538,000 € before', async () => {
      clock.set('2026-03-01T12:00:00Z');
      const works = (await create(newPlan({ estimatedValue: euro(5_404_000), cpvCode: '45453000-7' })).expect(201)).body;
      expect(works.regime).toMatchObject({ applies: 'eu', contractType: 'works', euThreshold: { amount: 5_404_000 }, nationalThreshold: { amount: 150_000 } });
      clock.set('2025-03-01T12:00:00Z');
      expect((await get(works.id)).regime).toMatchObject({ applies: 'national', euThreshold: { amount: 5_538_000 } });
    });
  });

  describe('the regime on every plan', () => {
    it('shows contract type, authority kind, both thresholds with sources, the value without VAT and the procedures allowed', async () => {
      const plan = (await create(newPlan({ estimatedValue: euro(100_000) })).expect(201)).body;
      expect(plan).toMatchObject({ contractType: 'supplies', team: [] });
      expect(plan.regime).toEqual({
        applies: 'national',
        assessedOn: helsinkiDate(today),
        contractType: 'supplies',
        authorityKind: 'subCentral',
        estimatedValue: { amount: 100_000, currency: 'EUR', vatIncluded: false },
        nationalThreshold: { amount: 60_000, currency: 'EUR', validFrom: '2017-01-01', validTo: null, source: expect.stringContaining('1397/2016') },
        euThreshold: { amount: 216_000, currency: 'EUR', validFrom: '2026-01-01', validTo: null, source: expect.stringContaining('2025/2152') },
        procedures: ['open', 'restricted', 'competitiveProcedureWithNegotiation', 'competitiveDialogue', 'innovationPartnership'],
      });
    });

    it('follows the organisation profile: a central government authority reaches the EU threshold at 140,000 €', async () => {
      const profile = await t.http().get('/organisations/city-of-espoo/profile').set(as('officer')).expect(200);
      expect(profile.body).toMatchObject({ organisation: 'city-of-espoo', authorityKind: 'subCentral' });
      const stated = TEST_PROFILES['city-of-espoo'];
      await t
        .http()
        .put('/organisations/city-of-espoo/profile')
        .set(as('officer'))
        .send({ ...stated, authorityKind: 'centralGovernment' })
        .expect(403);
      await t
        .http()
        .put('/organisations/city-of-espoo/profile')
        .set(as('otherOrgManager'))
        .send({ ...stated, authorityKind: 'centralGovernment' })
        .expect(403);
      await t
        .http()
        .put('/organisations/city-of-espoo/profile')
        .set(as('manager'))
        .send({ ...stated, authorityKind: 'federal' })
        .expect(400);
      const plan = (await create(newPlan({ estimatedValue: euro(140_000), cpvCode: '90511000-2' })).expect(201)).body;
      expect(plan.regime.applies).toBe('national');
      const changed = await t
        .http()
        .put('/organisations/city-of-espoo/profile')
        .set(as('manager'))
        .send({ ...stated, authorityKind: 'centralGovernment' })
        .expect(200);
      expect(changed.body).toMatchObject({ authorityKind: 'centralGovernment', version: expect.any(Number) });
      expect((await get(plan.id)).regime).toMatchObject({ applies: 'eu', authorityKind: 'centralGovernment', euThreshold: { amount: 140_000 } });
      // A command's answer reads the regime inside the command's own transaction (readAfter): the same.
      const sent = await send(plan.id, { type: 'START_NEEDS_ASSESSMENT' }).expect(200);
      expect(sent.body.regime).toMatchObject({ applies: 'eu', authorityKind: 'centralGovernment' });
      const patched = await patch(plan.id, { title: 'Cleaning of the town hall' }).expect(200);
      expect(patched.body).toMatchObject({ title: 'Cleaning of the town hall', regime: { applies: 'eu', authorityKind: 'centralGovernment' } });
      await t.http().put('/organisations/city-of-espoo/profile').set(as('manager')).send(stated).expect(200);
      expect((await send(plan.id, { type: 'RECORD_NEEDS', need: 'Clean offices.' }).expect(200)).body.regime).toMatchObject({ applies: 'national' });
      const trail = await t.http().get('/organisations/city-of-espoo/history/verify').set(as('manager')).expect(200);
      expect(trail.body).toMatchObject({ intact: true });
    });

    it('puts the regime in the OCDS release as the legal basis', async () => {
      const eu = (await create(newPlan({ estimatedValue: euro(300_000) })).expect(201)).body;
      const release = await t.http().get(`/procurements/${eu.id}/ocds`).set(as('officer')).expect(200);
      const tender = release.body.releases[0].tender;
      expect(tender.legalBasis).toMatchObject({ scheme: 'CELEX', id: '32014L0024' });
      const national = (await create(newPlan({ estimatedValue: euro(100_000) })).expect(201)).body;
      const nationalTender = (await t.http().get(`/procurements/${national.id}/ocds`).set(as('officer')).expect(200)).body.releases[0].tender;
      expect(nationalTender.legalBasis).toMatchObject({ scheme: 'ELI', id: expect.stringContaining('2016/1397') });
    });

    it('keeps nothing of a command whose answer cannot be read: the read is part of its transaction', async () => {
      const plan = (await create(newPlan()).expect(201)).body;
      const engine = t.app.get(EngineService);
      const anna = { id: people.officer.sub, name: people.officer.name, role: 'officer' as const };
      const unreadable = engine.send(plan.id, { type: 'START_NEEDS_ASSESSMENT', payload: {} }, anna, {
        readAfter: () => Promise.reject(new Error('the answer could not be read')),
      });
      await expect(unreadable).rejects.toBeDefined();
      expect(await get(plan.id)).toMatchObject({ stage: 'draft', version: plan.version });
      expect((await history(plan.id)).map((e) => e.type)).toEqual(['PLAN_CREATED']);
      // The same command without the failing read goes through.
      await expect(engine.send(plan.id, { type: 'START_NEEDS_ASSESSMENT', payload: {} }, anna)).resolves.toMatchObject({ stage: 'needsAssessment' });
    });
  });
});
