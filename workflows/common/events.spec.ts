import Ajv, { type ValidateFunction } from 'ajv';
import { WorkflowRegistry } from '../registry';
import { EVENTS, type EventType } from './events';
import { SAMPLE_PAYLOADS } from './fixtures';
import type { EventSpec } from './types';

const ajv = new Ajv({ allErrors: true, strict: true });

interface Schema {
  type?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}

/** The shared event list, then the schemas a workflow narrows for itself. */
const specs: Array<{ source: string; spec: EventSpec }> = [
  ...Object.values(EVENTS).map((spec) => ({ source: 'EVENTS', spec })),
  ...new WorkflowRegistry()
    .list()
    .flatMap((def) =>
      Object.values(def.events)
        .filter((spec) => spec.payload !== EVENTS[spec.type as EventType].payload)
        .map((spec) => ({ source: `${def.id}@${def.version}`, spec })),
    ),
];

/**
 * Copies of `value` in which exactly one string leaf the schema declares is blank, each with the
 * path of that leaf.
 */
function blanked(schema: Schema, value: unknown, path = ''): Array<[string, unknown]> {
  if (schema.type === 'string') return [[path, '   ']];
  if (schema.type === 'array' && schema.items && Array.isArray(value) && value.length > 0) {
    return blanked(schema.items, value[0], `${path}[0]`).map(([p, item]) => [p, [item, ...value.slice(1)]]);
  }
  if (schema.type === 'object' && schema.properties && value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.entries(schema.properties)
      .filter(([key]) => key in record)
      .flatMap(([key, property]) =>
        blanked(property, record[key], path ? `${path}.${key}` : key).map(([p, v]): [string, unknown] => [p, { ...record, [key]: v }]),
      );
  }
  return [];
}

/** A value of a type the property schema does not allow. */
function wrongType(schema: Schema): unknown {
  return schema.type === 'string' || schema.enum ? 42 : 'text';
}

describe('EVENTS', () => {
  it.each(Object.entries(EVENTS))('%s is filed under its own type', (key, spec) => {
    expect(spec.type).toBe(key);
    expect(spec.roles.length).toBeGreaterThan(0);
    expect(spec.description).toMatch(/^[A-Z].*\.$/);
  });

  it('narrows the SELECT_PROCEDURE schema for small-procurement only', () => {
    expect(specs.filter((s) => s.source !== 'EVENTS').map((s) => `${s.spec.type} (${s.source})`)).toEqual([
      'SELECT_PROCEDURE (small-procurement@1)',
    ]);
  });

  it('is the only source of event types and roles the workflows use', () => {
    for (const def of new WorkflowRegistry().list()) {
      for (const [key, spec] of Object.entries(def.events)) {
        expect(spec.type).toBe(key);
        expect(spec.roles).toEqual(EVENTS[key as EventType].roles);
      }
    }
  });

  describe.each(specs.map(({ source, spec }) => [`${spec.type} (${source})`, spec] as const))('%s payload', (_name, spec) => {
    const schema = spec.payload as Schema;
    const sample = SAMPLE_PAYLOADS[spec.type as EventType];
    const required = schema.required ?? [];
    const properties = Object.keys(schema.properties ?? {});
    const blanks = blanked(schema, sample);
    let compiled: ValidateFunction | undefined;
    const validate = (data: unknown) => (compiled ??= ajv.compile(spec.payload))(data);

    it('compiles in strict mode', () => {
      expect(() => validate({})).not.toThrow();
    });

    it('accepts a valid sample that fills every field', () => {
      expect(Object.keys(sample).sort()).toEqual([...properties].sort());
      expect(validate(sample)).toBe(true);
    });

    it('rejects an unknown extra field', () => {
      expect(validate({ ...sample, injected: 'x' })).toBe(false);
    });

    // it.each refuses an empty table, and events without fields have nothing to drop, mistype or blank.
    if (required.length > 0) {
      it.each(required)('rejects a payload without %s', (key) => {
        const { [key]: _dropped, ...rest } = sample;
        expect(validate(rest)).toBe(false);
      });
    }

    if (properties.length > 0) {
      it.each(properties)('rejects %s of the wrong type', (key) => {
        expect(validate({ ...sample, [key]: wrongType(schema.properties?.[key] ?? {}) })).toBe(false);
      });
    }

    if (blanks.length > 0) {
      it.each(blanks)('rejects a blank %s', (_path, payload) => {
        expect(validate(payload)).toBe(false);
      });
    }
  });
});
