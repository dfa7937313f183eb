import { PROCEDURES } from '../../workflows/common/codes';
import { CONTRACT_TYPES } from '../thresholds/thresholds';
import { anyValue, apiSchemas, nullableRef, arrayOf, boolean, instant, integer, nullable, number, object, page, ref, string, uuid } from '../common/openapi';

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
    team: {
      ...arrayOf(object({ id: string, name: string })),
      description: 'The officers besides the owner who may change the plan, its dialogue and its criteria.',
    },
    contractType: { type: 'string', enum: [...CONTRACT_TYPES], description: 'Which thresholds apply: stated by the officer or implied by the CPV code.' },
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
        regime: ref('PlanRegime'),
        tags: {
          ...arrayOf(string),
          description:
            "The tags of the plan's stage in its workflow version (dialogue.registrationOpen, dialogue.running, criteria.editable, lcc.editable, approval.waiting, plan.closed, …): what the stage allows, so clients need not name stages.",
        },
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
  PlanRegime: {
    ...object({
      applies: {
        ...nullable({ type: 'string', enum: ['belowNationalThreshold', 'national', 'eu'] }),
        description:
          'eu: the directive applies (the value is at or above the EU threshold); national: the national procedures of the act; belowNationalThreshold: neither. null when the value is not in euros.',
      },
      assessedOn: { type: 'string', format: 'date', description: 'The day (Helsinki time) whose thresholds were applied.' },
      contractType: { type: 'string', enum: [...CONTRACT_TYPES] },
      authorityKind: { type: 'string', enum: ['centralGovernment', 'subCentral'], description: "From the organisation's profile." },
      estimatedValue: object({ amount: number, currency: string, vatIncluded: { ...boolean, description: 'Always false: values are compared without VAT.' } }),
      nationalThreshold: nullableRef('Threshold'),
      euThreshold: nullableRef('Threshold'),
      procedures: { ...arrayOf({ type: 'string', enum: [...PROCEDURES] }), description: 'The procedures the plan may select at this value.' },
    }),
    description:
      'Which procurement rules apply. Values are compared without VAT, and a value equal to a threshold is at or above it (the directive and the act apply from the threshold up). See docs/thresholds.md.',
  },
  Threshold: object({
    amount: number,
    currency: string,
    validFrom: { type: 'string', format: 'date' },
    validTo: { ...nullable({ type: 'string', format: 'date' }), description: 'null: in force until replaced.' },
    source: { ...string, description: 'The legal source of the figure.' },
  }),
  PlanTeam: object({
    planId: uuid,
    version: { ...integer, description: "The plan's version (also the `ETag`)." },
    owner: object({ id: string, name: string }),
    members: arrayOf(object({ id: string, name: string })),
    candidates: { ...arrayOf(object({ id: string, name: string })), description: "The organisation's officers known to the service who are not on the team." },
  }),
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
