import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { ERROR_CODES, type ErrorCode } from '../src/common/error-codes';
import { createTestApp, TEST_PROFILES, type TestApp } from './support/create-test-app';
import { digestDatabase } from './support/db-digest';
import { DAY, periods, registrationOf, suppliers } from './support/dialogue';
import { AWARD_CRITERIA, ESPOO, newPlan, people } from './support/factories';
import {
  A_CRITERION,
  DRAFT_ITEM,
  LCC_MODEL,
  planInCriteria,
  planInDialogue,
  planInNeedsAssessment,
  RFI_ANSWERS,
  STRATEGIC_GOAL,
  type CriteriaFixture,
  type DialogueFixture,
} from './support/route-fixtures';
import { documentedOperations, fetchOpenApiDocument } from './support/routes';
import { WebhookReceiver, webhookWithDelivery, type WebhookFixture } from './webhooks-support';
import { settleOutbound } from './support/outbound';

/**
 * The authorisation matrix: every route of the OpenAPI document × every kind of caller, with the status
 * each must get. The rule table below is the specification; the test reads the document from
 * GET /docs-json and fails when a route has no rule (a new route must state who may call it) or a rule
 * names a route the document no longer has.
 *
 * Callers: an officer, a manager, an admin and a supplier (of the organisation that owns the plan where
 * that applies), an officer of another organisation, and no token at all. A status below 400 marks a
 * caller the route admits: it gets the request through (a valid body is sent) and the answer proves it.
 * 401 is for no token, 403 for a role (or organisation) the route refuses, 404 for another
 * organisation's plan, which must look exactly like a plan that does not exist.
 */

const PERSONAS = ['officer', 'manager', 'admin', 'supplier', 'otherOrg', 'none'] as const;
type Persona = (typeof PERSONAS)[number];
/** One status per persona, in the order of PERSONAS. */
type Statuses = readonly [number, number, number, number, number, number];

// ------------------------------------------------------------------ the rule table (one line per route)

