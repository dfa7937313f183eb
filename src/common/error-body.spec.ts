import {
  BadRequestException,
  HttpException,
  MethodNotAllowedException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { ConflictError, InvalidTransitionError, NotFoundError, ServiceUnavailableError, ValidationError } from './errors';
import { toErrorBody } from './error-body';

describe(toErrorBody.name, () => {
  it('keeps a domain error status and gives its code, params and message', () => {
    expect(toErrorBody(new NotFoundError('plan.notFound', { planId: 'x' }))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'plan.notFound',
      message: 'Procurement plan x does not exist.',
      params: { planId: 'x' },
    });
    expect(toErrorBody(new ConflictError('plan.concurrentChange'))).toMatchObject({
      statusCode: 409,
      error: 'Conflict',
      code: 'plan.concurrentChange',
      params: {},
    });
  });

  it('renders the message in the language asked for', () => {
    const error = new NotFoundError('plan.notFound', { planId: 'x' });
    expect(toErrorBody(error, 'fi').message).toBe('Hankintasuunnitelmaa x ei ole.');
    expect(toErrorBody(error, 'sv').message).toBe('Upphandlingsplanen x finns inte.');
    expect(error.message).toBe('Procurement plan x does not exist.');
  });

  it('adds stage, event and unmet requirements to a refused transition', () => {
    const body = toErrorBody(new InvalidTransitionError('draft', 'APPROVE', [{ id: 'a.b', message: 'A holds.' }]));
    expect(body).toMatchObject({ statusCode: 409, code: 'transition.refused', stage: 'draft', event: 'APPROVE', unmet: [{ id: 'a.b', message: 'A holds.' }] });
    expect(body.message).toContain('A holds.');
  });

  it('renders unmet requirements through the localiser it is given, in the language asked for', () => {
    const refusal = new InvalidTransitionError('draft', 'APPROVE', [{ id: 'a.b', message: 'A holds.' }], (unmet, language) =>
      unmet.map((u) => ({ id: u.id, message: `${language}: ${u.message}` })),
    );
    expect(toErrorBody(refusal, 'sv')).toMatchObject({
      code: 'transition.refused',
      message: 'Händelsen APPROVE avvisas i skedet draft. Krav som inte är uppfyllda: sv: A holds.',
      params: { event: 'APPROVE', stage: 'draft', reasons: 'sv: A holds.' },
      unmet: [{ id: 'a.b', message: 'sv: A holds.' }],
    });
    expect(refusal.message).toBe('APPROVE is refused in stage draft. Unmet requirements: en: A holds.');
  });

  it('names each field once with the code of its rule', () => {
    const error = new ValidationError([
      { field: 'title', rule: 'validation.required' },
      { field: 'title2', rule: 'validation.maxLength', params: { max: 200 } },
    ]);
    expect(toErrorBody(error)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'validation.failed',
      message: 'Invalid request: title is required; title2 must be at most 200 characters long',
      params: { problems: 'title is required; title2 must be at most 200 characters long' },
      details: [
        { field: 'title', code: 'validation.required', params: { field: 'title' }, message: 'title is required' },
        { field: 'title2', code: 'validation.maxLength', params: { field: 'title2', max: 200 }, message: 'title2 must be at most 200 characters long' },
      ],
    });
  });

  it('gives client errors raised by the HTTP layer codes of their own', () => {
    expect(toErrorBody(new PayloadTooLargeException())).toMatchObject({ statusCode: 413, error: 'Payload Too Large', code: 'request.tooLarge' });
    expect(toErrorBody(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'request.malformedJson',
      message: 'The body is not valid JSON.',
      params: {},
    });
    const fastify = Object.assign(new Error("Body is not valid JSON but content-type is set to 'application/json'"), {
      statusCode: 400,
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
    });
    expect(toErrorBody(new HttpException(fastify.message, 400, { cause: fastify }), 'fi')).toMatchObject({
      code: 'request.malformedJson',
      message: 'Pyynnön runko ei ole kelvollista JSONia.',
    });
    expect(toErrorBody(new NotFoundException('Cannot GET /nowhere'))).toMatchObject({
      statusCode: 404,
      code: 'route.notFound',
      params: { method: 'GET', path: '/nowhere' },
    });
    expect(toErrorBody(new BadRequestException('Validation failed (uuid is expected)'))).toMatchObject({ statusCode: 400, code: 'request.invalidUuid' });
    expect(toErrorBody(new MethodNotAllowedException())).toMatchObject({ statusCode: 405, code: 'request.refused', params: { status: 405 } });
  });

  it('reveals nothing of unknown errors or server-side HTTP errors', () => {
    const bare = { statusCode: 500, error: 'Internal Server Error', code: 'internal', message: 'Internal server error', params: {} };
    const leaky = new Error('connect ECONNREFUSED 10.0.0.5:5432 password=secret');
    expect(toErrorBody(leaky)).toEqual(bare);
    expect(toErrorBody(new HttpException('db down at 10.0.0.5', 500))).toEqual(bare);
    expect(toErrorBody(new HttpException('db down at 10.0.0.5', 503))).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'service.unavailable',
      message: 'Service unavailable',
      params: {},
    });
    expect(toErrorBody('a string')).toMatchObject({ statusCode: 500, code: 'internal' });
  });

  it('answers a database that is unavailable with 503, retryAfterSeconds and the database named', () => {
    expect(toErrorBody(new ServiceUnavailableError('database.unreachable', 2, 'database', 'unreachable'))).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'database.unreachable',
      message: 'The database does not answer right now; retry in 2 s.',
      params: { seconds: 2 },
      database: { status: 'down', reason: 'unreachable' },
      retryAfterSeconds: 2,
    });
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' }), 'unreachable'],
    ['a refused connection to both addresses of localhost', new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], ''), 'unreachable'],
    ['a terminated connection', new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')), 'unreachable'],
    [
      'pg_terminate_backend',
      new QueryFailedError('SELECT 1', [], Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })),
      'unreachable',
    ],
    ['a server starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03' }), 'unreachable'],
    ['a connection exception', Object.assign(new Error('connection failure'), { code: '08006' }), 'unreachable'],
    ['a released query runner', new QueryRunnerAlreadyReleasedError(), 'unreachable'],
    ['a query on a released runner', new QueryRunnerProviderAlreadyReleasedError(), 'unreachable'],
    ['an exhausted pool', new Error('timeout exceeded when trying to connect'), 'unreachable'],
    ['a locked SQLite file', new QueryFailedError('UPDATE t', [], Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })), 'locked'],
  ])('classifies %s as a 503 that reveals nothing of the driver', (_, err, reason) => {
    const body = toErrorBody(err);
    expect(body).toMatchObject({ statusCode: 503, database: { status: 'down', reason }, retryAfterSeconds: expect.any(Number) });
    expect(JSON.stringify(body)).not.toMatch(/10\.0\.0\.5|terminat|SELECT|UPDATE/);
  });

  it('keeps a SQL error that is not about availability a bare 500', () => {
    const syntax = new QueryFailedError('SELEC 1', [], Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' }));
    expect(toErrorBody(syntax)).toEqual({ statusCode: 500, error: 'Internal Server Error', code: 'internal', message: 'Internal server error', params: {} });
  });

  it("keeps terminus's failed readiness check a 503 with its JSON", () => {
    const down = { database: { status: 'down', message: 'The database does not answer.' } };
    const body = toErrorBody(new ServiceUnavailableException({ status: 'error', info: {}, error: down, details: down }));
    expect(body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'health.notReady',
      message: 'Not ready: database down.',
      params: { dependencies: 'database' },
      status: 'error',
      info: {},
      details: down,
    });
  });
});
