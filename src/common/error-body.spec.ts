import { BadRequestException, HttpException, PayloadTooLargeException } from '@nestjs/common';
import { ConflictError, InvalidTransitionError, NotFoundError } from './errors';
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
    expect(toErrorBody(new HttpException('db down at 10.0.0.5', 503))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
    expect(toErrorBody('a string')).toMatchObject({ statusCode: 500 });
  });
});