// The columns line up under the roles.
// prettier-ignore
const RULES: Record<string, Statuses> = {
  //                                                                     officer manager admin supplier otherOrg none
  'GET /health':                                                         [200,    200,    200,  200,     200,     200],
  'GET /health/live':                                                    [200,    200,    200,  200,     200,     200],
  // The console's sign-in: public; development tokens only while no identity provider is configured.
  'GET /auth/config':                                                    [200,    200,    200,  200,     200,     200],
  'POST /auth/dev-token':                                                [200,    200,    200,  200,     200,     200],
  'GET /workflows':                                                      [200,    200,    200,  200,     200,     401],
  'GET /workflows/{id}/versions/{version}':                              [200,    200,    200,  200,     200,     401],
  // Moving running plans: managers (their organisation's plans) and admins.
  'GET /workflows/{id}/migrations':                                      [403,    200,    200,  403,     403,     401],
  'POST /workflows/{id}/migrations/dry-run':                             [403,    200,    200,  403,     403,     401],
  'POST /workflows/{id}/migrations':                                     [403,    200,    200,  403,     403,     401],

  'POST /procurements':                                                  [201,    403,    403,  403,     201,     401],
  'GET /procurements':                                                   [200,    200,    200,  403,     403,     401],
  'GET /procurements/{id}':                                              [200,    200,    200,  403,     404,     401],
  'PATCH /procurements/{id}':                                            [200,    403,    403,  403,     404,     401],
  'POST /procurements/{id}/events':                                      [200,    200,    403,  403,     404,     401],
  'GET /procurements/{id}/history':                                      [200,    200,    200,  403,     404,     401],
  'GET /procurements/{id}/history/verify':                               [200,    200,    200,  403,     404,     401],
  // The plan's team: the owner changes members, managers the owner too (other officers of the organisation: test/plan-team.e2e-spec.ts).
  'GET /procurements/{id}/team':                                         [200,    200,    200,  403,     404,     401],
  'PUT /procurements/{id}/team':                                         [200,    200,    200,  403,     404,     401],
  'GET /organisations/{org}/profile':                                    [200,    200,    200,  403,     403,     401],
  'PUT /organisations/{org}/profile':                                    [403,    200,    200,  403,     403,     401],

  'GET /dialogue/open-plans':                                            [200,    200,    200,  200,     200,     401],
  'GET /procurements/{id}/dialogue':                                     [200,    200,    200,  200,     404,     401],
  'POST /procurements/{id}/dialogue/registrations':                      [403,    403,    403,  201,     403,     401],
  'PATCH /procurements/{id}/dialogue/registration':                      [403,    403,    403,  200,     403,     401],
  'GET /procurements/{id}/dialogue/registrations':                       [200,    403,    403,  200,     404,     401],
  'POST /procurements/{id}/dialogue/rounds':                             [201,    403,    403,  403,     404,     401],
  'GET /procurements/{id}/dialogue/rounds':                              [200,    200,    200,  200,     404,     401],
  'GET /procurements/{id}/dialogue/rounds/{roundId}':                    [200,    200,    200,  200,     404,     401],
  'PATCH /procurements/{id}/dialogue/rounds/{roundId}':                  [200,    403,    403,  403,     404,     401],
  'PUT /procurements/{id}/dialogue/rounds/{roundId}/response':           [403,    403,    403,  200,     403,     401],
  'GET /procurements/{id}/dialogue/rounds/{roundId}/responses':          [200,    403,    403,  200,     404,     401],
  'POST /procurements/{id}/dialogue/rounds/{roundId}/questions':         [403,    403,    403,  201,     403,     401],
  'GET /procurements/{id}/dialogue/rounds/{roundId}/questions':          [200,    403,    403,  200,     404,     401],
  'POST /procurements/{id}/dialogue/rounds/{roundId}/answers':           [201,    403,    403,  403,     404,     401],
  'POST /procurements/{id}/dialogue/rounds/{roundId}/comments':          [403,    403,    403,  201,     403,     401],
  'GET /procurements/{id}/dialogue/rounds/{roundId}/comments':           [200,    403,    403,  200,     404,     401],
  'POST /procurements/{id}/dialogue/rounds/{roundId}/meetings':          [201,    403,    403,  403,     404,     401],
  'GET /procurements/{id}/dialogue/rounds/{roundId}/meetings':           [200,    403,    403,  200,     404,     401],
  'PUT /procurements/{id}/dialogue/rounds/{roundId}/meetings/booking':  [403,    403,    403,  200,     403,     401],
  'DELETE /procurements/{id}/dialogue/rounds/{roundId}/meetings/booking': [403,   403,    403,  200,     403,     401],
  // The officer is admitted and refused by the rule that minutes follow the booked slot's end (the fixture's slot is tomorrow).
  'POST /procurements/{id}/dialogue/rounds/{roundId}/meetings/{meetingId}/minutes': [409, 403, 403, 403,     404,     401],

  'GET /criteria/templates':                                             [200,    200,    200,  200,     200,     401],
  'GET /procurements/{id}/criteria':                                     [200,    200,    200,  403,     404,     401],
  'POST /procurements/{id}/criteria':                                    [201,    403,    403,  403,     404,     401],
  'PUT /procurements/{id}/criteria':                                     [200,    403,    403,  403,     404,     401],
  'PATCH /procurements/{id}/criteria/{criterionId}':                     [200,    403,    403,  403,     404,     401],
  'DELETE /procurements/{id}/criteria/{criterionId}':                    [204,    403,    403,  403,     404,     401],
  'GET /procurements/{id}/life-cycle-cost':                              [200,    200,    200,  403,     404,     401],
  'PUT /procurements/{id}/life-cycle-cost':                              [200,    403,    403,  403,     404,     401],
  'DELETE /procurements/{id}/life-cycle-cost':                           [204,    403,    403,  403,     404,     401],

  'POST /organisations/{org}/strategic-goals':                           [403,    201,    201,  403,     403,     401],
  'GET /organisations/{org}/strategic-goals':                            [200,    200,    200,  403,     403,     401],
  'GET /organisations/{org}/strategic-goals/unserved':                   [200,    200,    200,  403,     403,     401],
  'GET /organisations/{org}/history/verify':                             [403,    200,    200,  403,     403,     401],
  'GET /procurements/{id}/strategic-goals':                              [200,    200,    200,  403,     404,     401],
  'PUT /procurements/{id}/strategic-goals':                              [200,    403,    403,  403,     404,     401],

  'GET /portfolio/summary':                                              [403,    200,    200,  403,     403,     401],
  'GET /portfolio/plans':                                                [403,    200,    200,  403,     403,     401],
  'GET /portfolio/approvals':                                            [403,    200,    200,  403,     403,     401],

  'GET /procurements/{id}/ocds':                                         [200,    200,    200,  403,     404,     401],
  'GET /ocds/releases':                                                  [200,    200,    200,  403,     403,     401],

  // Hilma's statistical questions of the E1 notice: read as the plan, overridden by officers on the team (others: test/hilma-statistics.e2e-spec.ts).
  'GET /procurements/{id}/notices/e1/hilma-statistics':                  [200,    200,    200,  403,     404,     401],
  'PATCH /procurements/{id}/notices/e1/hilma-statistics':                [200,    403,    403,  403,     404,     401],
  // The E1 notice (XML) and its versions: read as the plan; a published notice is public, so suppliers read it too.
  'GET /procurements/{id}/notices/e1':                                   [200,    200,    200,  200,     404,     401],
  'GET /procurements/{id}/notices/e1/versions':                          [200,    200,    200,  200,     404,     401],

  'GET /audit/checkpoint':                                               [403,    403,    200,  403,     403,     401],
  'POST /audit/checkpoint/verify':                                       [403,    403,    200,  403,     403,     401],
  'GET /audit/public-key':                                               [403,    403,    200,  403,     403,     401],

  // Each person's own e-mail settings; suppliers set theirs on each registration.
  'GET /me/notifications':                                               [200,    200,    200,  403,     200,     401],
  'PUT /me/notifications':                                               [200,    200,    200,  403,     200,     401],

  // Another organisation's manager gets 403 (webhook.ownOrganisationOnly), as for its portfolio: test/webhooks.e2e-spec.ts.
  'POST /organisations/{org}/webhooks':                                  [403,    201,    201,  403,     403,     401],
  'GET /organisations/{org}/webhooks':                                   [403,    200,    200,  403,     403,     401],
  'GET /organisations/{org}/webhooks/{id}':                              [403,    200,    200,  403,     403,     401],
  'PATCH /organisations/{org}/webhooks/{id}':                            [403,    200,    200,  403,     403,     401],
  'DELETE /organisations/{org}/webhooks/{id}':                           [403,    204,    204,  403,     403,     401],
  'POST /organisations/{org}/webhooks/{id}/secret':                      [403,    200,    200,  403,     403,     401],
  'GET /organisations/{org}/webhooks/{id}/deliveries':                   [403,    200,    200,  403,     403,     401],
  'POST /organisations/{org}/webhooks/{id}/deliveries/{deliveryId}/redeliver': [403, 202,  202,  403,     403,     401],
};

