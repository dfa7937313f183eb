import { randomUUID } from 'node:crypto';
import { ERROR_CODES, type ErrorCode } from '../src/common/error-codes';
import { signDevToken, type TokenClaims } from '../src/common/auth/token.service';
import { createTestApp, type TestApp } from './support/create-test-app';
import { newPlan, people, TAMPERE } from './support/factories';

/**
 * Who a case claims to be: a person from the factories, or one of the broken credentials below.
 * Every case names one so that a missing token is a deliberate choice, never an oversight.
 */
type Auth = keyof typeof people | 'none' | 'notBearer' | 'otherSecret' | 'expired' | 'unknownRole' | 'officerWithoutOrg';

interface BadInputCase {
  name: string;
  method: 'get' | 'post' | 'patch';
  /** `{plan}` stands for the plan every case runs against; it exists only once beforeAll ran. */
  path: string;
  auth: Auth;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent verbatim as application/json (malformed JSON, primitives). */
  body?: unknown;
  status: number;
  /** Extra check on the error body, for cases whose status alone does not prove the right refusal. */
  expectBody?: Record<string, unknown>;
}

const PLAN = '/procurements/{plan}';
const EVENTS = `${PLAN}/events`;
const VALID_NEEDS = { type: 'RECORD_NEEDS', need: 'Durable laptops for pupils.' };
const TWO_MB = 2 * 1024 * 1024;

