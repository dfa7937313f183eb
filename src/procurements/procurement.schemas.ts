import { anyValue, apiSchemas, arrayOf, boolean, instant, integer, nullable, number, object, page, ref, string, uuid } from '../common/openapi';

/** What the views in procurement.view.ts and the audit verification return, as OpenAPI schemas. */
export const PROCUREMENT_SCHEMAS = apiSchemas({
  Requirement: object({ id: string, message: string, params: { type: 'object', additionalProperties: { type: 'string' } } }, ['params']),
  PlanSummary: object({
    id: uuid,
    ocid: string,
    title: string,
    cpvCode: string,
    estimatedValue: object({ amount: number, currency: string }),
    organisation: string,
    owner: object({ id: string, name: string }),
    workflow: object({ id: string, version: integer }),
    stage: string,
    version: { ...integer, description: 'Also the `ETag`; send it as `If-Match`.' },
    stageEnteredAt: instant,
    lastEventAt: instant,
    nextDeadlineAt: { ...nullable(instant), description: "The earliest pending deadline (a dialogue round's), if any." },
    createdAt: instant,
    updatedAt: instant,
  }),
  PlanDetail: {
    allOf: [
      ref('PlanSummary'),
      object({
        description: string,
        rationale: nullable(string),
        records: { type: 'object', additionalProperties: true, description: "The stage records of the plan's workflow (needs, market analysis, …)." },
        transitions: arrayOf(
          object({
            event: string,
            description: string,
            roles: arrayOf(string),
            allowed: { ...boolean, description: 'Whether the caller may send it now.' },
            unmet: arrayOf(ref('Requirement')),
          }),
        ),
      }),
    ],
  },
  PlanPage: page(ref('PlanSummary')),
  AuditEvent: object({
    seq: integer,
    type: string,
    actor: object({ id: string, name: string, role: string }),
    fromStage: nullable(string),
    toStage: string,
    planVersion: integer,
    payload: anyValue,
    records: arrayOf(object({ kind: string, id: string, digest: nullable(string) })),
    occurredAt: instant,
    prevHash: string,
    hash: string,
  }),
  AuditEventPage: page(ref('AuditEvent')),
  ChainVerification: object(
    {
      intact: boolean,
      events: integer,
      headHash: string,
      brokenAt: ref('ChainProblem'),
      problems: arrayOf(ref('ChainProblem')),
    },
    ['brokenAt', 'problems'],
  ),
  ChainProblem: object({ seq: integer, reason: string }),
});
