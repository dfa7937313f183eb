import { randomUUID } from 'node:crypto';
import { compileErrors, validate } from '@readme/openapi-parser';
import { WorkflowRegistry } from '../workflows/registry';
import { createTestApp, type TestApp } from './support/create-test-app';
import { ResponseValidator, responseSchema } from './support/openapi-responses';
import { documentedOperations, fetchOpenApiDocument, type JsonSchema, type OpenApiDocument } from './support/routes';

const ERROR_BODY = '#/components/schemas/ErrorBody';

describe('The OpenAPI document is the contract', () => {
  let t: TestApp;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    t = await createTestApp();
    doc = await fetchOpenApiDocument(t);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  const schema = (name: string): JsonSchema => {
    const found = doc.components?.schemas?.[name];
    if (!found) throw new Error(`No component ${name}`);
    return found;
  };

  it('is a valid OpenAPI 3 document whose references all resolve', async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
    expect(result.specification).toBe('OpenAPI');
    expect((doc as { openapi?: string }).openapi).toMatch(/^3\./);
  });

  it('declares a success response with a JSON schema for every operation (none for a 204; a document of its own media type, the E1 notice as XML, with its schema)', () => {
    const missing = documentedOperations(doc).flatMap((op) => {
      const statuses = Object.keys(op.operation.responses ?? {}).filter((s) => /^2\d\d$/.test(s));
      if (statuses.length === 0) return [`${op.key}: no success response`];
      const otherMediaType = (s: string) =>
        Object.entries(op.operation.responses?.[s]?.content ?? {}).some(([type, media]) => type !== 'application/json' && media.schema);
      return statuses.filter((s) => s !== '204' && !responseSchema(op, Number(s)) && !otherMediaType(s)).map((s) => `${op.key}: ${s} without a JSON schema`);
    });
    expect(missing).toEqual([]);
  });

  it('declares its error responses with the one ErrorBody schema, and 401 wherever a token is needed', () => {
    const problems = documentedOperations(doc).flatMap((op) => {
      const errors = Object.keys(op.operation.responses ?? {}).filter((s) => /^[45]\d\d$/.test(s));
      const secured = (op.operation.security ?? []).length > 0;
      if (secured && !errors.includes('401')) return [`${op.key}: needs a token but declares no 401`];
      return errors.filter((s) => responseSchema(op, Number(s))?.$ref !== ERROR_BODY).map((s) => `${op.key}: ${s} is not an ErrorBody`);
    });
    expect(problems).toEqual([]);
    expect(schema('ErrorBody')).toMatchObject({ required: expect.arrayContaining(['statusCode', 'error', 'code', 'message', 'params']) });
    expect(Object.keys(schema('ErrorBody').properties ?? {})).toEqual(
      expect.arrayContaining(['code', 'params', 'unmet', 'stage', 'event', 'retryAfterSeconds', 'database']),
    );
  });

  it('declares the event body as a oneOf, by type, of every event a client may send in any workflow version, with its payload schema', () => {
    const op = documentedOperations(doc).find((o) => o.key === 'POST /procurements/{id}/events');
    const body = op?.operation.requestBody?.content?.['application/json']?.schema;
    expect(body).toEqual({ $ref: '#/components/schemas/WorkflowEvent' });
    const events = schema('WorkflowEvent') as JsonSchema & { discriminator?: { propertyName: string; mapping: Record<string, string> } };
    expect(events.discriminator?.propertyName).toBe('type');
    const mapping = events.discriminator?.mapping ?? {};
    expect(events.oneOf?.map((s) => s.$ref).sort()).toEqual(Object.values(mapping).sort());

    const variantsOf = (type: string): JsonSchema[] => {
      const declared = schema(mapping[type].replace('#/components/schemas/', '')) as JsonSchema & { anyOf?: JsonSchema[] };
      return declared.anyOf ?? [declared];
    };
    const sendable = new WorkflowRegistry().list().flatMap((def) =>
      Object.values(def.events)
        .filter((e) => !e.internal)
        .map((e) => ({ def, e })),
    );
    expect(Object.keys(mapping).sort()).toEqual([...new Set(sendable.map(({ e }) => e.type))].sort());
    for (const { def, e } of sendable) {
      const matching = variantsOf(e.type).filter(
        (v) =>
          JSON.stringify(v.properties) === JSON.stringify({ type: { type: 'string', enum: [e.type] }, ...e.payload.properties }) &&
          JSON.stringify(v.required) === JSON.stringify(['type', ...(e.payload.required ?? [])]),
      );
      expect({ event: `${def.id}@${def.version} ${e.type}`, matching: matching.length }).toEqual({ event: `${def.id}@${def.version} ${e.type}`, matching: 1 });
    }
  });

  it('types an RFI answer value as what questions take: a string, a number, a boolean or options', () => {
    for (const name of ['AnswerDto', 'ResponseVersion']) {
      const answer = name === 'AnswerDto' ? schema(name) : schema(name).properties?.answers?.items;
      expect({ name, value: answer?.properties?.value }).toMatchObject({
        name,
        value: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }] },
      });
      expect(answer?.properties?.value?.type).toBeUndefined();
    }
  });

  it('declares the health probes without a token: terminus’s result, and the error body when the database is down', () => {
    const health = documentedOperations(doc).find((o) => o.key === 'GET /health');
    expect(health?.operation.security ?? []).toEqual([]);
    expect(responseSchema(health!, 200)).toEqual({ $ref: '#/components/schemas/Health' });
    expect(responseSchema(health!, 503)).toEqual({ $ref: ERROR_BODY });
  });

  it('has a response validator in the e2e support that refuses a body, a status or an error its operation does not declare', async () => {
    const validator = new ResponseValidator(doc);
    const json = { 'content-type': 'application/json; charset=utf-8' };
    const officer = await t.token({ sub: 'officer-olli', name: 'Olli Officer', role: 'officer', org: 'city-of-espoo' });
    const created = await t
      .http()
      .post('/procurements')
      .set('Authorization', `Bearer ${officer}`)
      .send({
        title: 'Refurbished laptops for schools',
        description: 'Laptops for pupils.',
        cpvCode: '30213100-6',
        estimatedValue: { amount: 120000, currency: 'EUR' },
        workflowId: 'digigreen-planning',
      });
    expect(created.status).toBe(201);
    const path = `/procurements/${created.body.id}`;
    const plan = (await t.http().get(path).set('Authorization', `Bearer ${officer}`).expect(200)).body as Record<string, unknown>;

    expect(() => validator.check('GET', path, { status: 200, body: plan, headers: json })).not.toThrow();
    expect(() => validator.check('GET', `${path}?x=1`, { status: 200, body: { ...plan, version: '2' }, headers: json })).toThrow(
      /GET \/procurements\/\{id\} answered 200 with a body its OpenAPI schema refuses:\n {2}\/version must be integer/,
    );
    const { transitions: _dropped, ...withoutTransitions } = plan;
    expect(() => validator.check('GET', path, { status: 200, body: withoutTransitions, headers: json })).toThrow(/must have required property 'transitions'/);
    expect(() => validator.check('GET', path, { status: 200, body: { ...plan, secret: 'x' }, headers: json })).toThrow(
      /must NOT have additional properties \{"additionalProperty":"secret"\}/,
    );
    expect(() => validator.check('GET', path, { status: 200, body: { ...plan, owner: { id: 'a', name: 'b', email: 'c' } }, headers: json })).toThrow(
      /\/owner must NOT have additional properties/,
    );
    expect(() => validator.check('GET', path, { status: 202, body: plan, headers: json })).toThrow(/answered 202, which the OpenAPI document does not declare/);
    expect(() => validator.check('GET', '/procurements', { status: 200, body: { items: [plan], nextCursor: 7 }, headers: json })).toThrow(
      /nextCursor must be string/,
    );

    const error = { statusCode: 404, error: 'Not Found', message: 'No such plan.' };
    expect((await t.http().get(`/procurements/${randomUUID()}`).set('Authorization', `Bearer ${officer}`).expect(404)).body).toMatchObject({
      ...error,
      message: expect.any(String),
      code: expect.any(String),
      params: expect.any(Object),
    });
    expect(() => validator.check('GET', path, { status: 404, body: { ...error, code: 'plan.notFound', params: { id: 'x' } }, headers: json })).not.toThrow();
    expect(() => validator.check('GET', path, { status: 404, body: { ...error, code: 'plan.notFound', params: 'x' }, headers: json })).toThrow(
      /\/params must be object/,
    );
    expect(() => validator.check('GET', path, { status: 404, body: { ...error, code: 'Plan Not Found' }, headers: json })).toThrow(/\/code must match pattern/);
    expect(() => validator.check('GET', path, { status: 422, body: { ...error, statusCode: 422, code: 'plan.invalid' }, headers: json })).toThrow(
      /answered 422 \(plan.invalid\), which the OpenAPI document does not declare/,
    );
    expect(() => validator.check('GET', path, { status: 404, body: error, headers: json })).toThrow(/must have required property 'code'/);
    const xml = { 'content-type': 'application/xml; charset=utf-8' };
    expect(() => validator.check('GET', `${path}/notices/e1`, { status: 200, body: {}, headers: xml })).not.toThrow();
    expect(() => validator.check('GET', path, { status: 200, body: {}, headers: xml })).toThrow(/declares no JSON schema for 200, or answered other than JSON/);
  });
});