const createCases: BadInputCase[] = [
  { name: 'malformed JSON', method: 'post', path: '/procurements', auth: 'officer', body: '{"title": "Laptops",', status: 400 },
  { name: 'a JSON array as body', method: 'post', path: '/procurements', auth: 'officer', body: JSON.stringify([newPlan()]), status: 400 },
  { name: 'a JSON string as body', method: 'post', path: '/procurements', auth: 'officer', body: '"a plan"', status: 400 },
  { name: 'a JSON number as body', method: 'post', path: '/procurements', auth: 'officer', body: '42', status: 400 },
  { name: 'JSON null as body', method: 'post', path: '/procurements', auth: 'officer', body: 'null', status: 400 },
  { name: 'no body at all', method: 'post', path: '/procurements', auth: 'officer', status: 400 },
  { name: 'an empty body declared as JSON', method: 'post', path: '/procurements', auth: 'officer', body: '', status: 400 },
  { name: 'an empty object', method: 'post', path: '/procurements', auth: 'officer', body: {}, status: 400 },
  { name: 'title is a number', method: 'post', path: '/procurements', auth: 'officer', body: newPlan({ title: 42 }), status: 400 },
  { name: 'title is blank', method: 'post', path: '/procurements', auth: 'officer', body: newPlan({ title: '   ' }), status: 400 },
  {
    name: 'estimatedValue is a string',
    method: 'post',
    path: '/procurements',
    auth: 'officer',
    body: newPlan({ estimatedValue: '1200000 EUR' }),
    status: 400,
  },
  {
    name: 'amount is a string',
    method: 'post',
    path: '/procurements',
    auth: 'officer',
    body: newPlan({ estimatedValue: { amount: '1200000', currency: 'EUR' } }),
    status: 400,
  },
  {
    name: 'amount is negative',
    method: 'post',
    path: '/procurements',
    auth: 'officer',
    body: newPlan({ estimatedValue: { amount: -5, currency: 'EUR' } }),
    status: 400,
  },
  {
    name: 'amount is 1e20, beyond the DECIMAL(18,2) column',
    method: 'post',
    path: '/procurements',
    auth: 'officer',
    body: newPlan({ estimatedValue: { amount: 1e20, currency: 'EUR' } }),
    status: 400,
  },
  {
    // JSON.parse reads 1e400 as Infinity, a number no JSON encoder would ever write.
    name: 'amount overflows to Infinity',
    method: 'post',
    path: '/procurements',
    auth: 'officer',
    body: JSON.stringify(newPlan()).replace('"amount":1200000', '"amount":1e400'),
    status: 400,
  },
  {
    name: 'amount has three decimals',
    method: 'post',
    path: '/procurements',
    auth: 'officer',
    body: newPlan({ estimatedValue: { amount: 10.123, currency: 'EUR' } }),
    status: 400,
  },
  {
    name: 'currency is not ISO 4217',
    method: 'post',
    path: '/procurements',
    auth: 'officer',
    body: newPlan({ estimatedValue: { amount: 1000, currency: 'EURO' } }),
    status: 400,
  },
  { name: 'cpvCode is not a CPV code', method: 'post', path: '/procurements', auth: 'officer', body: newPlan({ cpvCode: 'abc' }), status: 400 },
  { name: 'workflowVersion is 0', method: 'post', path: '/procurements', auth: 'officer', body: newPlan({ workflowVersion: 0 }), status: 400 },
  { name: 'workflowVersion is a string', method: 'post', path: '/procurements', auth: 'officer', body: newPlan({ workflowVersion: 'x' }), status: 400 },
  { name: 'an unknown top-level field', method: 'post', path: '/procurements', auth: 'officer', body: newPlan({ ownerId: 'someone-else' }), status: 400 },
  {
    name: 'an unknown field inside estimatedValue',
    method: 'post',
    path: '/procurements',
    auth: 'officer',
    body: newPlan({ estimatedValue: { amount: 1000, currency: 'EUR', vat: 24 } }),
    status: 400,
  },
  { name: 'an unknown workflowId', method: 'post', path: '/procurements', auth: 'officer', body: newPlan({ workflowId: 'no-such-workflow' }), status: 400 },
  { name: 'an unknown workflowVersion', method: 'post', path: '/procurements', auth: 'officer', body: newPlan({ workflowVersion: 99 }), status: 400 },
  {
    name: 'a __proto__ key',
    method: 'post',
    path: '/procurements',
    auth: 'officer',
    body: JSON.stringify(newPlan()).replace(/^\{/, '{"__proto__": {"role": "admin"},'),
    status: 400,
  },
  {
    name: 'a constructor.prototype key',
    method: 'post',
    path: '/procurements',
    auth: 'officer',
    body: JSON.stringify(newPlan({ constructor: { prototype: { role: 'admin' } } })),
    status: 400,
  },
  {
    name: 'a 2 MB body',
    method: 'post',
    path: '/procurements',
    auth: 'officer',
    body: newPlan({ description: 'x'.repeat(TWO_MB) }),
    status: 413,
  },
  { name: 'a manager creating a plan', method: 'post', path: '/procurements', auth: 'manager', body: newPlan(), status: 403 },
];

const eventCases: BadInputCase[] = [
  { name: 'event: malformed JSON', method: 'post', path: EVENTS, auth: 'officer', body: '{"type": ', status: 400 },
  { name: 'event: a JSON array as body', method: 'post', path: EVENTS, auth: 'officer', body: '["RECORD_NEEDS"]', status: 400 },
  { name: 'event: a JSON string as body', method: 'post', path: EVENTS, auth: 'officer', body: '"RECORD_NEEDS"', status: 400 },
  { name: 'event: missing type', method: 'post', path: EVENTS, auth: 'officer', body: { need: 'Laptops.' }, status: 400 },
  { name: 'event: type is not a string', method: 'post', path: EVENTS, auth: 'officer', body: { type: 7 }, status: 400 },
  { name: 'event: lowercase type', method: 'post', path: EVENTS, auth: 'officer', body: { type: 'record_needs', need: 'Laptops.' }, status: 400 },
  {
    name: 'event: a type only the small-procurement workflow knows',
    method: 'post',
    path: EVENTS,
    auth: 'officer',
    body: { type: 'COMPLETE_MARKET_ANALYSIS' },
    status: 400,
  },
  { name: 'event: a payload with an unknown field', method: 'post', path: EVENTS, auth: 'officer', body: { ...VALID_NEEDS, budget: 5 }, status: 400 },
  {
    name: 'event: a payload field of the wrong type',
    method: 'post',
    path: EVENTS,
    auth: 'officer',
    body: { type: 'RECORD_MARKET_ANALYSIS', knownSuppliers: 'seven', solutions: ['refurbished'], maturity: 'mature' },
    status: 400,
  },
  { name: 'event: a required text that is blank', method: 'post', path: EVENTS, auth: 'officer', body: { type: 'RECORD_NEEDS', need: '   ' }, status: 400 },
  {
    name: 'event: a payload with a constructor key',
    method: 'post',
    path: EVENTS,
    auth: 'officer',
    body: '{"type":"RECORD_NEEDS","need":"x","constructor":"Object"}',
    status: 400,
  },
  {
    name: 'event: a payload with a __proto__ key',
    method: 'post',
    path: EVENTS,
    auth: 'officer',
    body: '{"type":"RECORD_NEEDS","need":"x","__proto__":{"a":1}}',
    status: 400,
  },
  {
    name: 'event: one the stage does not take',
    method: 'post',
    path: EVENTS,
    auth: 'officer',
    body: { type: 'START_MARKET_DIALOGUE' },
    status: 409,
    expectBody: { stage: 'needsAssessment', unmet: [expect.objectContaining({ id: 'stage.acceptsEvent' })] },
  },
  {
    name: 'event: one whose requirements are unmet',
    method: 'post',
    path: EVENTS,
    auth: 'officer',
    body: { type: 'COMPLETE_NEEDS_ASSESSMENT' },
    status: 409,
    expectBody: { unmet: expect.arrayContaining([expect.objectContaining({ id: expect.any(String), message: expect.any(String) })]) },
  },
  { name: 'event: a stale If-Match', method: 'post', path: EVENTS, auth: 'officer', headers: { 'If-Match': '"1"' }, body: VALID_NEEDS, status: 412 },
  {
    name: 'event: a malformed If-Match',
    method: 'post',
    path: EVENTS,
    auth: 'officer',
    headers: { 'If-Match': 'version-two' },
    body: VALID_NEEDS,
    status: 400,
  },
  {
    name: 'event: a 2 MB payload',
    method: 'post',
    path: EVENTS,
    auth: 'officer',
    body: { ...VALID_NEEDS, need: 'x'.repeat(TWO_MB) },
    status: 413,
  },
  { name: 'event: a manager sending an officer-only event', method: 'post', path: EVENTS, auth: 'manager', body: VALID_NEEDS, status: 403 },
  { name: 'event: an officer sending APPROVE', method: 'post', path: EVENTS, auth: 'officer', body: { type: 'APPROVE' }, status: 403 },
  { name: 'event: a supplier', method: 'post', path: EVENTS, auth: 'supplier', body: VALID_NEEDS, status: 403 },
];

const idCases: BadInputCase[] = [
  { name: 'an unknown plan id', method: 'get', path: `/procurements/${randomUUID()}`, auth: 'officer', status: 404 },
  { name: 'a plan id that is not a UUID', method: 'get', path: '/procurements/not-a-uuid', auth: 'officer', status: 400 },
  { name: 'event: an unknown plan id', method: 'post', path: `/procurements/${randomUUID()}/events`, auth: 'officer', body: VALID_NEEDS, status: 404 },
  { name: 'event: a plan id that is not a UUID', method: 'post', path: '/procurements/123/events', auth: 'officer', body: VALID_NEEDS, status: 400 },
  { name: 'PATCH: an unknown plan id', method: 'patch', path: `/procurements/${randomUUID()}`, auth: 'officer', body: { title: 'New' }, status: 404 },
  { name: 'history: a plan id that is not a UUID', method: 'get', path: '/procurements/x/history', auth: 'officer', status: 400 },
  { name: 'verify: an unknown plan id', method: 'get', path: `/procurements/${randomUUID()}/history/verify`, auth: 'officer', status: 404 },
];

const authCases: BadInputCase[] = [
  { name: 'no token', method: 'get', path: PLAN, auth: 'none', status: 401 },
  { name: 'no token on an event', method: 'post', path: EVENTS, auth: 'none', body: VALID_NEEDS, status: 401 },
  { name: 'an Authorization header that is not Bearer', method: 'get', path: PLAN, auth: 'notBearer', status: 401 },
  { name: 'a token signed with another secret', method: 'post', path: EVENTS, auth: 'otherSecret', body: VALID_NEEDS, status: 401 },
  { name: 'an expired token', method: 'post', path: EVENTS, auth: 'expired', body: VALID_NEEDS, status: 401 },
  { name: 'a token with an unknown role', method: 'get', path: PLAN, auth: 'unknownRole', status: 401 },
  { name: 'an officer token without an organisation', method: 'get', path: PLAN, auth: 'officerWithoutOrg', status: 401 },
  { name: 'a supplier listing plans', method: 'get', path: '/procurements', auth: 'supplier', status: 403 },
  { name: 'a supplier reading the plan', method: 'get', path: PLAN, auth: 'supplier', status: 403 },
  { name: 'a manager editing the plan', method: 'patch', path: PLAN, auth: 'manager', body: { title: 'Renamed' }, status: 403 },
];

const otherOrgCases: BadInputCase[] = [
  { name: "another organisation's officer reading the plan", method: 'get', path: PLAN, auth: 'otherOrgOfficer', status: 404 },
  { name: "another organisation's officer sending an event", method: 'post', path: EVENTS, auth: 'otherOrgOfficer', body: VALID_NEEDS, status: 404 },
  {
    name: "another organisation's manager cancelling",
    method: 'post',
    path: EVENTS,
    auth: 'otherOrgManager',
    body: { type: 'CANCEL', reason: 'Not ours.' },
    status: 404,
  },
  { name: "another organisation's officer editing the plan", method: 'patch', path: PLAN, auth: 'otherOrgOfficer', body: { title: 'Renamed' }, status: 404 },
  { name: "another organisation's officer reading the history", method: 'get', path: `${PLAN}/history`, auth: 'otherOrgOfficer', status: 404 },
  { name: "another organisation's officer verifying the history", method: 'get', path: `${PLAN}/history/verify`, auth: 'otherOrgOfficer', status: 404 },
  { name: "listing another organisation's plans", method: 'get', path: `/procurements?organisation=${TAMPERE}`, auth: 'officer', status: 403 },
];

const queryAndPatchCases: BadInputCase[] = [
  { name: 'list: limit=0', method: 'get', path: '/procurements?limit=0', auth: 'officer', status: 400 },
  { name: 'list: limit=1000', method: 'get', path: '/procurements?limit=1000', auth: 'officer', status: 400 },
  { name: 'list: limit=ten', method: 'get', path: '/procurements?limit=ten', auth: 'officer', status: 400 },
  { name: 'list: sort=bogus', method: 'get', path: '/procurements?sort=bogus', auth: 'officer', status: 400 },
  { name: 'list: order=sideways', method: 'get', path: '/procurements?order=sideways', auth: 'officer', status: 400 },
  { name: 'list: cursor=garbage', method: 'get', path: '/procurements?cursor=garbage', auth: 'officer', status: 400 },
  { name: 'list: an unknown query parameter', method: 'get', path: '/procurements?colour=green', auth: 'officer', status: 400 },
  { name: 'history: limit=0', method: 'get', path: `${PLAN}/history?limit=0`, auth: 'officer', status: 400 },
  { name: 'history: cursor=garbage', method: 'get', path: `${PLAN}/history?cursor=garbage`, auth: 'officer', status: 400 },
  { name: 'PATCH: an empty object', method: 'patch', path: PLAN, auth: 'officer', body: {}, status: 400 },
  { name: 'PATCH: title is a number', method: 'patch', path: PLAN, auth: 'officer', body: { title: 7 }, status: 400 },
  { name: 'PATCH: estimatedValue is null', method: 'patch', path: PLAN, auth: 'officer', body: { estimatedValue: null }, status: 400 },
  { name: 'PATCH: title is null', method: 'patch', path: PLAN, auth: 'officer', body: { title: null }, status: 400 },
  { name: 'PATCH: an unknown field', method: 'patch', path: PLAN, auth: 'officer', body: { stage: 'readyForTender' }, status: 400 },
  {
    name: 'PATCH: an unknown field inside estimatedValue',
    method: 'patch',
    path: PLAN,
    auth: 'officer',
    body: { estimatedValue: { amount: 10, currency: 'EUR', vat: 24 } },
    status: 400,
  },
  { name: 'PATCH: malformed JSON', method: 'patch', path: PLAN, auth: 'officer', body: '{"title"', status: 400 },
  { name: 'PATCH: a stale If-Match', method: 'patch', path: PLAN, auth: 'officer', headers: { 'If-Match': '"1"' }, body: { title: 'Renamed' }, status: 412 },
  { name: 'workflow: an unknown id', method: 'get', path: '/workflows/no-such-workflow/versions/1', auth: 'officer', status: 404 },
  { name: 'workflow: an unknown version', method: 'get', path: '/workflows/digigreen-planning/versions/99', auth: 'officer', status: 404 },
  { name: 'workflow: a version that is not an integer', method: 'get', path: '/workflows/digigreen-planning/versions/x', auth: 'officer', status: 400 },
];

/** A cursor as the server encodes them, for positions it never hands out. */
const cursorOf = (position: Record<string, unknown>) => Buffer.from(JSON.stringify(position)).toString('base64url');

/** Hostile input that class-validator alone would let through, refused before any handler runs. */
const hostileCases: BadInputCase[] = [
  {
    name: 'a top-level constructor key',
    method: 'post',
    path: '/procurements',
    auth: 'officer',
    body: JSON.stringify(newPlan({ constructor: 'Object' })),
    status: 400,
  },
  {
    name: 'a top-level prototype key',
    method: 'post',
    path: '/procurements',
    auth: 'officer',
    body: JSON.stringify(newPlan({ prototype: { role: 'admin' } })),
    status: 400,
  },
  {
    name: 'a constructor key inside estimatedValue',
    method: 'post',
    path: '/procurements',
    auth: 'officer',
    body: JSON.stringify(newPlan({ estimatedValue: { amount: 1000, currency: 'EUR', constructor: 'Object' } })),
    status: 400,
  },
  { name: 'a NUL character in the title', method: 'post', path: '/procurements', auth: 'officer', body: newPlan({ title: 'Lap\u0000tops' }), status: 400 },
  { name: 'list: a NUL character in stage', method: 'get', path: '/procurements?stage=draft%00', auth: 'officer', status: 400 },
  { name: 'list: a NUL character in owner', method: 'get', path: '/procurements?owner=%00', auth: 'officer', status: 400 },
  {
    name: 'list: a cursor dated before the year -100000',
    method: 'get',
    path: `/procurements?cursor=${cursorOf({ s: 'createdAt', o: 'desc', at: '-100000-01-01T00:00:00.000Z', id: 'x' })}`,
    auth: 'officer',
    status: 400,
  },
  {
    name: 'list: a cursor whose id holds a NUL character',
    method: 'get',
    path: `/procurements?cursor=${cursorOf({ s: 'createdAt', o: 'desc', at: '2027-01-01T00:00:00.000Z', id: '\u0000' })}`,
    auth: 'officer',
    status: 400,
  },
  { name: 'history: a cursor seq of 2^40', method: 'get', path: `${PLAN}/history?cursor=${cursorOf({ seq: 2 ** 40 })}`, auth: 'officer', status: 400 },
  { name: 'history: a cursor seq of 1e300', method: 'get', path: `${PLAN}/history?cursor=${cursorOf({ seq: 1e300 })}`, auth: 'officer', status: 400 },
];

const cases: BadInputCase[] = [...createCases, ...eventCases, ...idCases, ...authCases, ...otherOrgCases, ...queryAndPatchCases];

describe('Bad input never gives a 500', () => {
  let t: TestApp;
  let planId: string;
  const authorization: Partial<Record<Auth, string>> = {};
  let before: { plan: unknown; events: unknown; planCount: unknown };

  async function snapshot() {
    const p = t.database.driver === 'postgres' ? '$1' : '?';
    return {
      plan: await t.dataSource.query(`SELECT * FROM procurement_plans WHERE id = ${p}`, [planId]),
      events: await t.dataSource.query(`SELECT * FROM audit_events WHERE plan_id = ${p} ORDER BY seq`, [planId]),
      // A bad create that slipped through would add a row rather than change this one.
      planCount: await t.dataSource.query('SELECT COUNT(*) AS n FROM procurement_plans'),
    };
  }

  beforeAll(async () => {
    t = await createTestApp();
    for (const [key, claims] of Object.entries(people)) authorization[key as Auth] = `Bearer ${await t.token(claims)}`;
    authorization.notBearer = `Token ${await t.token(people.officer)}`;
    const otherSecret = new TextEncoder().encode('a-different-secret-that-is-also-long-enough-0123456789');
    authorization.otherSecret = `Bearer ${await signDevToken(otherSecret, people.officer, '1h', t.env)}`;
    // A number is taken as the absolute `exp`: a minute ago, well past the verifier's 5 s tolerance.
    authorization.expired = `Bearer ${await t.token(people.officer, Math.floor(Date.now() / 1000) - 60)}`;
    authorization.unknownRole = `Bearer ${await t.token({ ...people.officer, role: 'superuser' } as unknown as TokenClaims)}`;
    authorization.officerWithoutOrg = `Bearer ${await t.token({ sub: 'officer-orphan', name: 'Orphan', role: 'officer' })}`;

    const created = await t.http().post('/procurements').set('Authorization', authorization.officer!).send(newPlan()).expect(201);
    planId = created.body.id;
    // In needsAssessment the event cases meet a stage with real events to refuse or accept.
    await t.http().post(`/procurements/${planId}/events`).set('Authorization', authorization.officer!).send({ type: 'START_NEEDS_ASSESSMENT' }).expect(200);
    before = await snapshot();
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  it('starts from a plan in needsAssessment at version 2', () => {
    expect(before.plan).toEqual([expect.objectContaining({ id: planId, stage: 'needsAssessment', version: 2 })]);
    expect(before.events).toHaveLength(2);
  });

  async function expectRefused(c: BadInputCase): Promise<void> {
    const path = c.path.replace('{plan}', planId);
    let req = t.http()[c.method](path);
    if (c.auth !== 'none') req = req.set('Authorization', authorization[c.auth]!);
    for (const [name, value] of Object.entries(c.headers ?? {})) req = req.set(name, value);
    if (typeof c.body === 'string') req = req.set('Content-Type', 'application/json').send(c.body);
    else if (c.body !== undefined) req = req.send(c.body as object);
    const res = await req;

    // Status and body together, so a failure shows what the server said instead of just a number.
    expect({ status: res.status, body: res.body }).toEqual({ status: c.status, body: expect.anything() });
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect(res.body).toEqual(
      expect.objectContaining({
        statusCode: c.status,
        error: expect.any(String),
        code: expect.stringMatching(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/),
        message: expect.stringMatching(/\S/),
        params: expect.any(Object),
      }),
    );
    if (res.body.code !== 'request.refused')
      expect({ code: res.body.code, status: ERROR_CODES[res.body.code as ErrorCode]?.status }).toEqual({ code: res.body.code, status: c.status });
    expect(res.headers['content-language']).toBe('en');
    if (c.expectBody) expect(res.body).toMatchObject(c.expectBody);
  }

  it.each([...cases, ...hostileCases])('$name → $status', async (c) => {
    await expectRefused(c);
  });

  it("leaves the plan's row and history exactly as they were, with the chain intact", async () => {
    expect(await snapshot()).toEqual(before);
    const verify = await t.http().get(`/procurements/${planId}/history/verify`).set('Authorization', authorization.officer!).expect(200);
    expect(verify.body).toMatchObject({ intact: true, events: 2 });
  });
});
