import type { Response } from 'supertest';
import type { TestApp } from './create-test-app';
import { DAY, periods, registrationOf, RFI_QUESTIONNAIRE } from './dialogue';
import { AWARD_CRITERIA, DIGIGREEN_WALK, newPlan } from './factories';

/**
 * Plans in the stages the route suites need, built through the API as a user would: a draft, a plan
 * in the market dialogue with rounds, a question and meetings, and a plan in criteriaAndStrategy with
 * criteria, a life-cycle cost model and a strategic goal.
 */

export interface FixtureTokens {
  officer: string;
  manager: string;
  /** A supplier that registers in dialogue fixtures unless told not to. */
  supplier: string;
  /** A second supplier, always registered in dialogue fixtures: it asks the question and gets a meeting. */
  otherSupplier: string;
}

/** A step that must succeed; the body is shown when it does not. */
export async function must(res: PromiseLike<Response> | Response, status: number): Promise<Record<string, unknown>> {
  const done = await res;
  if (done.status !== status) throw new Error(`Fixture step answered ${done.status}, expected ${status}: ${JSON.stringify(done.body)}`);
  return done.body as Record<string, unknown>;
}

const bearer = (token: string) => `Bearer ${token}`;
const HOUR = 60 * 60 * 1000;

export async function draftPlan(t: TestApp, officerToken: string, overrides: Record<string, unknown> = {}): Promise<string> {
  return (await must(t.http().post('/procurements').set('Authorization', bearer(officerToken)).send(newPlan(overrides)), 201)).id as string;
}

async function walk(t: TestApp, tokens: FixtureTokens, planId: string, steps: typeof DIGIGREEN_WALK): Promise<void> {
  for (const step of steps) {
    const by = step.by === 'manager' ? tokens.manager : tokens.officer;
    for (const p of step.prepare ?? []) await must(t.http()[p.method](`/procurements/${planId}${p.path}`).set('Authorization', bearer(by)).send(p.body), 200);
    await must(t.http().post(`/procurements/${planId}/events`).set('Authorization', bearer(by)).send(step.event), 200);
  }
}

/** A plan in needsAssessment. */
export async function planInNeedsAssessment(t: TestApp, tokens: FixtureTokens): Promise<string> {
  const planId = await draftPlan(t, tokens.officer);
  await walk(t, tokens, planId, DIGIGREEN_WALK.slice(0, 1));
  return planId;
}

export const RFI_ANSWERS = [
  { questionId: 'warranty', value: '36 months on parts and labour' },
  { questionId: 'batteryLife', value: 80 },
  { questionId: 'grade', value: 'A' },
  { questionId: 'takeBack', value: true },
];

export const DRAFT_ITEM = { id: 'award-1', title: 'Award criterion: life-cycle CO2e', text: 'Points for lower life-cycle CO2e per device.' };

export interface DialogueFixture {
  planId: string;
  /** rfi: questionnaire and a question; oneToOne: every registered supplier offered a meeting; spare: a oneToOne round with no offers; draft: a draftConsultation round. */
  rounds: { rfi: string; oneToOne: string; spare: string; draft: string };
  /** The other supplier's unanswered question in the rfi round. */
  question: string;
  /** The other supplier's meeting offer in the oneToOne round, booked on the round's first slot. */
  meeting: string;
  /** The oneToOne round's slots: the first booked by the other supplier, the second free. */
  slots: { booked: string; free: string };
}

