import { Injectable } from '@nestjs/common';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { EventSpec, WorkflowDefinition } from '../../workflows/common/types';
import { BadRequestError } from '../common/errors';

function describe(error: ErrorObject): string {
  const path = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '';
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return `${path ? `${path}.` : ''}${extra}: is not a field of this event`;
  }
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return `${path ? `${path}.` : ''}${missing}: is required`;
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return `${path}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (error.keyword === 'pattern' && error.params && (error.params as { pattern: string }).pattern === '\\S') {
    return `${path}: must not be blank`;
  }
  return `${path}: ${error.message ?? 'is invalid'}`;
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
      const problems = (check.errors ?? []).map(describe);
      throw new BadRequestError('event.payloadInvalid', { event: spec.type, problems: problems.join('; ') }, problems);
    }
  }
}
