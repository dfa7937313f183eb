import { HttpException, HttpStatus } from '@nestjs/common';
import { databaseFault, databaseUnavailable } from '../database/database-faults';
import { DomainError } from './errors';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
  [extra: string]: unknown;
}

function reasonPhrase(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

function body(statusCode: number, message: string, details?: unknown, extra: Record<string, unknown> = {}): ErrorBody {
  return { statusCode, error: reasonPhrase(statusCode), message, ...(details === undefined ? {} : { details }), ...extra };
}

/** Status codes Fastify itself raises for requests it cannot parse. */
function clientErrorStatus(exception: unknown): number | undefined {
  const status = (exception as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * A 503 raised as an HttpException (terminus's failed health check): keeps terminus's JSON
 * (`status`, `info`, `details`) beside the stable fields, and names what is down.
 */
function unavailableBody(exception: HttpException): ErrorBody {
  const response = exception.getResponse();
  if (typeof response !== 'object' || response === null) return body(503, 'Service unavailable');
  const { error: down, ...rest } = response as { error?: unknown; [key: string]: unknown };
  const names = down && typeof down === 'object' ? Object.keys(down) : [];
  const message = names.length > 0 ? `Not ready: ${names.join(', ')} down.` : 'Service unavailable';
  return { ...rest, ...body(503, message) };
}

/**
 * The single mapping from anything thrown to the JSON answer: domain errors and client errors
 * keep their status and message; a database that is unreachable or locked is a 503 with
 * `retryAfterSeconds` (the filter sends it as Retry-After); anything else is a bare 500 that
 * reveals nothing.
 */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    return body(exception.status, exception.message, exception.details, exception.extraBody());
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 503) return unavailableBody(exception);
    if (status >= 500) return body(500, 'Internal server error');
    const response = exception.getResponse();
    if (typeof response === 'string') return body(status, response);
    const raw = (response as { message?: unknown }).message;
    if (Array.isArray(raw)) return body(status, raw.join('; '), raw);
    return body(status, typeof raw === 'string' ? raw : exception.message);
  }
  const status = clientErrorStatus(exception);
  if (status !== undefined) return body(status, (exception as Error).message || reasonPhrase(status));
  const fault = databaseFault(exception);
  if (fault) return toErrorBody(databaseUnavailable(fault, exception));
  return body(500, 'Internal server error');
}
