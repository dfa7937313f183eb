/**
 * What the benchmark sends. Transitions:
 *
 * - RECORD_NEEDS on plans in needsAssessment, round-robin over a working set of plans, so every
 *   request in flight targets a different plan. It is a real, allowed state change every time: the
 *   whole engine path (load, restore the machine, facts, guards, transition, versioned UPDATE,
 *   hash-chained audit INSERT, projections) in one durable transaction. It is the headline figure
 *   because it can be repeated for as long as the run lasts without running out of plans.
 * - START_NEEDS_ASSESSMENT on drafts, each plan exactly once (draft -> needsAssessment, a stage
 *   change, which also updates the portfolio projection): the working set is made this way.
 */
import type autocannon from 'autocannon';
import type { App } from './app';
import { closedLoop, type LoadResult } from './load';
import { int } from './report';

export interface Organisation {
  id: string;
  officerToken: string;
  managerToken: string;
}

export interface WorkingPlan {
  id: string;
  org: number;
}

export const NEW_PLAN = {
  title: 'Refurbished laptops for schools',
  description: 'Laptops for 3,000 pupils with take-back, repair and data-wiping services.',
  cpvCode: '30213100-6',
  estimatedValue: { amount: 1200000, currency: 'EUR' },
  workflowId: 'digigreen-planning',
};

export const RECORD_NEEDS = JSON.stringify({
  type: 'RECORD_NEEDS',
  need: 'Durable laptops for pupils; the current ones are at the end of their life.',
  usersConsulted: ['teachers', 'pupils', 'IT support'],
  strategicGoals: ['Carbon neutral by 2030'],
  rationale: 'Refurbished devices halve embodied carbon.',
});

export const START_NEEDS_ASSESSMENT = JSON.stringify({ type: 'START_NEEDS_ASSESSMENT' });

export async function organisations(app: App, ids: string[]): Promise<Organisation[]> {
  return Promise.all(
    ids.map(async (id) => ({
      id,
      officerToken: await app.token({ sub: `officer-${id}-1`, name: 'Bench Officer', role: 'officer', org: id }),
      managerToken: await app.token({ sub: `manager-${id}-1`, name: 'Bench Manager', role: 'manager', org: id }),
    })),
  );
}

const json = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** `count` drafts through POST /procurements, spread evenly over the organisations. */
export async function createDrafts(
  app: App,
  orgs: Organisation[],
  count: number,
  connections: number,
  title: string,
): Promise<{ plans: WorkingPlan[]; load: LoadResult }> {
  const plans: WorkingPlan[] = [];
  const body = JSON.stringify(NEW_PLAN);
  const requests: autocannon.Request[] = orgs.map((org, index) => ({
    method: 'POST',
    path: '/procurements',
    headers: json(org.officerToken),
    body,
    onResponse: (status: number, responseBody: string, _context: object, headers?: Record<string, unknown>) => {
      if (status !== 201) return;
      const location = typeof headers?.location === 'string' ? headers.location : '';
      const id = location.split('/').pop() || (JSON.parse(responseBody) as { id: string }).id;
      plans.push({ id, org: index });
    },
  }));
  const load = await closedLoop({ title, url: app.url, connections: Math.min(connections, count), amount: count, requests, appPids: [app.pid] });
  return { plans, load };
}

/** Each request takes the next plan of `plans` (once each); past the end it wraps around (and would be refused). */
export function eachPlanOnce(plans: WorkingPlan[], orgs: Organisation[], body: string): { requests: autocannon.Request[]; used: () => number } {
  let next = 0;
  const requests: autocannon.Request[] = [
    {
      method: 'POST',
      setupRequest: (request) => {
        const plan = plans[next++ % plans.length];
        return { ...request, path: `/procurements/${plan.id}/events`, headers: json(orgs[plan.org].officerToken), body };
      },
    },
  ];
  return { requests, used: () => next };
}

/** RECORD_NEEDS, round-robin over `plans` (all in needsAssessment). */
export function roundRobin(plans: WorkingPlan[], orgs: Organisation[], body: string, offset = 0): autocannon.Request[] {
  let next = offset;
  return [
    {
      method: 'POST',
      setupRequest: (request) => {
        const plan = plans[next++ % plans.length];
        return { ...request, path: `/procurements/${plan.id}/events`, headers: json(orgs[plan.org].officerToken), body };
      },
    },
  ];
}

