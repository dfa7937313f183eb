import type { RequirementResult } from '../../workflows/common/types';
import { CATALOGUES, hasMessage, translate } from '../i18n/catalogue';
import { placeholdersOf, type MessageParams } from '../i18n/format';
import type { Language } from '../i18n/language';
import type { CodeOfStatus, ErrorCode, ValidationRule } from './error-codes';
import { extended } from './extended';

/** What an error says in one language: the message, the values it uses and what else the body carries. */
export interface RenderedError {
  message: string;
  params: MessageParams;
  details?: unknown;
  extra: Record<string, unknown>;
}

/**
 * Domain errors are plain classes with a stable code and the values of their message; the exception
 * filter alone turns them into HTTP answers in the request's language, so services never speak HTTP.
 * `message` is the English text, for logs.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly params: MessageParams = {},
    readonly details?: unknown,
  ) {
    super(translate(code, params, 'en'));
    this.name = new.target.name;
  }

  render(language: Language): RenderedError {
    return { message: translate(this.code, this.params, language), params: this.params, details: this.details, extra: this.extraBody(language) };
  }

  /** Fields a refusal adds beside the stable ones. */
  protected extraBody(_language: Language): Record<string, unknown> {
    return {};
  }
}

export class BadRequestError extends DomainError {
  readonly status = 400;

  constructor(code: CodeOfStatus<400>, params?: MessageParams, details?: unknown) {
    super(code, params, details);
  }
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;

  constructor(code: CodeOfStatus<401>, params?: MessageParams) {
    super(code, params);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;

  constructor(code: CodeOfStatus<403>, params?: MessageParams, details?: unknown) {
    super(code, params, details);
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;

  constructor(code: CodeOfStatus<404>, params?: MessageParams) {
    super(code, params);
  }
}

/** Another command changed the plan between our read and our write, or the domain's state forbids the change. */
export class ConflictError extends DomainError {
  readonly status = 409;

  constructor(code: CodeOfStatus<409>, params?: MessageParams) {
    super(code, params);
  }
}

export class PreconditionFailedError extends DomainError {
  readonly status = 412;

  constructor(code: CodeOfStatus<412>, params?: MessageParams) {
    super(code, params);
  }
}

export class UnprocessableError extends DomainError {
  readonly status = 422;

  constructor(code: CodeOfStatus<422>, params?: MessageParams, details?: unknown) {
    super(code, params, details);
  }
}

/** A per-user limit of the domain or the request rate limiter is reached; the message names the limit. */
export class TooManyRequestsError extends DomainError {
  readonly status = 429;

  constructor(code: CodeOfStatus<429>, params?: MessageParams) {
    super(code, params);
  }
}

/** A client error of the HTTP layer with no code of its own (405, 406, …): the status says which. */
export class HttpClientError extends DomainError {
  constructor(readonly status: number) {
    super('request.refused', { status });
  }
}

export class InternalError extends DomainError {
  readonly status = 500;

  constructor() {
    super('internal');
  }
}

/** A requirement in a refusal; the engine's own ones carry the values (stage, event, role ids) of their text. */
export type Unmet = RequirementResult & { params?: Record<string, string> };

/**
 * Unmet requirements in `language`: from the catalogue key `requirement.<id>` where there is one and
 * its values are given, else the text the workflow gives.
 */
export function localiseUnmet(unmet: readonly Unmet[], language: Language): RequirementResult[] {
  return unmet.map((u) => {
    const key = `requirement.${u.id}`;
    const params = u.params ?? {};
    const known = hasMessage(key) && placeholdersOf(CATALOGUES.en[key]).every((p) => p in params);
    return { id: u.id, message: known ? translate(key, params, language) : u.message };
  });
}

/** Renders unmet requirements in a language; the engine passes one that knows the plan's workflow. */
export type UnmetLocaliser = (unmet: readonly Unmet[], language: Language) => RequirementResult[];

const reasonsOf = (unmet: RequirementResult[]) => unmet.map((u) => u.message).join(' ');

/** The workflow does not take this event now; `unmet` says why, in words. */
export class InvalidTransitionError extends DomainError {
  readonly status = 409;

  constructor(
    readonly stage: string,
    readonly event: string,
    readonly unmet: Unmet[],
    private readonly localise: UnmetLocaliser = localiseUnmet,
  ) {
    super(unmet.length > 0 ? 'transition.refused' : 'transition.impossible', { event, stage, reasons: reasonsOf(localise(unmet, 'en')) });
  }

  override render(language: Language): RenderedError {
    const unmet = this.localise(this.unmet, language);
    const params = extended(this.params, { reasons: reasonsOf(unmet) });
    return { message: translate(this.code, params, language), params, extra: { stage: this.stage, event: this.event, unmet } };
  }
}

/** A requirement about the person is unmet (four-eyes): the person is refused, with 403. */
export class RefusedToYouError extends ForbiddenError {
  constructor(
    readonly stage: string,
    readonly event: string,
    readonly unmet: Unmet[],
    private readonly localise: UnmetLocaliser = localiseUnmet,
  ) {
    super('approval.fourEyes', { event, reasons: reasonsOf(localise(unmet, 'en')) });
  }

  override render(language: Language): RenderedError {
    const unmet = this.localise(this.unmet, language);
    const params = extended(this.params, { reasons: reasonsOf(unmet) });
    return { message: translate(this.code, params, language), params, details: { stage: this.stage, event: this.event, unmet }, extra: { unmet } };
  }
}

/** One field that breaks one rule (the first that matters), with the values its message uses. */
export interface FieldIssue {
  field: string;
  rule: ValidationRule;
  params?: MessageParams;
}

/**
 * The body, query or an event's payload breaks rules: `details` names each field once, with the code
 * of its rule; the message (`validation.failed`, or `event.payloadInvalid` naming the event) joins them.
 */
export class ValidationError extends BadRequestError {
  constructor(
    readonly issues: FieldIssue[],
    code: 'validation.failed' | 'event.payloadInvalid' = 'validation.failed',
    private readonly context: MessageParams = {},
  ) {
    super(code, extended(context, { problems: issues.map((i) => translate(i.rule, { field: i.field, ...i.params }, 'en')).join('; ') }));
  }

  override render(language: Language): RenderedError {
    const details = this.issues.map((i) => {
      const params = { field: i.field, ...i.params };
      return { field: i.field, code: i.rule, params, message: translate(i.rule, params, language) };
    });
    const params = extended(this.context, { problems: details.map((d) => d.message).join('; ') });
    return { message: translate(this.code, params, language), params, details, extra: {} };
  }
}

/**
 * Something the service depends on does not answer right now (the database is unreachable or
 * locked): the request did nothing and may be sent again after `retryAfterSeconds`. The body names
 * the dependency the way GET /health does: `{ database: { status: 'down', reason } }`.
 */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503;

  constructor(
    code: CodeOfStatus<503>,
    readonly retryAfterSeconds: number,
    readonly dependency: string,
    readonly reason: string,
  ) {
    super(code, { seconds: retryAfterSeconds });
  }

  protected override extraBody(): Record<string, unknown> {
    return { [this.dependency]: { status: 'down', reason: this.reason }, retryAfterSeconds: this.retryAfterSeconds };
  }
}
