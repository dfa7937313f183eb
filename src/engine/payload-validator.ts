import { Injectable } from '@nestjs/common';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { EventSpec, WorkflowDefinition } from '../../workflows/common/types';
import type { ValidationRule } from '../common/error-codes';
import { ValidationError, type FieldIssue } from '../common/errors';

const TYPE_RULES: Record<string, ValidationRule> = {
  string: 'validation.string',
  number: 'validation.number',
  integer: 'validation.integer',
  boolean: 'validation.boolean',
  object: 'validation.object',
  array: 'validation.array',
};
const FORMAT_RULES: Record<string, ValidationRule> = {
  'date-time': 'validation.dateTime',
  uri: 'validation.url',
  email: 'validation.email',
  uuid: 'validation.uuid',
};

/** Decimal places a `multipleOf` of 0.1, 0.01, … allows; null for any other step. */
function placesOf(step: number): number | null {
  const places = Math.round(-Math.log10(step));
  return places > 0 && Math.abs(10 ** -places - step) < 1e-12 ? places : null;
}

/** One JSON Schema error as the field it is about and the rule (a validation.* code) it breaks. */
function issueOf(error: ErrorObject): FieldIssue {
  const path = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '';
  const at = (name: string) => (path ? `${path}.${name}` : name);
  const field = path || 'payload';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { field: at(String(params.missingProperty)), rule: 'validation.required' };
    case 'additionalProperties':
      return { field: at(String(params.additionalProperty)), rule: 'validation.unknownField' };
    case 'type':
      return { field, rule: TYPE_RULES[String(params.type)] ?? 'validation.invalid' };
    case 'enum':
      return { field, rule: 'validation.oneOf', params: { values: (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ') } };
    case 'pattern':
      return { field, rule: params.pattern === '\\S' ? 'validation.blank' : 'validation.format' };
    case 'format':
      return { field, rule: FORMAT_RULES[String(params.format)] ?? 'validation.format' };
    case 'minLength':
      return { field, rule: 'validation.minLength', params: { min: Number(params.limit) } };
    case 'maxLength':
      return { field, rule: 'validation.maxLength', params: { max: Number(params.limit) } };
    case 'minimum':
    case 'exclusiveMinimum':
      return { field, rule: 'validation.min', params: { min: Number(params.limit) } };
    case 'maximum':
    case 'exclusiveMaximum':
      return { field, rule: 'validation.max', params: { max: Number(params.limit) } };
    case 'minItems':
      return { field, rule: 'validation.arrayMinSize', params: { min: Number(params.limit) } };
    case 'maxItems':
      return { field, rule: 'validation.arrayMaxSize', params: { max: Number(params.limit) } };
    case 'uniqueItems':
      return { field, rule: 'validation.arrayUnique' };
    case 'multipleOf': {
      const places = placesOf(Number(params.multipleOf));
      return places === null ? { field, rule: 'validation.invalid' } : { field, rule: 'validation.decimals', params: { places } };
    }
    default:
      return { field, rule: 'validation.invalid' };
  }
}

/** The first issue of each field: a field is named once, with the rule it breaks. */
function onePerField(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.field) && seen.add(issue.field));
}

/** Checks an event's payload against the JSON Schema its workflow declares for it. */
@Injectable()
export class PayloadValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  validate(def: WorkflowDefinition, spec: EventSpec, payload: Record<string, unknown>): void {
    const key = `${def.id}@${def.version}#${spec.type}`;
    let check = this.compiled.get(key);
    if (!check) {
      check = this.ajv.compile(spec.payload);
      this.compiled.set(key, check);
    }
    if (!check(payload)) {
      throw new ValidationError(onePerField((check.errors ?? []).map(issueOf)), 'event.payloadInvalid', { event: spec.type });
    }
  }
}