/** The same round robin for the paced (open-loop) generator. */
export function roundRobinPaced(plans: WorkingPlan[], orgs: Organisation[], body: string) {
  return (i: number) => {
    const plan = plans[i % plans.length];
    return { method: 'POST', path: `/procurements/${plan.id}/events`, headers: json(orgs[plan.org].officerToken), body };
  };
}

/** The route that does nothing, for the paced (open-loop) generator. */
export const HEALTH_LIVE = { method: 'GET', path: '/health/live', headers: {} };

export function get(path: string, token?: string): autocannon.Request[] {
  return [{ method: 'GET', path, ...(token ? { headers: bearer(token) } : {}) }];
}

/**
 * The fixed workload run before reading RSS (same on every database size): writes, single-plan
 * reads, lists and the portfolio views, in fixed proportions, `amount` requests in all.
 */
export function mixedWorkload(plans: WorkingPlan[], orgs: Organisation[]): autocannon.Request[] {
  let write = 0;
  let read = 0;
  const officer = orgs[0].officerToken;
  const manager = orgs[0].managerToken;
  const transition: autocannon.Request = {
    method: 'POST',
    setupRequest: (request) => {
      const plan = plans[write++ % plans.length];
      return { ...request, path: `/procurements/${plan.id}/events`, headers: json(orgs[plan.org].officerToken), body: RECORD_NEEDS };
    },
  };
  const detail: autocannon.Request = {
    method: 'GET',
    setupRequest: (request) => {
      const plan = plans[read++ % plans.length];
      return { ...request, path: `/procurements/${plan.id}`, headers: bearer(orgs[plan.org].officerToken) };
    },
  };
  return [
    transition,
    detail,
    transition,
    detail,
    { method: 'GET', path: '/procurements?limit=50', headers: bearer(officer) },
    transition,
    detail,
    { method: 'GET', path: '/portfolio/plans?limit=50', headers: bearer(manager) },
    transition,
    { method: 'GET', path: '/portfolio/summary', headers: bearer(manager) },
  ];
}

/**
 * Creates `count` drafts over HTTP and moves each to needsAssessment with START_NEEDS_ASSESSMENT,
 * each plan exactly once (the first tenth as warm-up); `log` tells the progress. Returns the plans and both loads.
 */
export async function prepareWorkingSet(app: App, orgs: Organisation[], count: number, connections: number, label: string, log: (message: string) => void) {
  log(`${label}: creating ${int(count)} drafts over HTTP`);
  const created = await createDrafts(app, orgs, count, connections, 'POST /procurements (create a draft)');
  const plans = created.plans;
  if (plans.length < count * 0.99) throw new Error(`Only ${plans.length} of ${count} drafts were created: ${JSON.stringify(created.load.statusCodes)}`);
  const moved = new Set<string>();
  const once = eachPlanOnce(plans, orgs, START_NEEDS_ASSESSMENT);
  // Which plan a connection's current request targets, so its answer can be attributed.
  const request = once.requests[0];
  const setup = request.setupRequest as (r: typeof request, c: object) => typeof request;
  const requests = [
    {
      ...request,
      setupRequest: (r: typeof request, context: object) => {
        const built = setup(r, context);
        (context as { plan?: string }).plan = built.path?.split('/')[2];
        return built;
      },
      onResponse: (status: number, _body: string, context: object) => {
        const plan = (context as { plan?: string }).plan;
        if (status === 200 && plan) moved.add(plan);
      },
    },
  ];
  const warm = Math.max(connections * 2, Math.round(plans.length * 0.1));
  log(`${label}: START_NEEDS_ASSESSMENT on each draft once (${int(warm)} as warm-up)`);
  await closedLoop({ title: 'START_NEEDS_ASSESSMENT (warm-up)', url: app.url, connections, amount: warm, requests, appPids: [app.pid] });
  const remaining = plans.length - once.used() - connections;
  const start = await closedLoop({
    title: 'START_NEEDS_ASSESSMENT, each draft once',
    url: app.url,
    connections,
    amount: Math.max(connections, remaining),
    requests,
    appPids: [app.pid],
  });
  // Plans whose request was built but never sent are still drafts: move them now.
  let stragglers = 0;
  for (const plan of plans) {
    if (moved.has(plan.id)) continue;
    const res = await app.request('POST', `/procurements/${plan.id}/events`, orgs[plan.org].officerToken, { type: 'START_NEEDS_ASSESSMENT' });
    if (res.status !== 200) throw new Error(`START_NEEDS_ASSESSMENT on ${plan.id} answered ${res.status}: ${JSON.stringify(res.body)}`);
    stragglers++;
  }
  return { plans, create: created.load, start, stragglers };
}
