import type { Response } from 'supertest';
import { createTestApp, type TestApp } from './support/create-test-app';
import { digestDatabase } from './support/db-digest';
import { suppliers } from './support/dialogue';
import { settleOutbound } from './support/outbound';
import { addToTeam, DIGIGREEN_WALK, ESPOO, people, runStep } from './support/factories';
import { draftPlan, planInCriteria, planInDialogue, type FixtureTokens } from './support/route-fixtures';

/**
 * Hilma's statistical questions for the E1 notice (docs/notices.md#hilma-statistics), on plans built
 * through the API: what each plan's records give, an officer's override with its reason in the answer
 * and the audit trail, and the refusals that store nothing.
 */
describe('Hilma statistics of the E1 notice', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let fixtures: FixtureTokens;

  beforeAll(async () => {
    t = await createTestApp();
    for (const [key, claims] of Object.entries(people)) tokens[key] = await t.token(claims);
    fixtures = { officer: tokens.officer, manager: tokens.manager, supplier: await t.token(suppliers.a), otherSupplier: await t.token(suppliers.b) };
  });

  afterAll(async () => {
    await t?.close({ dropDatabase: true });
  });

  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const path = (planId: string) => `/procurements/${planId}/notices/e1/hilma-statistics`;
  const statistics = async (planId: string, who = 'officer') => (await t.http().get(path(planId)).set(as(who)).expect(200)).body;
  const override = (planId: string, overrides: object[], who = 'officer') => t.http().patch(path(planId)).set(as(who)).send({ overrides });
  const lot = (body: {
    lots: Record<
      string,
      Record<
        string,
        { value: unknown; source: string; asked: boolean; derived: { value: unknown; reasons: Array<{ code: string; params: Record<string, unknown> }> } }
      >
    >;
  }) => body.lots['LOT-0001'];
  const reasonCodes = (answer: { derived: { reasons: Array<{ code: string }> } }) => answer.derived.reasons.map((r) => r.code);

  async function history(planId: string) {
    const res: Response = await t.http().get(`/procurements/${planId}/history`).query({ limit: 100 }).set(as('officer')).expect(200);
    return res.body.items as Array<{
      type: string;
      payload: Record<string, unknown>;
      actor: { id: string };
      records: Array<{ kind: string; id: string; digest: string | null }>;
    }>;
  }
  const verify = async (planId: string) => (await t.http().get(`/procurements/${planId}/history/verify`).set(as('officer')).expect(200)).body;

  describe('derived from the plan', () => {
    it('a laptop plan in criteriaAndStrategy: circular economy and low carbon from its goals and criteria, EU GPP criteria used, no innovation, no SMEs', async () => {
      const { planId, goal } = await planInCriteria(t, fixtures, ESPOO);
      const body = await statistics(planId);
      const answers = lot(body);
      expect(body).toMatchObject({ planId, noticeSubtype: 'E1', unanswered: [] });

      expect(answers.circularEconomy).toMatchObject({ asked: true, value: true, source: 'derived' });
      expect(reasonCodes(answers.circularEconomy)).toEqual(['strategyGoal', 'strategicGoal', 'criterion', 'criterion', 'criterion']);
      expect(answers.circularEconomy.derived.reasons[1].params).toMatchObject({ strategicGoalId: goal, goalCode: 'environmental.circularEconomy' });
      expect(answers.lowCarbon.derived).toEqual({
        value: true,
        reasons: [{ code: 'strategyGoal', params: { goalCode: 'environmental.carbonEmissionsReduction' } }],
      });
      // The template criterion 'ict-refurbished-share' is from the EU GPP criteria for computers.
      expect(answers.listedGreenCriteriaUsed).toMatchObject({ asked: true, value: true });
      expect(answers.listedGreenCriteriaUsed.derived.reasons).toEqual([
        { code: 'gppCriterion', params: expect.objectContaining({ source: 'euGPPCriteria', templateId: 'ict-refurbished-share' }) as unknown },
      ]);
      for (const q of [
        'energyEfficiencyConsidered',
        'biodiversity',
        'sustainableFoodProduction',
        'justWorkingConditions',
        'employmentCondition',
        'codeOfConduct',
        'innovationConsidered',
        'smeParticipationConsidered',
      ]) {
        expect({ q, value: answers[q].value, reasons: reasonCodes(answers[q]) }).toEqual({ q, value: false, reasons: ['nothingFound'] });
      }
      // The dialogue summary found solutions on the market.
      expect(answers.solutionNewToMarketOrIndustry.derived).toEqual({
        value: false,
        reasons: [{ code: 'solutionOnMarket', params: { record: 'dialogueSummary' } }],
      });
      expect(answers.howManyOpportunitiesIsEstimated).toMatchObject({ asked: false, value: null, source: 'notAsked' });
      expect(body.hilmaStatistics).toEqual({
        'LOT-0001': {
          innovationConsidered: false,
          solutionNewToBuyer: false,
          solutionNewToMarketOrIndustry: false,
          energyEfficiencyConsidered: false,
          lowCarbon: true,
          circularEconomy: true,
          biodiversity: false,
          sustainableFoodProduction: false,
          listedGreenCriteriaUsed: true,
          justWorkingConditions: false,
          employmentCondition: false,
          howManyOpportunitiesIsEstimated: null,
          codeOfConduct: false,
          smeParticipationConsidered: false,
          endUserInvolved: null,
        },
      });
    });

    it('a plan in its market dialogue: SME participation from the registrations, yes with an SME and no without one', async () => {
      const withSme = await planInDialogue(t, fixtures);
      expect(lot(await statistics(withSme.planId)).smeParticipationConsidered.derived).toEqual({
        value: true,
        reasons: [{ code: 'smeRegistrations', params: { sme: 1, registrations: 2 } }],
      });
      const withoutSme = await planInDialogue(t, fixtures, { registerSupplier: false });
      expect(lot(await statistics(withoutSme.planId)).smeParticipationConsidered).toMatchObject({
        value: false,
        derived: { reasons: [{ code: 'nothingFound' }] },
      });
      // Nothing environmental yet, so Hilma does not ask about listed green criteria.
      expect(lot(await statistics(withoutSme.planId)).listedGreenCriteriaUsed).toMatchObject({
        asked: false,
        value: null,
        derived: { reasons: [{ code: 'notAsked' }] },
      });
    });

    it('a market analysis that found no solution: innovation considered, the solution new to the market and to the buyer', async () => {
      const planId = await draftPlan(t, tokens.officer);
      const steps = DIGIGREEN_WALK.slice(0, 4).map((s) =>
        s.event.type === 'RECORD_MARKET_ANALYSIS' ? { ...s, event: { ...s.event, noSolutionOnMarket: true, maturity: 'emerging' } } : s,
      );
      for (const step of steps) expect((await runStep(t, tokens, planId, step)).status).toBe(200);
      const answers = lot(await statistics(planId));
      const finding = [{ code: 'noSolutionOnMarket', params: { record: 'marketAnalysis' } }];
      expect(answers.innovationConsidered.derived).toEqual({ value: true, reasons: finding });
      expect(answers.solutionNewToMarketOrIndustry.derived).toEqual({ value: true, reasons: finding });
      expect(answers.solutionNewToBuyer.derived).toEqual({ value: true, reasons: [{ code: 'newToMarket', params: {} }] });
    });

    it('managers and admins read them; suppliers are refused', async () => {
      const planId = await draftPlan(t, tokens.officer);
      expect((await statistics(planId, 'manager')).planId).toBe(planId);
      expect((await statistics(planId, 'admin')).planId).toBe(planId);
      await t.http().get(path(planId)).set(as('supplier')).expect(403);
      await t.http().get(path(planId)).set(as('otherOrgOfficer')).expect(404);
    });
  });

  describe('overrides', () => {
    it('replace answers with the reason, who and when; are recorded in the trail, which stays intact; null goes back to the derived answer', async () => {
      const { planId } = await planInCriteria(t, fixtures, ESPOO);
      const before = await history(planId);

      const res = await override(planId, [
        {
          lotId: 'LOT-0001',
          question: 'employmentCondition',
          value: true,
          reason: 'The contract will require two apprenticeships (agreed with the employment services).',
        },
        { lotId: 'LOT-0001', question: 'howManyOpportunitiesIsEstimated', value: 2, reason: 'Two apprenticeships over the contract period.' },
      ]).expect(200);
      const answers = lot(res.body);
      expect(answers.employmentCondition).toMatchObject({
        asked: true,
        value: true,
        source: 'override',
        derived: { value: false },
        override: {
          value: true,
          reason: 'The contract will require two apprenticeships (agreed with the employment services).',
          by: { id: people.officer.sub, name: people.officer.name },
        },
      });
      expect(answers.howManyOpportunitiesIsEstimated).toMatchObject({ asked: true, value: 2, source: 'override' });
      expect(res.body.hilmaStatistics['LOT-0001']).toMatchObject({ employmentCondition: true, howManyOpportunitiesIsEstimated: 2 });
      expect(lot(await statistics(planId, 'manager')).employmentCondition.value).toBe(true);

      const events = await history(planId);
      expect(events).toHaveLength(before.length + 1);
      const recorded = events.at(-1)!;
      expect(recorded).toMatchObject({ type: 'HILMA_STATISTICS_OVERRIDDEN', actor: { id: people.officer.sub } });
      expect(recorded.payload).toEqual({
        noticeSubtype: 'E1',
        changes: [
          {
            lotId: 'LOT-0001',
            question: 'employmentCondition',
            value: true,
            reason: expect.stringContaining('apprenticeships') as unknown,
            previous: null,
            derived: false,
          },
          {
            lotId: 'LOT-0001',
            question: 'howManyOpportunitiesIsEstimated',
            value: 2,
            reason: 'Two apprenticeships over the contract period.',
            previous: null,
            derived: null,
          },
        ],
      });
      expect(recorded.records).toEqual([
        { kind: 'hilmaStatisticsOverride', id: expect.any(String) as unknown, digest: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown },
        { kind: 'hilmaStatisticsOverride', id: expect.any(String) as unknown, digest: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown },
      ]);
      expect(await verify(planId)).toMatchObject({ intact: true, events: before.length + 1 });

      // Back to the derived answer: the follow-up is no longer asked, its estimate is kept without effect.
      const back = await override(planId, [
        { lotId: 'LOT-0001', question: 'employmentCondition', value: null, reason: 'The apprenticeships were dropped from the plan.' },
      ]).expect(200);
      expect(lot(back.body).employmentCondition).toMatchObject({ value: false, source: 'derived', override: null });
      expect(lot(back.body).howManyOpportunitiesIsEstimated).toMatchObject({ asked: false, value: null, source: 'notAsked', override: { value: 2 } });
      const removed = (await history(planId)).at(-1)!;
      expect(removed.payload.changes).toEqual([expect.objectContaining({ question: 'employmentCondition', value: null, previous: true })]);
      expect(removed.records).toEqual([{ kind: 'hilmaStatisticsOverride', id: recorded.records[0].id, digest: null }]);
      expect(await verify(planId)).toMatchObject({ intact: true, events: before.length + 2 });
    });

    it('a later override of the same question replaces the earlier one, and the plan version stays', async () => {
      const planId = await draftPlan(t, tokens.officer);
      const version = (await t.http().get(`/procurements/${planId}`).set(as('officer')).expect(200)).body.version;
      await override(planId, [
        { lotId: 'LOT-0001', question: 'codeOfConduct', value: true, reason: 'The city’s supplier code of conduct is attached.' },
      ]).expect(200);
      const res = await override(planId, [
        { lotId: 'LOT-0001', question: 'codeOfConduct', value: false, reason: 'The code of conduct is not part of this purchase after all.' },
      ]).expect(200);
      expect(lot(res.body).codeOfConduct).toMatchObject({ value: false, source: 'override', override: { value: false } });
      const rows = await t.dataSource.query(
        `SELECT question FROM hilma_statistics_overrides WHERE plan_id = ${t.database.driver === 'postgres' ? '$1' : '?'}`,
        [planId],
      );
      expect(rows).toEqual([{ question: 'codeOfConduct' }]);
      expect((await t.http().get(`/procurements/${planId}`).set(as('officer')).expect(200)).body.version).toBe(version);
      expect(await verify(planId)).toMatchObject({ intact: true });
    });
  });

  describe('refusals store nothing', () => {
    let planId: string;

    beforeAll(async () => {
      planId = await draftPlan(t, tokens.officer);
    });

    async function refused(res: PromiseLike<Response>, status: number, code: string) {
      // What earlier steps committed is handed on now, not in the background while this one is judged.
      await settleOutbound(t);
      const before = await digestDatabase(t);
      const done = await res;
      expect({ status: done.status, code: done.body.code }).toEqual({ status, code });
      expect(await digestDatabase(t)).toEqual(before);
      return done.body as { params: Record<string, unknown>; details?: Array<{ field: string; code: string }> };
    }

    const valid = { lotId: 'LOT-0001', question: 'lowCarbon', value: true, reason: 'Zero-emission deliveries are required.' };

    it('an officer not on the team: 403 plan.teamOnly; managers and suppliers by role', async () => {
      await refused(override(planId, [valid], 'secondOfficer'), 403, 'plan.teamOnly');
      await refused(override(planId, [valid], 'manager'), 403, 'auth.roleRefused');
      await refused(override(planId, [valid], 'otherOrgOfficer'), 404, 'plan.notFound');
    });

    it('an officer added to the team may override', async () => {
      const other = await draftPlan(t, tokens.officer);
      await addToTeam(t, tokens.manager, other, [{ id: people.secondOfficer.sub, token: tokens.secondOfficer }]);
      const res = await override(other, [valid], 'secondOfficer').expect(200);
      expect(lot(res.body).lowCarbon).toMatchObject({ value: true, override: { by: { id: people.secondOfficer.sub } } });
    });

    it.each<[string, object, string, string]>([
      ['a yes/no question answered with text', { ...valid, value: 'yes' }, 'overrides[0].value', 'validation.boolean'],
      ['a number for a yes/no question', { ...valid, value: 1 }, 'overrides[0].value', 'validation.boolean'],
      ['a fraction of a job', { ...valid, question: 'howManyOpportunitiesIsEstimated', value: 1.5 }, 'overrides[0].value', 'validation.integer'],
      ['a negative number of jobs', { ...valid, question: 'howManyOpportunitiesIsEstimated', value: -1 }, 'overrides[0].value', 'validation.min'],
      ['an unknown question', { ...valid, question: 'greenWashing' }, 'overrides[0].question', 'validation.oneOf'],
      ['a lot the plan does not have', { ...valid, lotId: 'LOT-0002' }, 'overrides[0].lotId', 'validation.oneOf'],
      ['no reason', { lotId: 'LOT-0001', question: 'lowCarbon', value: true }, 'overrides[0].reason', 'validation.required'],
      ['no value', { lotId: 'LOT-0001', question: 'lowCarbon', reason: 'Because.' }, 'overrides[0].value', 'validation.required'],
    ])('%s: 400 naming the field', async (_label, item, field, code) => {
      const body = await refused(override(planId, [item]), 400, 'validation.failed');
      expect(body.details).toEqual([expect.objectContaining({ field, code })]);
    });

    it('a reason of white space only: 400 input.invisibleOnly', async () => {
      await refused(override(planId, [{ ...valid, reason: ' \u200b ' }]), 400, 'input.invisibleOnly');
    });

    it('the same question twice, or no override at all: 400', async () => {
      const twice = await refused(override(planId, [valid, { ...valid, value: false }]), 400, 'validation.failed');
      expect(twice.details).toEqual([expect.objectContaining({ field: 'overrides[1]', code: 'validation.arrayUnique' })]);
      const none = await refused(override(planId, []), 400, 'validation.failed');
      expect(none.details).toEqual([expect.objectContaining({ field: 'overrides', code: 'validation.arrayMinSize' })]);
    });

    it('a follow-up question Hilma does not ask: 422 hilmaStatistics.notAsked, unless the same request makes it asked', async () => {
      const jobs = { lotId: 'LOT-0001', question: 'howManyOpportunitiesIsEstimated', value: 3, reason: 'Three jobs expected.' };
      const body = await refused(override(planId, [jobs]), 422, 'hilmaStatistics.notAsked');
      expect(body.params).toEqual({ lotId: 'LOT-0001', question: 'howManyOpportunitiesIsEstimated', after: 'employmentCondition' });
      await refused(override(planId, [{ ...valid, question: 'listedGreenCriteriaUsed' }]), 422, 'hilmaStatistics.notAsked');

      const other = await draftPlan(t, tokens.officer);
      const res = await override(other, [{ ...valid, question: 'employmentCondition', reason: 'An employment condition is planned.' }, jobs]).expect(200);
      expect(lot(res.body).howManyOpportunitiesIsEstimated).toMatchObject({ asked: true, value: 3 });
    });

    it('a closed plan: 409 hilmaStatistics.planClosed; its statistics still read', async () => {
      const closed = await draftPlan(t, tokens.officer);
      await t.http().post(`/procurements/${closed}/events`).set(as('manager')).send({ type: 'CANCEL', reason: 'Budget withdrawn.' }).expect(200);
      const body = await refused(override(closed, [valid]), 409, 'hilmaStatistics.planClosed');
      expect(body.params).toEqual({ stage: 'cancelled' });
      expect(lot(await statistics(closed)).lowCarbon.value).toBe(false);
    });
  });
});
