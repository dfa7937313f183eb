import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type ReferenceObject, type SchemaObject } from '@nestjs/swagger';

export type { ReferenceObject, SchemaObject };

/** Named response schemas, registered by the modules that declare them and merged into the document's components. */
const COMPONENTS = new Map<string, SchemaObject>();

export const ref = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });
/** A named schema or null (OpenAPI 3.0 ignores siblings of $ref, hence the allOf). */
export const nullableRef = (name: string): SchemaObject => ({ allOf: [ref(name)], nullable: true });

/**
 * Declares named schemas (JSON Schema as OpenAPI 3.0 understands it) and returns a reference to each,
 * for `@ApiOkResponse({ schema })` and for other schemas. A name declared twice is a mistake.
 */
export function apiSchemas<K extends string>(schemas: Record<K, SchemaObject>): Record<K, ReferenceObject> {
  const refs = {} as Record<K, ReferenceObject>;
  for (const [name, schema] of Object.entries(schemas) as Array<[K, SchemaObject]>) {
    const known = COMPONENTS.get(name);
    if (known !== undefined && known !== schema) throw new Error(`OpenAPI schema ${name} is declared twice`);
    COMPONENTS.set(name, schema);
    refs[name] = ref(name);
  }
  return refs;
}

/** Every schema declared with apiSchemas(), for buildOpenApiDocument(). */
export function declaredSchemas(): Record<string, SchemaObject> {
  return Object.fromEntries([...COMPONENTS.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export const string: SchemaObject = { type: 'string' };
export const integer: SchemaObject = { type: 'integer' };
export const number: SchemaObject = { type: 'number' };
export const boolean: SchemaObject = { type: 'boolean' };
export const instant: SchemaObject = { type: 'string', format: 'date-time' };
export const uuid: SchemaObject = { type: 'string', format: 'uuid' };
export const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });
export const arrayOf = (items: SchemaObject | ReferenceObject): SchemaObject => ({ type: 'array', items });
/** Any JSON value: what a workflow record or an audit payload holds is the workflow's, not the API's, to define. */
export const anyValue: SchemaObject = {};

/** An object whose listed properties are all present (null where the type allows it); `optional` ones may be absent. */
export function object(properties: Record<string, SchemaObject | ReferenceObject>, optional: string[] = []): SchemaObject {
  const required = Object.keys(properties).filter((k) => !optional.includes(k));
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

/** `{ items, nextCursor }`: every cursor-paginated list. */
export const page = (items: SchemaObject | ReferenceObject): SchemaObject =>
  object({ items: arrayOf(items), nextCursor: { ...string, nullable: true, description: 'Pass back as `cursor` for the next page; null on the last.' } });

/**
 * The one error body. `code` and `params` identify the error for clients and translations; the
 * extras appear where they apply: `stage`, `event` and `unmet` on refused events, `retryAfterSeconds`
 * and `database` or `identityProvider` on 503s, `details` on validation errors.
 */
export const ERROR_BODY = apiSchemas({
  ErrorBody: {
    type: 'object',
    required: ['statusCode', 'error', 'code', 'message', 'params'],
    properties: {
      statusCode: { type: 'integer', minimum: 400, maximum: 599 },
      error: { type: 'string', description: 'The HTTP reason phrase.' },
      code: {
        type: 'string',
        pattern: '^[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)*$',
        description: 'Stable code of the error, e.g. `plan.notFound`; docs/errors.md lists them all.',
      },
      params: { type: 'object', additionalProperties: true, description: 'The values the message uses.' },
      message: { type: 'string', description: "Human-readable, in the request's language." },
      details: { description: 'Validation errors: what failed, field by field.' },
      stage: { type: 'string', description: 'Refused events: the stage the plan is in.' },
      event: { type: 'string', description: 'Refused events: the event refused.' },
      unmet: {
        type: 'array',
        description: 'Refused events: every unmet requirement.',
        items: { type: 'object', required: ['id', 'message'], properties: { id: { type: 'string' }, message: { type: 'string' } } },
      },
      retryAfterSeconds: { type: 'integer', description: '503: send the request again after this many seconds (also `Retry-After`).' },
      database: {
        type: 'object',
        required: ['status', 'reason'],
        properties: { status: { type: 'string', enum: ['down'] }, reason: { type: 'string', enum: ['unreachable', 'locked'] } },
      },
      identityProvider: {
        type: 'object',
        description: '503 `auth.providerUnreachable`: the identity provider that issues tokens does not answer, so none can be checked.',
        required: ['status', 'reason'],
        properties: { status: { type: 'string', enum: ['down'] }, reason: { type: 'string', enum: ['unreachable'] } },
      },
    },
  },
}).ErrorBody;

const ERROR_MEANINGS: Record<number, string> = {
  400: 'Malformed or invalid input.',
  401: 'No valid bearer token.',
  403: 'The caller may not do this.',
  404: 'No such resource (or one the caller may not know of).',
  409: 'Refused now: the workflow does not take it, another command came first, or a deadline has passed.',
  412: '`If-Match` names a version that is no longer current.',
  413: 'The body is larger than the limit.',
  422: 'Well-formed input that breaks a rule.',
  429: 'Too many requests, or a per-round limit reached.',
  503: 'The database (or the identity provider, for a token) is unreachable or locked right now; retry after `Retry-After` seconds.',
};

/** Every answer a route that needs a token can give whatever it does. */
const ALWAYS = [400, 401, 429, 503];

/** The error responses of an operation (besides 400, 401, 429 and 503, which every authenticated route declares), all with ErrorBody. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  const all = [...new Set([...ALWAYS, ...statuses])].sort();
  return applyDecorators(...all.map((status) => ApiResponse({ status, description: ERROR_MEANINGS[status] ?? 'Error.', schema: ERROR_BODY })));
}