/** Served by SwaggerModule itself, outside the document it serves: public like health. */
const OUTSIDE_THE_DOCUMENT: Record<string, Statuses> = {
  'GET /docs': [200, 200, 200, 200, 200, 200],
  'GET /docs-json': [200, 200, 200, 200, 200, 200],
};

// ------------------------------------------------------------------ what each route is sent

/** The state a route's request needs. By default it follows from the path (see contextOf). */
type ContextKind = 'none' | 'draft' | 'dialogue' | 'dialogueUnregistered' | 'criteria' | 'webhook';
type RoundName = keyof DialogueFixture['rounds'];

interface Context {
  planId: string | null;
  dialogue?: DialogueFixture;
  criteria?: CriteriaFixture;
  webhook?: WebhookFixture;
}

interface RequestSpec {
  context?: ContextKind;
  /** Which of the dialogue fixture's rounds {roundId} names (rfi when not given). */
  round?: RoundName;
  /** A query string; list routes name the owning organisation, so another organisation's caller is refused. */
  query?: string;
  /** A valid body, so an admitted caller succeeds; refused callers send the same one (the manager's own where it differs). */
  body?: (persona: Persona, c: Context) => object;
}

const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
/** A real checkpoint, taken once the app runs (see beforeAll). */
let checkpointJws = '';
/** Receives the fixture webhooks' deliveries (the app runs with WEBHOOK_ALLOW_PRIVATE=true). */
const receiver = new WebhookReceiver();

