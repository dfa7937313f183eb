import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';
import { documentedOperations, type DocumentedOperation, type JsonSchema, type OpenApiDocument } from './routes';

const ERROR_BODY: JsonSchema = { $ref: '#/components/schemas/ErrorBody' };

interface Route {
  operation: DocumentedOperation;
  pattern: RegExp;
  /** Literal segments win over parameters: /strategic-goals/unserved before /{goalId}. */
  literals: number;
}

function routesOf(doc: OpenApiDocument): Route[] {
  return documentedOperations(doc)
    .map((operation) => {
      const segments = operation.path.split('/').filter(Boolean);
      const pattern = new RegExp(`^/${segments.map((s) => (/^\{\w+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}/?$`);
      return { operation, pattern, literals: segments.filter((s) => !s.startsWith('{')).length };
    })
    .sort((a, b) => b.literals - a.literals);
}

/** OpenAPI 3.0's `nullable` as JSON Schema says it, for ajv. */
function jsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const mapped = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, jsonSchema(v)]));
  return nullable === true ? { anyOf: [mapped, { type: 'null' }] } : mapped;
}

/**
 * The schema with every object closed (`additionalProperties: false` unless it says otherwise), its
 * references inlined and `allOf`s of objects merged: a property the document does not declare fails.
 */
function closed(node: JsonSchema, components: Record<string, JsonSchema>, depth = 0): JsonSchema {
  if (depth > 50) throw new Error('OpenAPI schema nested too deep (a recursive reference?)');
  const next = (n: JsonSchema) => closed(n, components, depth + 1);
  if (node.$ref) return next(components[node.$ref.replace('#/components/schemas/', '')] ?? {});
  if (node.allOf) {
    const parts = node.allOf.map(next);
    const objects = parts.every((p) => p.properties && p.additionalProperties === false && !p.allOf && !p.oneOf && !p.anyOf);
    if (!objects) return { ...node, allOf: parts };
    const { allOf: _parts, ...rest } = node;
    return {
      ...rest,
      type: 'object',
      properties: Object.assign({}, ...parts.map((p) => p.properties)) as Record<string, JsonSchema>,
      required: parts.flatMap((p) => p.required ?? []),
      additionalProperties: false,
    };
  }
  const out: JsonSchema = { ...node };
  if (node.properties) out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, next(v)]));
  if (node.properties && node.additionalProperties === undefined) out.additionalProperties = false;
  if (typeof node.additionalProperties === 'object') out.additionalProperties = next(node.additionalProperties);
  if (node.items) out.items = next(node.items);
  if (node.oneOf) out.oneOf = node.oneOf.map(next);
  if (node.anyOf) out.anyOf = node.anyOf.map(next);
  return out;
}

/** The JSON schema an operation declares for one status, or undefined. */
export function responseSchema(operation: DocumentedOperation, status: number): JsonSchema | undefined {
  return operation.operation.responses?.[String(status)]?.content?.['application/json']?.schema;
}

/**
 * Checks every answer of a documented operation against the schema the OpenAPI document declares for
 * its status: a success status the operation does not declare, or a body that does not match, is a
 * failure. So is an error answer: its status must be declared (a 500 is a failure of its own anyway) and
 * its body an ErrorBody.
 */
export class ResponseValidator {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.routes = routesOf(doc);
  }

  operationFor(method: string, url: string): DocumentedOperation | undefined {
    const path = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0];
    return this.routes.find((r) => r.operation.method === method.toUpperCase() && r.pattern.test(path))?.operation;
  }

  /** Throws an error naming the operation, the status and what does not match. */
  check(method: string, url: string, res: Pick<Response, 'status' | 'body' | 'headers'>): void {
    const operation = this.operationFor(method, url);
    if (!operation) return;
    const success = res.status >= 200 && res.status < 300;
    const json = /json/.test(String(res.headers['content-type'] ?? ''));
    if (!success) {
      const code = (res.body as { code?: unknown } | null)?.code;
      if (res.status !== 500 && !operation.operation.responses?.[String(res.status)]) {
        throw new Error(`${operation.key} answered ${res.status} (${String(code)}), which the OpenAPI document does not declare`);
      }
      if (!json) throw new Error(`${operation.key} answered ${res.status} other than as JSON`);
      this.validate(operation, res, ERROR_BODY);
      return;
    }
    if (!operation.operation.responses?.[String(res.status)])
      throw new Error(`${operation.key} answered ${res.status}, which the OpenAPI document does not declare`);
    if (res.status === 204) return;
    // A document of its own media type (an eForms notice as application/xml) is checked by its own schemas in its suite.
    const mediaType = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    if (!json && mediaType !== '' && operation.operation.responses?.[String(res.status)]?.content?.[mediaType]) return;
    const schema = responseSchema(operation, res.status);
    if (!schema || !json) throw new Error(`${operation.key} declares no JSON schema for ${res.status}, or answered other than JSON`);
    this.validate(operation, res, schema);
  }

  private validate(operation: DocumentedOperation, res: Pick<Response, 'status' | 'body'>, schema: JsonSchema): void {
    const validate = this.validatorFor(schema === ERROR_BODY ? 'ErrorBody' : `${operation.key} ${res.status}`, schema);
    if (!validate(res.body)) {
      const problems = (validate.errors ?? []).slice(0, 10).map((e) => `  ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
      throw new Error(`${operation.key} answered ${res.status} with a body its OpenAPI schema refuses:\n${problems.join('\n')}`);
    }
  }

  private validatorFor(key: string, schema: JsonSchema): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      // An error body may carry more (terminus's report on a 503); a success body exactly what the document says.
      const components = this.doc.components?.schemas ?? {};
      validate = this.ajv.compile(
        jsonSchema(schema === ERROR_BODY ? { allOf: [schema], components: this.doc.components } : closed(schema, components)) as object,
      );
      this.compiled.set(key, validate);
    }
    return validate;
  }
}
