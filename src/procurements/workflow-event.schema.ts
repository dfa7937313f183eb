import { isDeepStrictEqual } from 'node:util';
import type { EventSpec } from '../../workflows/common/types';
import { WorkflowRegistry } from '../../workflows/registry';
import { apiSchemas, ref, type SchemaObject } from '../common/openapi';

const pascal = (type: string) =>
  type
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/** The body of POST /procurements/:id/events for one event of one workflow version: `type` beside the payload. */
function eventBody(spec: EventSpec): SchemaObject {
  const { properties, required = [] } = spec.payload;
  return {
    type: 'object',
    description: spec.description,
    properties: { type: { type: 'string', enum: [spec.type] }, ...(properties as Record<string, SchemaObject>) },
    required: ['type', ...required],
    additionalProperties: false,
  };
}

/**
 * The body of POST /procurements/:id/events as a `oneOf` of every event a client may send in any
 * workflow version, discriminated by `type`, built from the payload schemas the engine validates
 * with (workflows/), so document and validation cannot drift apart. An event whose payload differs
 * between versions is an `anyOf` of its versions' bodies.
 */
export function workflowEventSchemas(registry: WorkflowRegistry = new WorkflowRegistry()): Record<string, SchemaObject> {
  const byType = new Map<string, Array<{ workflows: string[]; body: SchemaObject }>>();
  for (const def of registry.list().sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version)) {
    for (const spec of Object.values(def.events)) {
      if (spec.internal) continue;
      const variants = byType.get(spec.type) ?? [];
      const body = eventBody(spec);
      const same = variants.find((v) => isDeepStrictEqual(v.body, body));
      if (same) same.workflows.push(`${def.id}@${def.version}`);
      else variants.push({ workflows: [`${def.id}@${def.version}`], body });
      byType.set(spec.type, variants);
    }
  }
  const types = [...byType.keys()].sort();
  const schemas: Record<string, SchemaObject> = {};
  for (const type of types) {
    const variants = byType.get(type) ?? [];
    schemas[`${pascal(type)}Event`] =
      variants.length === 1
        ? variants[0].body
        : {
            type: 'object',
            description: `${type}: its payload differs by workflow version; the plan's version decides which applies.`,
            properties: { type: { type: 'string', enum: [type] } },
            required: ['type'],
            anyOf: variants.map((v) => ({ ...v.body, description: `${v.body.description ?? ''} (${v.workflows.join(', ')})` })),
          };
  }
  schemas.WorkflowEvent = {
    description: 'A workflow event: `type` and the payload of that event in the plan’s workflow version (see GET /workflows/{id}/versions/{version}).',
    oneOf: types.map((type) => ref(`${pascal(type)}Event`)),
    discriminator: { propertyName: 'type', mapping: Object.fromEntries(types.map((type) => [type, ref(`${pascal(type)}Event`).$ref])) },
  };
  return schemas;
}

export const WORKFLOW_EVENT = apiSchemas(workflowEventSchemas()).WorkflowEvent;