const REQUESTS: Partial<Record<keyof typeof RULES, RequestSpec>> = {
  'POST /procurements': { body: () => newPlan() },
  'POST /workflows/{id}/migrations/dry-run': { body: () => ({ from: 1, to: 2 }) },
  'POST /workflows/{id}/migrations': { body: () => ({ from: 1, to: 2 }) },
  'GET /procurements': { query: `organisation=${ESPOO}` },
  'PATCH /procurements/{id}': { body: () => ({ title: 'Refurbished laptops for all schools' }) },
  'PUT /procurements/{id}/team': { body: () => ({ ownerId: people.officer.sub, memberIds: [] }) },
  'PUT /organisations/{org}/profile': { body: () => TEST_PROFILES[ESPOO] },
  'POST /procurements/{id}/events': {
    body: (p) => (p === 'manager' ? { type: 'CANCEL', reason: 'Budget withdrawn.' } : { type: 'RECORD_NEEDS', need: 'Durable laptops for pupils.' }),
  },
  'POST /procurements/{id}/dialogue/registrations': { context: 'dialogueUnregistered', body: () => registrationOf('Aurora Refurb Oy', true) },
  'PATCH /procurements/{id}/dialogue/registration': { body: () => ({ language: 'sv', reminders: false }) },
  'PUT /me/notifications': { body: () => ({ language: 'fi', reminders: false }) },
  'POST /procurements/{id}/dialogue/rounds': {
    body: () => ({
      type: 'oneToOne',
      title: 'Extra meetings',
      description: 'Another meeting round.',
      ...periods(new Date(), { questions: 3, clarifications: 5, closes: 7 }),
    }),
  },
  'PATCH /procurements/{id}/dialogue/rounds/{roundId}': { round: 'draft', body: () => ({ closesAt: inDays(8) }) },
  'PUT /procurements/{id}/dialogue/rounds/{roundId}/response': { body: () => ({ answers: RFI_ANSWERS }) },
  'POST /procurements/{id}/dialogue/rounds/{roundId}/questions': { body: () => ({ question: 'May devices come from several manufacturers?' }) },
  'POST /procurements/{id}/dialogue/rounds/{roundId}/answers': {
    body: (_p, c) => ({ questionIds: [c.dialogue!.question], text: 'Yes: maintenance for the whole contract period.' }),
  },
  'POST /procurements/{id}/dialogue/rounds/{roundId}/comments': {
    round: 'draft',
    body: () => ({ itemId: DRAFT_ITEM.id, comment: 'Please weigh repairability too.' }),
  },
  'GET /procurements/{id}/dialogue/rounds/{roundId}/comments': { round: 'draft' },
  'POST /procurements/{id}/dialogue/rounds/{roundId}/meetings': { round: 'spare', body: () => ({ startsAt: [inDays(2)], durationMinutes: 30 }) },
  'PUT /procurements/{id}/dialogue/rounds/{roundId}/meetings/booking': { round: 'oneToOne', body: (_p, c) => ({ slotId: c.dialogue!.slots.free }) },
  'DELETE /procurements/{id}/dialogue/rounds/{roundId}/meetings/booking': { round: 'oneToOne' },
  'GET /procurements/{id}/dialogue/rounds/{roundId}/meetings': { round: 'oneToOne' },
  'POST /procurements/{id}/dialogue/rounds/{roundId}/meetings/{meetingId}/minutes': {
    round: 'oneToOne',
    body: () => ({ minutes: 'Borealis presented its take-back logistics.' }),
  },
  'POST /procurements/{id}/criteria': { body: () => ({ ...A_CRITERION, title: 'Spare parts' }) },
  'PUT /procurements/{id}/criteria': { body: () => AWARD_CRITERIA },
  'PATCH /procurements/{id}/criteria/{criterionId}': { body: () => ({ title: 'Warranty and repairs' }) },
  'PUT /procurements/{id}/life-cycle-cost': { body: () => LCC_MODEL },
  'POST /organisations/{org}/strategic-goals': { body: () => STRATEGIC_GOAL },
  'PUT /procurements/{id}/strategic-goals': { body: (_p, c) => ({ strategicGoalIds: [c.criteria!.goal] }) },
  'GET /portfolio/summary': { query: `org=${ESPOO}` },
  'GET /portfolio/plans': { query: `org=${ESPOO}` },
  'GET /portfolio/approvals': { query: `org=${ESPOO}` },
  'GET /ocds/releases': { query: `org=${ESPOO}` },
  'POST /audit/checkpoint/verify': { body: () => ({ checkpoint: checkpointJws }) },
  'POST /auth/dev-token': { body: () => ({ role: 'supplier', name: 'Aurora Refurb Oy', businessId: '2345678-0' }) },
  // A type no row announces (a reminder days away), so these webhooks get no deliveries behind the rows' backs.
  'POST /organisations/{org}/webhooks': { body: () => ({ url: receiver.url('/matrix-created'), events: ['approval.waiting'] }) },
  'PATCH /organisations/{org}/webhooks/{id}': { body: () => ({ description: 'Case management' }) },
  'GET /procurements/{id}/notices/e1': { context: 'dialogue' },
  'GET /procurements/{id}/notices/e1/versions': { context: 'dialogue' },
  'PATCH /procurements/{id}/notices/e1/hilma-statistics': {
    body: () => ({ overrides: [{ lotId: 'LOT-0001', question: 'lowCarbon', value: true, reason: 'Zero-emission deliveries are required.' }] }),
  },
};

