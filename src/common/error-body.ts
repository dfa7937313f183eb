import { HttpException, HttpStatus } from '@nestjs/common';
import { databaseFault, databaseUnavailable } from '../database/database-faults';
import { translate } from '../i18n/catalogue';
import type { MessageParams } from '../i18n/format';
import type { Language } from '../i18n/language';
import type { ErrorCode } from './error-codes';
import { BadRequestError, DomainError, HttpClientError, InternalError, NotFoundError } from './errors';
import { extended } from './extended';

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: ErrorCode;
  message: string;
  params: MessageParams;
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

/** The 413 and 415 of Fastify and Nest: codes of their own, whichever layer raised them. */
class PayloadError extends DomainError {
  constructor(readonly status: 413 | 415) {
    super(status === 413 ? 'request.tooLarge' : 'request.unsupportedMediaType');
  }
}

const FASTIFY_CODES: Record<string, () => DomainError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => new BadRequestError('request.malformedJson'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new BadRequestError('request.emptyJson'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new PayloadError(413),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new PayloadError(415),
};

/** A client error the HTTP layer raised (Fastify's parsers, Nest's router and pipes) as a coded error. */
function clientError(status: number, message: string, fastifyCode: unknown, name: unknown): DomainError {
  const known = typeof fastifyCode === 'string' ? FASTIFY_CODES[fastifyCode] : undefined;
  if (known) return known();
  if (status === 400 && name === 'SyntaxError') return new BadRequestError('request.malformedJson');
  if (status === 413 || status === 415) return new PayloadError(status);
  const route = status === 404 ? /^Cannot (\S+) (.+)$/.exec(message) : null;
  if (route) return new NotFoundError('route.notFound', { method: route[1], path: route[2] });
  if (status === 400 && /uuid is expected/.test(message)) return new BadRequestError('request.invalidUuid');
  return new HttpClientError(status);
}

/** Anything thrown, as the domain error the answer reports. */
function asDomainError(exception: unknown): DomainError {
  if (exception instanceof DomainError) return exception;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status >= 500) return new InternalError();
    const response = exception.getResponse();
    const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    // Nest wraps Fastify's own errors (the body parsers') in an HttpException with the original as cause.
    const cause = exception.cause as { code?: unknown; name?: unknown } | undefined;
    return clientError(status, typeof raw === 'string' ? raw : exception.message, cause?.code, cause?.name);
  }
  const e = exception as { statusCode?: unknown; code?: unknown; name?: unknown; message?: unknown } | null;
  const status = e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return clientError(status, typeof e?.message === 'string' ? e.message : '', e?.code, e?.name);
  const fault = databaseFault(exception);
  if (fault) return databaseUnavailable(fault, exception);
  return new InternalError();
}

/**
 * A 503 raised as an HttpException (terminus's failed health check): keeps terminus's JSON
 * (`status`, `info`, `details`) beside the stable fields, and names what is down.
 */
function unavailableBody(exception: HttpException, language: Language): ErrorBody {
  const response = exception.getResponse();
  const { error: down, ...rest } = typeof response === 'object' && response !== null ? (response as { error?: unknown; [key: string]: unknown }) : {};
  const names = down && typeof down === 'object' ? Object.keys(down) : [];
  const code: ErrorCode = names.length > 0 ? 'health.notReady' : 'service.unavailable';
  const params: MessageParams = names.length > 0 ? { dependencies: names.join(', ') } : {};
  return extended(rest, { statusCode: 503, error: reasonPhrase(503), code, message: translate(code, params, language), params });
}

/**
 * The single mapping from anything thrown to the JSON answer, in the request's language: every body
 * has `code` and `params` beside the message; domain errors and client errors keep their status; a
 * database that is unreachable or locked is a 503 with `retryAfterSeconds` (the filter sends it as
 * Retry-After); anything else is a bare 500 that reveals nothing.
 */
export function toErrorBody(exception: unknown, language: Language = 'en'): ErrorBody {
  if (exception instanceof HttpException && exception.getStatus() === 503) return unavailableBody(exception, language);
  const error = asDomainError(exception);
  const { message, params, details, extra } = error.render(language);
  return {
    statusCode: error.status,
    error: reasonPhrase(error.status),
    code: error.code,
    message,
    params,
    ...(details === undefined ? {} : { details }),
    ...extra,
  };
}
