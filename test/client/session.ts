import createClient from 'openapi-fetch';
import type { components, paths } from './api';

/**
 * A client program written only against the types openapi-typescript generates from the served
 * OpenAPI document (./api.d.ts): the README's worked session (scripts/walkthrough.sh) and a market
 * dialogue in which a supplier registers, answers an RFI and asks a question. If the document and
 * the code drift apart, this stops compiling or its steps fail.
 */

type Plan = components['schemas']['PlanDetail'];
type WorkflowEvent = components['schemas']['WorkflowEvent'];
type ErrorBody = components['schemas']['ErrorBody'];

export interface SessionTokens {
  officer: string;
  manager: string;
  supplier: string;
}

export interface SessionHooks {
  /** The service's current time (rounds are scheduled from it). */
  now: () => Date;
  /** Lets the RFI's deadlines pass, so the dialogue can end. */
  closeRounds: () => Promise<void>;
}

export interface Step {
  step: string;
  status: number;
  stage?: string;
  version?: number;
  unmet?: string[];
}

/** Thrown when the service answers a step otherwise than the session expects. */
export class SessionError extends Error {
  constructor(step: string, status: number, body: unknown) {
    super(`${step}: ${status} ${JSON.stringify(body)}`);
  }
}

export async function walkSession(baseUrl: string, tokens: SessionTokens, hooks: SessionHooks): Promise<Step[]> {
  const as = (token: string) => createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
  const officer = as(tokens.officer);
  const manager = as(tokens.manager);
  const supplier = as(tokens.supplier);
  const steps: Step[] = [];

  function ok<T>(step: string, result: { data?: T; error?: unknown; response: Response }): T {
    if (result.data === undefined) throw new SessionError(step, result.response.status, result.error);
    steps.push({ step, status: result.response.status });
    return result.data;
  }

  const created = ok(
    'create plan',
    await officer.POST('/procurements', {
      body: {
        title: 'Refurbished laptops for schools',
        description: 'Laptops for 3,000 pupils with take-back, repair and data-wiping services.',
        cpvCode: '30213100-6',
        estimatedValue: { amount: 1200000, currency: 'EUR' },
        workflowId: 'digigreen-planning',
      },
    }),
  );
  const id = created.id;
  const plan = { params: { path: { id } } };

  async function send(by: typeof officer, event: WorkflowEvent): Promise<Plan> {
    const result = await by.POST('/procurements/{id}/events', { ...plan, body: event });
    if (!result.data) throw new SessionError(event.type, result.response.status, result.error);
    steps.push({ step: event.type, status: result.response.status, stage: result.data.stage, version: result.data.version });
    return result.data;
  }

  async function refused(event: WorkflowEvent): Promise<ErrorBody> {
    const result = await officer.POST('/procurements/{id}/events', { ...plan, body: event });
    if (!result.error) throw new SessionError(event.type, result.response.status, result.data);
    steps.push({ step: `${event.type} (refused)`, status: result.response.status, unmet: result.error.unmet?.map((u) => u.id) });
    return result.error;
  }

  // The README's worked session, with the market dialogue of a supplier in the middle.
  await send(officer, { type: 'START_NEEDS_ASSESSMENT' });
  await refused({ type: 'COMPLETE_NEEDS_ASSESSMENT' });
  await send(officer, {
    type: 'RECORD_NEEDS',
    need: 'Durable laptops for pupils',
    usersConsulted: ['teachers', 'pupils'],
    strategicGoals: ['carbon neutral by 2030'],
    rationale: 'Refurbished devices halve embodied carbon.',
  });
  await send(officer, { type: 'COMPLETE_NEEDS_ASSESSMENT' });
  await send(officer, { type: 'RECORD_MARKET_ANALYSIS', knownSuppliers: 7, solutions: ['refurbished laptops', 'device as a service'], maturity: 'mature' });
  await send(officer, {
    type: 'PUBLISH_ENGAGEMENT_NOTICE',
    title: 'Market dialogue: laptops',
    description: 'RFI and supplier day.',
    process: 'RFI, supplier day, one-to-one meetings.',
    // The E1 notice needs an answers deadline (BT-800): the end of the registration day.
    registrationUntil: new Date(hooks.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10),
  });
  await send(officer, { type: 'START_MARKET_DIALOGUE' });

  const at = (days: number) => new Date(hooks.now().getTime() + days * 86_400_000).toISOString();
  const rfi = ok(
    'create RFI round',
    await officer.POST('/procurements/{id}/dialogue/rounds', {
      ...plan,
      body: {
        type: 'rfi',
        title: 'RFI: refurbished laptops',
        description: 'Tell us what the market can deliver.',
        opensAt: at(0),
        questionsUntil: at(3),
        clarificationsUntil: at(5),
        closesAt: at(7),
        questionnaire: [
          { id: 'warranty', text: 'What warranty do you offer?', type: 'text', mandatory: true, maxLength: 500 },
          { id: 'batteryLife', text: 'Guaranteed battery capacity after 3 years?', type: 'number', unit: '%', min: 0, max: 100, mandatory: true },
          { id: 'services', text: 'Which services do you offer?', type: 'multiChoice', options: ['repair', 'data wiping', 'take-back'], mandatory: false },
          { id: 'takeBack', text: 'Do you take devices back at end of life?', type: 'yesNo', mandatory: true },
        ],
      },
    }),
  );
  const round = { params: { path: { id, roundId: rfi.id } } };

  const open = ok('find open plans', await supplier.GET('/dialogue/open-plans', { params: { query: { limit: 100 } } }));
  if (!open.items.some((p) => p.planId === id && p.registered === false)) throw new SessionError('find open plans', 200, open);
  ok(
    'register',
    await supplier.POST('/procurements/{id}/dialogue/registrations', {
      ...plan,
      body: { name: 'Aurora Refurb Oy', contact: { name: 'Aino Aurora', email: 'sales@aurora.example' }, sme: true },
    }),
  );
  const response = ok(
    'answer the RFI',
    await supplier.PUT('/procurements/{id}/dialogue/rounds/{roundId}/response', {
      ...round,
      body: {
        answers: [
          { questionId: 'warranty', value: '36 months on parts and labour' },
          { questionId: 'batteryLife', value: 80 },
          { questionId: 'services', value: ['repair', 'take-back'] },
          { questionId: 'takeBack', value: true },
        ],
      },
    }),
  );
  const battery: string | number | boolean | string[] = response.answers[1].value;
  if (battery !== 80) throw new SessionError('answer the RFI', 200, response);
  const question = ok(
    'ask a question',
    await supplier.POST('/procurements/{id}/dialogue/rounds/{roundId}/questions', {
      ...round,
      body: { question: 'May devices come from several manufacturers?' },
    }),
  );
  const questions = ok('read questions', await officer.GET('/procurements/{id}/dialogue/rounds/{roundId}/questions', round));
  ok(
    'answer the question',
    await officer.POST('/procurements/{id}/dialogue/rounds/{roundId}/answers', {
      ...round,
      body: { questionIds: (questions.all ?? []).map((q) => q.id), text: 'Yes, as long as every device meets the criteria.' },
    }),
  );
  const published = ok('read published answers', await supplier.GET('/procurements/{id}/dialogue/rounds/{roundId}/questions', round));
  if (!published.mine?.some((q) => q.id === question.id && q.answered)) throw new SessionError('read published answers', 200, published);
  await hooks.closeRounds();

  await send(officer, {
    type: 'PUBLISH_DIALOGUE_SUMMARY',
    summary: 'Grade-A refurbished devices with 3-year warranty are available.',
    inputUse: 'Warranty and battery criteria added.',
  });
  await send(officer, { type: 'SKIP_CO_DEVELOPMENT', reason: 'Mature market; no pilot needed.' });
  await send(officer, {
    type: 'RECORD_SUSTAINABILITY_STRATEGY',
    goals: [{ code: 'environmental.circularEconomy', strategy: 'Refurbished devices with take-back.' }],
  });
  await refused({ type: 'COMPLETE_CRITERIA' });
  const criteria = ok(
    'set criteria',
    await officer.PUT('/procurements/{id}/criteria', {
      ...plan,
      body: {
        criteria: [
          {
            kind: 'awardCriteria',
            title: 'Price',
            text: 'Lowest price gets full points.',
            verification: 'Price form.',
            weight: 70,
            subjectLink: 'Price of the devices.',
          },
          { templateId: 'ict-refurbished-share', weight: 30 },
          { templateId: 'ict-durability-warranty' },
        ],
      },
    }),
  );
  if (criteria.awardWeightTotal !== 100) throw new SessionError('set criteria', 200, criteria);
  await send(officer, { type: 'COMPLETE_CRITERIA' });
  await send(officer, { type: 'SELECT_PROCEDURE', procedure: 'open', rationale: 'Mature market with many suppliers.' });
  await send(officer, { type: 'REQUEST_APPROVAL' });
  await send(manager, { type: 'APPROVE', comment: 'Well prepared.' });

  const final = ok('read the plan', await officer.GET('/procurements/{id}', plan));
  steps.push({
    step: `allowed now: ${final.transitions
      .filter((t) => t.allowed)
      .map((t) => t.event)
      .join(', ')}`,
    status: 200,
    stage: final.stage,
    version: final.version,
  });
  const verified = ok('verify the history', await officer.GET('/procurements/{id}/history/verify', plan));
  if (!verified.intact) throw new SessionError('verify the history', 200, verified);
  return steps;
}
