import type { RequirementResult } from '../../workflows/common/types';

/**
 * Domain errors are plain classes; the exception filter alone turns them into HTTP answers,
 * so services never speak HTTP.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  readonly details?: unknown;

  constructor(message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }

  /** Fields a refusal adds beside the stable ones. */
  extraBody(): Record<string, unknown> {
    return {};
  }
}

export class BadRequestError extends DomainError {
  readonly status = 400;
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
}

export class NotFoundError extends DomainError {
  readonly status = 404;
}

/** Another command changed the plan between our read and our write. */
export class ConflictError extends DomainError {
  readonly status = 409;
}

/** The workflow does not take this event now; `unmet` says why, in words. */
export class InvalidTransitionError extends DomainError {
  readonly status = 409;

  constructor(
    readonly stage: string,
    readonly event: string,
    readonly unmet: RequirementResult[],
  ) {
    super(
      unmet.length > 0
        ? `${event} is refused in stage ${stage}. Unmet requirements: ${unmet.map((u) => u.message).join(' ')}`
        : `${event} is not possible in stage ${stage}.`,
    );
  }

  override extraBody(): Record<string, unknown> {
    return { stage: this.stage, event: this.event, unmet: this.unmet.map(({ id, message }) => ({ id, message })) };
  }
}

export class PreconditionFailedError extends DomainError {
  readonly status = 412;
}

export class UnprocessableError extends DomainError {
  readonly status = 422;
}

/** A per-user limit of the domain (not the request rate limiter) is reached; the message names the limit. */
export class TooManyRequestsError extends DomainError {
  readonly status = 429;
}

/**
 * Something the service depends on does not answer right now (the database is unreachable or
 * locked): the request did nothing and may be sent again after `retryAfterSeconds`. The body names
 * the dependency the way GET /health does: `{ database: { status: 'down', reason } }`.
 */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503;

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    readonly dependency: string,
    readonly reason: string,
  ) {
    super(message);
  }

  override extraBody(): Record<string, unknown> {
    return { [this.dependency]: { status: 'down', reason: this.reason }, retryAfterSeconds: this.retryAfterSeconds };
  }
}