function contextOf(route: string): ContextKind {
  const given = REQUESTS[route]?.context;
  if (given) return given;
  const path = route.split(' ')[1];
  if (path.startsWith('/procurements/{id}/dialogue')) return 'dialogue';
  if (/^\/procurements\/\{id\}\/(criteria|life-cycle-cost|strategic-goals)/.test(path)) return 'criteria';
  if (path.startsWith('/procurements/{id}')) return 'draft';
  if (path.startsWith('/organisations/{org}/webhooks/{id}')) return 'webhook';
  return 'none';
}

function paramValue(route: string, name: string, c: Context): string {
  const missing = (what: string) => new Error(`${route}: the ${contextOf(route)} context has no ${what} for {${name}}`);
  switch (name) {
    case 'id':
      if (route.includes(' /workflows/')) return 'digigreen-planning';
      if (route.includes('/webhooks/')) {
        if (!c.webhook) throw missing('webhook');
        return c.webhook.webhookId;
      }
      if (!c.planId) throw missing('plan');
      return c.planId;
    case 'version':
      return '1';
    case 'org':
      return ESPOO;
    case 'roundId':
      if (!c.dialogue) throw missing('round');
      return c.dialogue.rounds[REQUESTS[route]?.round ?? 'rfi'];
    case 'meetingId':
      if (!c.dialogue) throw missing('meeting');
      return c.dialogue.meeting;
    case 'criterionId':
      if (!c.criteria) throw missing('criterion');
      return c.criteria.criterion;
    case 'deliveryId':
      if (!c.webhook) throw missing('delivery');
      return c.webhook.deliveryId;
    default:
      throw new Error(`${route}: no value for path parameter {${name}}; add one to paramValue()`);
  }
}

// ------------------------------------------------------------------ the rows

interface Row {
  label: string;
  route: string;
  persona: Persona;
  status: number;
}

const rowsOf = (rules: Record<string, Statuses>): Row[] =>
  Object.entries(rules).flatMap(([route, statuses]) =>
    PERSONAS.map((persona, i) => ({ label: `${route} as ${persona} → ${statuses[i]}`, route, persona, status: statuses[i] })),
  );

const ERROR_CODE = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/;
const REASONS: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