/** A plan in marketDialogue with four open rounds, a question and meeting offers. */
export async function planInDialogue(t: TestApp, tokens: FixtureTokens, options: { registerSupplier?: boolean; now?: Date } = {}): Promise<DialogueFixture> {
  const planId = await draftPlan(t, tokens.officer);
  await walk(t, tokens, planId, DIGIGREEN_WALK.slice(0, 7));
  const dialogue = (suffix: string) => `/procurements/${planId}/dialogue${suffix}`;
  const post = (token: string, suffix: string, body: object) => t.http().post(dialogue(suffix)).set('Authorization', bearer(token)).send(body);

  await must(post(tokens.otherSupplier, '/registrations', registrationOf('Borealis IT Ab', false)), 201);
  if (options.registerSupplier !== false) await must(post(tokens.supplier, '/registrations', registrationOf('Aurora Refurb Oy', true)), 201);
  const now = options.now ?? new Date();
  const window = periods(now, { questions: 3, clarifications: 5, closes: 7 });
  const round = async (body: object) => (await must(post(tokens.officer, '/rounds', { ...window, ...body }), 201)).id as string;
  const rounds = {
    rfi: await round({ type: 'rfi', title: 'RFI: refurbished laptops', description: 'Tell us what the market can deliver.', questionnaire: RFI_QUESTIONNAIRE }),
    oneToOne: await round({ type: 'oneToOne', title: 'One-to-one meetings', description: 'Forty-five minutes with each supplier.' }),
    spare: await round({ type: 'oneToOne', title: 'Follow-up meetings', description: 'A second meeting for those who want one.' }),
    draft: await round({ type: 'draftConsultation', title: 'Draft award criteria', description: 'Comment on the draft criteria.', draftItems: [DRAFT_ITEM] }),
  };
  const question = (await must(post(tokens.otherSupplier, `/rounds/${rounds.rfi}/questions`, { question: 'Will the contract include maintenance?' }), 201))
    .id as string;
  const startsAt = [DAY, DAY + HOUR].map((after) => new Date(now.getTime() + after).toISOString());
  const offered = await must(post(tokens.officer, `/rounds/${rounds.oneToOne}/meetings`, { startsAt, durationMinutes: 45 }), 201);
  const meetings = offered.offered as Array<{ id: string }>;
  const slots = offered.slots as Array<{ id: string }>;
  await must(
    t
      .http()
      .put(dialogue(`/rounds/${rounds.oneToOne}/meetings/booking`))
      .set('Authorization', bearer(tokens.otherSupplier))
      .send({ slotId: slots[0].id }),
    200,
  );
  return { planId, rounds, question, meeting: meetings[0].id, slots: { booked: slots[0].id, free: slots[1].id } };
}

export const LCC_MODEL = {
  currency: 'EUR',
  years: 5,
  discountRatePercent: 4,
  carbonPricePerTonne: 100,
  method: 'Net present cost over 5 years at a 4 % discount rate, CO2e priced at 100 EUR per tonne.',
  tendererData: ['Purchase price per device', 'Yearly energy use per device (kWh)'],
  options: [
    { name: 'Buy new', acquisition: 250000, annualOperation: 12000, annualMaintenance: 8000, annualCo2eTonnes: 20, endOfLifeCost: 5000, residualValue: 20000 },
    {
      name: 'Refurbished',
      acquisition: 160000,
      annualOperation: 13000,
      annualMaintenance: 11000,
      annualCo2eTonnes: 9,
      endOfLifeCost: 5000,
      residualValue: 8000,
    },
  ],
};

export const A_CRITERION = {
  kind: 'technicalSpecifications',
  title: 'Warranty',
  text: 'Three-year warranty on parts and labour.',
  goalCode: 'environmental.circularEconomy',
  verification: 'Warranty terms.',
};

export const STRATEGIC_GOAL = {
  title: 'Circular economy roadmap',
  description: 'City circular economy roadmap 2030.',
  goalCodes: ['environmental.circularEconomy'],
  targetYear: 2030,
};

export interface CriteriaFixture {
  planId: string;
  /** The award criteria of AWARD_CRITERIA (weights summing to 100) and one technical specification. */
  criterion: string;
  /** A strategic goal of the plan's organisation, declared by the plan. */
  goal: string;
}

/** A plan in criteriaAndStrategy with criteria, a life-cycle cost model and a declared strategic goal. */
export async function planInCriteria(t: TestApp, tokens: FixtureTokens, organisation: string): Promise<CriteriaFixture> {
  const planId = await draftPlan(t, tokens.officer);
  await walk(
    t,
    tokens,
    planId,
    DIGIGREEN_WALK.slice(
      0,
      DIGIGREEN_WALK.findIndex((s) => s.event.type === 'COMPLETE_CRITERIA'),
    ),
  );
  const as = (token: string) => ({ Authorization: bearer(token) });
  await must(t.http().put(`/procurements/${planId}/criteria`).set(as(tokens.officer)).send(AWARD_CRITERIA), 200);
  const criterion = (await must(t.http().post(`/procurements/${planId}/criteria`).set(as(tokens.officer)).send(A_CRITERION), 201)).id as string;
  await must(t.http().put(`/procurements/${planId}/life-cycle-cost`).set(as(tokens.officer)).send(LCC_MODEL), 200);
  const goal = (await must(t.http().post(`/organisations/${organisation}/strategic-goals`).set(as(tokens.manager)).send(STRATEGIC_GOAL), 201)).id as string;
  await must(
    t
      .http()
      .put(`/procurements/${planId}/strategic-goals`)
      .set(as(tokens.officer))
      .send({ strategicGoalIds: [goal] }),
    200,
  );
  return { planId, criterion, goal };
}
