import Ajv, { type ValidateFunction } from 'ajv';
import { WorkflowRegistry } from '../registry';
import { ROUND_TYPES } from './context';
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
  ...new WorkflowRegistry().list().flatMap((def) =>
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

/** A copy of `record` with the field at the dotted `path` set to `value`, or removed when undefined. */
function withField(record: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [key, ...rest] = path.split('.');
  if (rest.length > 0) return { ...record, [key]: withField(record[key] as Record<string, unknown>, rest.join('.'), value) };
  const { [key]: _old, ...others } = record;
  return value === undefined ? others : { ...others, [key]: value };
}

/** The events dialogue rounds and their timers send. */
const ROUND_EVENTS: EventType[] = ['SCHEDULE_DIALOGUE_ROUND', 'EXTEND_DIALOGUE_ROUND', 'DIALOGUE_ROUND_DEADLINE'];

/** The events the service sends itself, in EVENTS order; clients cannot send them through the API. */
const INTERNAL_EVENTS: EventType[] = [...ROUND_EVENTS, 'VOID_APPROVAL'];

describe('EVENTS', () => {
  it.each(Object.entries(EVENTS))('%s is filed under its own type', (key, spec) => {
    expect(spec.type).toBe(key);
    expect(spec.roles.length).toBeGreaterThan(0);
    expect(spec.description).toMatch(/^[A-Z].*\.$/);
  });

  it('narrows the SELECT_PROCEDURE schema for small-procurement only', () => {
    expect(specs.filter((s) => s.source !== 'EVENTS').map((s) => `${s.spec.type} (${s.source})`)).toEqual(['SELECT_PROCEDURE (small-procurement@1)']);
  });

  it('is the only source of event types, roles and internal flags the workflows use', () => {
    for (const def of new WorkflowRegistry().list()) {
      for (const [key, spec] of Object.entries(def.events)) {
        expect(spec.type).toBe(key);
        expect(spec.roles).toEqual(EVENTS[key as EventType].roles);
        expect(spec.internal).toBe(EVENTS[key as EventType].internal);
      }
    }
  });

  it('marks exactly the events the service sends itself as internal', () => {
    const all: EventSpec[] = Object.values(EVENTS);
    expect(all.filter((spec) => spec.internal === true).map((spec) => spec.type)).toEqual(INTERNAL_EVENTS);
    // The flag is absent rather than false on every other event.
    expect(all.filter((spec) => 'internal' in spec).map((spec) => spec.type)).toEqual(INTERNAL_EVENTS);
  });

  it('lets only the engine send deadlines, and no client event name the engine', () => {
    const all: EventSpec[] = Object.values(EVENTS);
    expect(all.filter((spec) => spec.roles.includes('system')).map((spec) => spec.type)).toEqual(['DIALOGUE_ROUND_DEADLINE']);
    expect(EVENTS.DIALOGUE_ROUND_DEADLINE.roles).toEqual(['system']);
    expect(EVENTS.SCHEDULE_DIALOGUE_ROUND.roles).toEqual(['officer']);
    expect(EVENTS.EXTEND_DIALOGUE_ROUND.roles).toEqual(['officer']);
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
  describe('calendar dates', () => {
    const fields = [
      ['PUBLISH_ENGAGEMENT_NOTICE', 'plannedStart'],
      ['PUBLISH_ENGAGEMENT_NOTICE', 'plannedEnd'],
      ['RECORD_CO_DEVELOPMENT_ACTIVITY', 'date'],
    ] as const;

    describe.each(fields)('%s %s', (type, field) => {
      const validate = ajv.compile(EVENTS[type].payload);
      const withDate = (value: string) => validate(withField(SAMPLE_PAYLOADS[type], field, value));

      it.each(['2025-01-01', '2025-12-31', '2024-02-29', '2025-09-30', '2025-10-10'])('accepts %s', (value) => {
        expect(withDate(value)).toBe(true);
      });

      it.each([
        '2025-13-01',
        '2025-00-10',
        '2025-19-01',
        '2025-01-32',
        '2025-01-40',
        '2025-01-00',
        '2025-1-01',
        '2025-01-1',
        '25-01-01',
        '2025-01-01T00:00:00Z',
        ' 2025-01-01',
        '2025-01-01 ',
      ])('rejects %s', (value) => {
        expect(withDate(value)).toBe(false);
      });
    });
  });

  describe('round event instants and ids', () => {
    const instants = [
      ...['opensAt', 'questionsUntil', 'clarificationsUntil', 'closesAt'].map((field) => ['SCHEDULE_DIALOGUE_ROUND', field] as const),
      ...['opensAt', 'questionsUntil', 'clarificationsUntil', 'closesAt'].flatMap((field) => [
        ['EXTEND_DIALOGUE_ROUND', field] as const,
        ['EXTEND_DIALOGUE_ROUND', `previous.${field}`] as const,
      ]),
      ['DIALOGUE_ROUND_DEADLINE', 'dueAt'] as const,
    ];

    describe.each(instants)('%s %s', (type, field) => {
      const validate = ajv.compile(EVENTS[type].payload);
      const withInstant = (value: string) => validate(withField(SAMPLE_PAYLOADS[type], field, value));

      it.each(['2025-02-10T17:00:00Z', '2025-02-10T17:00:00.000Z', '2025-02-10T17:00:00.5Z'])('accepts the UTC instant %s', (value) => {
        expect(withInstant(value)).toBe(true);
      });

      it.each(['2025-02-10', '2025-02-10T17:00Z', '2025-02-10T17:00:00', '2025-02-10T17:00:00+01:00', '2025-02-10 17:00:00Z', '2025-02-10T17:00:00.1234Z'])(
        'rejects %s',
        (value) => {
          expect(withInstant(value)).toBe(false);
        },
      );
    });

    describe.each(ROUND_EVENTS)('%s roundId', (type) => {
      const validate = ajv.compile(EVENTS[type].payload);

      it.each(['3F2B8C1E-7A4D-4E6B-9C0F-1D2E3F4A5B6C', '3f2b8c1e7a4d4e6b9c0f1d2e3f4a5b6c', '3f2b8c1e-7a4d-4e6b-9c0f-1d2e3f4a5b6', 'round-1', ''])(
        'rejects %j, which is not a lower-case uuid',
        (roundId) => {
          expect(validate({ ...SAMPLE_PAYLOADS[type], roundId })).toBe(false);
        },
      );
    });

    describe('EXTEND_DIALOGUE_ROUND previous', () => {
      const validate = ajv.compile(EVENTS.EXTEND_DIALOGUE_ROUND.payload);
      const sample = SAMPLE_PAYLOADS.EXTEND_DIALOGUE_ROUND;

      it.each(['opensAt', 'questionsUntil', 'clarificationsUntil', 'closesAt'])('rejects previous deadlines without %s', (field) => {
        expect(validate(withField(sample, `previous.${field}`, undefined))).toBe(false);
      });

      it('rejects an unknown field in the previous deadlines', () => {
        expect(validate(withField(sample, 'previous.closedAt', '2025-02-10T17:00:00Z'))).toBe(false);
      });
    });

    it.each(['opening', 'clarifications '])('DIALOGUE_ROUND_DEADLINE rejects the deadline %j', (deadline) => {
      const validate = ajv.compile(EVENTS.DIALOGUE_ROUND_DEADLINE.payload);
      expect(validate({ ...SAMPLE_PAYLOADS.DIALOGUE_ROUND_DEADLINE, deadline })).toBe(false);
    });

    it('SCHEDULE_DIALOGUE_ROUND accepts every round type and no other', () => {
      const validate = ajv.compile(EVENTS.SCHEDULE_DIALOGUE_ROUND.payload);
      for (const type of ROUND_TYPES) expect(validate({ ...SAMPLE_PAYLOADS.SCHEDULE_DIALOGUE_ROUND, type })).toBe(true);
      expect(validate({ ...SAMPLE_PAYLOADS.SCHEDULE_DIALOGUE_ROUND, type: 'workshop' })).toBe(false);
    });
  });
});