describe('Authorisation matrix: every route × every caller', () => {
  let t: TestApp;
  const tokens = {} as Record<Exclude<Persona, 'none'>, string>;
  let fixtureTokens: Parameters<typeof planInDialogue>[1];
  let webhooks = 0;
  /** Contexts refused callers and readers share: nothing they do may change them. */
  const shared = new Map<ContextKind, Promise<Context>>();

  async function build(kind: ContextKind): Promise<Context> {
    switch (kind) {
      case 'none':
        return { planId: null };
      case 'draft':
        return { planId: await planInNeedsAssessment(t, fixtureTokens) };
      case 'dialogue':
      case 'dialogueUnregistered': {
        const dialogue = await planInDialogue(t, fixtureTokens, { registerSupplier: kind === 'dialogue' });
        return { planId: dialogue.planId, dialogue };
      }
      case 'criteria': {
        const criteria = await planInCriteria(t, fixtureTokens, ESPOO);
        return { planId: criteria.planId, criteria };
      }
      case 'webhook':
        return { planId: null, webhook: await webhookWithDelivery(t, fixtureTokens, ESPOO, receiver, `/matrix-${(webhooks += 1)}`) };
    }
  }

  const sharedContext = (kind: ContextKind) => {
    if (!shared.has(kind)) shared.set(kind, build(kind));
    return shared.get(kind)!;
  };

  function call(route: string, persona: Persona, c: Context, planId = c.planId): Promise<Response> {
    const [method, template] = route.split(' ');
    const spec = REQUESTS[route] ?? {};
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'id' && planId && c.planId ? planId : paramValue(route, name, c)));
    const url = spec.query ? `${path}?${spec.query}` : path;
    const http = t.http();
    const req =
      method === 'GET'
        ? http.get(url)
        : method === 'POST'
          ? http.post(url)
          : method === 'PUT'
            ? http.put(url)
            : method === 'PATCH'
              ? http.patch(url)
              : method === 'DELETE'
                ? http.delete(url)
                : null;
    if (!req) throw new Error(`${route}: method ${method} is not handled by call()`);
    if (persona !== 'none') void req.set('Authorization', `Bearer ${tokens[persona]}`);
    const body = spec.body?.(persona, c);
    return body === undefined ? req : req.send(body);
  }

  function expectErrorBody(res: Response, status: number) {
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(
      expect.objectContaining({
        statusCode: status,
        error: REASONS[status] ?? expect.any(String),
        code: expect.stringMatching(ERROR_CODE),
        message: expect.stringMatching(/\S/),
        params: expect.any(Object),
      }),
    );
    // The status docs/errors.md gives the code is the status answered.
    if (res.body.code !== 'request.refused')
      expect({ code: res.body.code, status: ERROR_CODES[res.body.code as ErrorCode]?.status }).toEqual({ code: res.body.code, status });
    expect(res.headers['content-language']).toBe('en');
  }

  beforeAll(async () => {
    await receiver.start();
    t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    tokens.officer = await t.token(people.officer);
    tokens.manager = await t.token(people.manager);
    tokens.admin = await t.token(people.admin);
    tokens.supplier = await t.token(suppliers.a);
    tokens.otherOrg = await t.token(people.otherOrgOfficer);
    fixtureTokens = { officer: tokens.officer, manager: tokens.manager, supplier: tokens.supplier, otherSupplier: await t.token(suppliers.b) };
    checkpointJws = (await t.http().get('/audit/checkpoint').set('Authorization', `Bearer ${tokens.admin}`).expect(200)).body.checkpoint;
  });

  afterAll(async () => {
    await t?.close({ dropDatabase: true });
    await receiver.stop();
  });

  it('has a rule for every route of the OpenAPI document, and no rule for a route it lacks', async () => {
    const documented = documentedOperations(await fetchOpenApiDocument(t)).map((o) => o.key);
    const ruled = Object.keys(RULES);
    const outside = Object.keys(OUTSIDE_THE_DOCUMENT);
    expect({
      routesWithoutRule: documented.filter((route) => !ruled.includes(route)),
      rulesWithoutRoute: ruled.filter((route) => !documented.includes(route)),
      outsideTheDocumentButListed: outside.filter((route) => documented.includes(route)),
    }).toEqual({ routesWithoutRule: [], rulesWithoutRoute: [], outsideTheDocumentButListed: [] });
  });

  it.each([...rowsOf(RULES), ...rowsOf(OUTSIDE_THE_DOCUMENT)])('$label', async ({ route, persona, status }) => {
    const kind = contextOf(route);
    const admitted = status < 400;
    const writes = !route.startsWith('GET ');
    // An admitted write changes its context, so it gets a fresh one; everyone else shares.
    const c = admitted && writes && kind !== 'none' ? await build(kind) : await sharedContext(kind);
    // What earlier rows committed is handed on and sent now, not in the background while this row is judged.
    await settleOutbound(t);
    const before = admitted ? null : await digestDatabase(t);

    const res = await call(route, persona, c);

    expect({ status: res.status, body: res.status === status ? undefined : res.body }).toEqual({ status, body: undefined });
    if (status >= 400) {
      expectErrorBody(res, status);
      expect(await digestDatabase(t)).toEqual(before);
    }
    if (persona === 'otherOrg' && status === 404) {
      // Another organisation learns nothing: the answer is the one for a plan that does not exist.
      const missing = randomUUID();
      const other = await call(route, persona, c, missing);
      const params = res.body.params?.planId === c.planId ? { ...res.body.params, planId: missing } : res.body.params;
      expect({ status: other.status, body: other.body }).toEqual({
        status: res.status,
        body: { ...res.body, message: String(res.body.message).replace(c.planId!, missing), params },
      });
    }
  });
});
