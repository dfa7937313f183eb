import { BadRequestException, HttpException, PayloadTooLargeException, ServiceUnavailableException } from '@nestjs/common';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { ConflictError, InvalidTransitionError, NotFoundError, ServiceUnavailableError } from './errors';
import { toErrorBody } from './error-body';

describe(toErrorBody.name, () => {
  it('keeps a domain error status and message', () => {
    expect(toErrorBody(new NotFoundError('Plan x does not exist.'))).toEqual({ statusCode: 404, error: 'Not Found', message: 'Plan x does not exist.' });
    expect(toErrorBody(new ConflictError('Raced.'))).toEqual({ statusCode: 409, error: 'Conflict', message: 'Raced.' });
  });

  it('adds stage, event and unmet requirements to a refused transition', () => {
    const body = toErrorBody(new InvalidTransitionError('draft', 'APPROVE', [{ id: 'a.b', message: 'A holds.' }]));
    expect(body).toMatchObject({ statusCode: 409, stage: 'draft', event: 'APPROVE', unmet: [{ id: 'a.b', message: 'A holds.' }] });
    expect(body.message).toContain('A holds.');
  });

  it('joins validation messages and lists them as details', () => {
    const body = toErrorBody(new BadRequestException({ message: ['title must be a string', 'cpvCode is invalid'] }));
    expect(body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'title must be a string; cpvCode is invalid',
      details: ['title must be a string', 'cpvCode is invalid'],
    });
  });

  it('keeps client errors raised by the HTTP layer', () => {
    expect(toErrorBody(new PayloadTooLargeException())).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    expect(toErrorBody(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 }))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Body is not valid JSON',
    });
  });

  it('reveals nothing of unknown errors or server-side HTTP errors', () => {
    const leaky = new Error('connect ECONNREFUSED 10.0.0.5:5432 password=secret');
    expect(toErrorBody(leaky)).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
    expect(toErrorBody(new HttpException('db down at 10.0.0.5', 500))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
    expect(toErrorBody(new HttpException('db down at 10.0.0.5', 503))).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'Service unavailable' });
    expect(toErrorBody('a string')).toMatchObject({ statusCode: 500 });
  });

  it('answers a database that is unavailable with 503, retryAfterSeconds and the database named', () => {
    expect(toErrorBody(new ServiceUnavailableError('The database does not answer.', 2, 'database', 'unreachable'))).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'The database does not answer.',
      database: { status: 'down', reason: 'unreachable' },
      retryAfterSeconds: 2,
    });
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' }), 'unreachable'],
    ['a refused connection to both addresses of localhost', new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], ''), 'unreachable'],
    ['a terminated connection', new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')), 'unreachable'],
    ['pg_terminate_backend', new QueryFailedError('SELECT 1', [], Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })), 'unreachable'],
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
    expect(toErrorBody(syntax)).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
  });

  it("keeps terminus's failed readiness check a 503 with its JSON", () => {
    const down = { database: { status: 'down', message: 'The database does not answer.' } };
    const body = toErrorBody(new ServiceUnavailableException({ status: 'error', info: {}, error: down, details: down }));
    expect(body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'Not ready: database down.', status: 'error', info: {}, details: down });
  });
});
