import { anyValue, apiSchemas, arrayOf, integer, nullable, object, ref, string, uuid } from '../common/openapi';

const OUTCOMES = ['wouldMigrate', 'migrated', 'alreadyMigrated', 'unmapped', 'notOnSourceVersion', 'notFound', 'conflict'];

/** What the migration routes return, as OpenAPI schemas. */
export const MIGRATION_SCHEMAS = apiSchemas({
  MigrationSummary: object({
    migrationId: string,
    workflowId: string,
    from: integer,
    to: integer,
    description: { ...string, description: "What changes for a running plan that moves, in the reader's language." },
    plansOnSource: { ...integer, description: 'Plans on `from` in your scope (every organisation for admins, your own for managers).' },
  }),
  PlanMigration: object({
    planId: uuid,
    outcome: {
      type: 'string',
      enum: OUTCOMES,
      description:
        'wouldMigrate (dry run) / migrated: the plan moves (moved); alreadyMigrated: this migration moved it before, nothing changes; unmapped: the migration leaves it where it is (see reason); notOnSourceVersion: it runs on another version; notFound: no such plan in your scope; conflict: it changed while being moved, send again.',
    },
    version: { ...nullable(integer), description: "The plan's version: after the move when migrated, else as it stands (null when not found)." },
    fromStage: nullable(string),
    toStage: { ...nullable(string), description: 'The stage in the new version (null when the plan does not move).' },
    contextPatch: {
      ...arrayOf({ type: 'object', additionalProperties: true, properties: { op: string, path: string, value: anyValue } }),
      description: "How the plan's records change, as an RFC 6902 JSON Patch.",
    },
    timers: arrayOf(
      object({
        key: string,
        eventType: string,
        dueAt: { type: 'string', format: 'date-time' },
        action: {
          type: 'string',
          enum: ['kept', 'dropped'],
          description: 'kept: the new stage takes the event and the timer fires as scheduled; dropped: it would not, so the move cancels it.',
        },
      }),
    ),
    unmetAfter: {
      ...arrayOf(object({ event: string, unmet: arrayOf(ref('Requirement')) })),
      description: 'Per event the new stage takes, the requirements about the plan that would be unmet after the move.',
    },
    reason: nullable(object({ code: string, message: string })),
  }),
  MigrationReport: object({
    migrationId: {
      ...string,
      description: 'The migration (code beside the workflow versions) that moves the plans; the audit event WORKFLOW_MIGRATED names it.',
    },
    workflowId: string,
    from: integer,
    to: integer,
    dryRun: { type: 'boolean' },
    plans: arrayOf(ref('PlanMigration')),
    summary: { type: 'object', additionalProperties: integer, properties: Object.fromEntries(OUTCOMES.map((o) => [o, integer])), required: OUTCOMES },
    remaining: { ...integer, description: 'Plans on `from` in your scope left for another request (when `planIds` is not given).' },
  }),
});
