import type { PlanContext } from '../../workflows/common/context';
import type { Caller } from '../common/auth/caller';
import type { TransitionOption } from '../engine/engine.service';
import type { AuditEventEntity } from '../engine/audit-event.entity';
import type { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import type { ContractType } from '../thresholds/thresholds';
import type { PlanRegimeView } from '../thresholds/threshold-rules.service';

export interface PlanSummaryView {
  id: string;
  ocid: string;
  title: string;
  cpvCode: string;
  estimatedValue: { amount: number; currency: string };
  organisation: string;
  owner: { id: string; name: string };
  /** The officers besides the owner who may change the plan. */
  team: Array<{ id: string; name: string }>;
  contractType: ContractType;
  workflow: { id: string; version: number };
  stage: string;
  version: number;
  stageEnteredAt: string;
  lastEventAt: string;
  /** The earliest pending deadline (a dialogue round's), if any. */
  nextDeadlineAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PlanDetailView extends PlanSummaryView {
  description: string;
  rationale: string | null;
  records: PlanContext;
  /** Which procurement rules apply at the plan's value: the thresholds in force today (src/thresholds). */
  regime: PlanRegimeView;
  /** The tags of the plan's stage in its workflow version (workflows/common/tags.ts): what it allows, without naming stages. */
  tags: string[];
  transitions: TransitionOption[];
}

export function planSummary(plan: ProcurementPlanEntity): PlanSummaryView {
  return {
    id: plan.id,
    ocid: plan.ocid,
    title: plan.title,
    cpvCode: plan.cpvCode,
    estimatedValue: { amount: plan.budgetAmount, currency: plan.budgetCurrency },
    organisation: plan.organisationId,
    owner: { id: plan.ownerId, name: plan.ownerName },
    team: plan.teamMembers.map((m) => ({ id: m.id, name: m.name })),
    contractType: plan.contractType,
    workflow: { id: plan.workflowId, version: plan.workflowVersion },
    stage: plan.stage,
    version: plan.version,
    stageEnteredAt: plan.stageEnteredAt.toISOString(),
    lastEventAt: plan.lastEventAt.toISOString(),
    nextDeadlineAt: plan.nextDeadlineAt?.toISOString() ?? null,
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}

export function planDetail(plan: ProcurementPlanEntity, regime: PlanRegimeView, tags: string[], transitions: TransitionOption[]): PlanDetailView {
  // `transitions` stays the last key: planAnswerJson (plan-answer.ts) writes it last. Added to the
  // summary object rather than spread into a new one: see `extended` (src/common/extended.ts).
  return Object.assign(planSummary(plan), {
    description: plan.description,
    rationale: plan.rationale,
    records: plan.snapshot.context,
    regime,
    tags,
    transitions,
  });
}

export interface AuditEventView {
  seq: number;
  type: string;
  actor: { id: string; name: string; role: string };
  fromStage: string | null;
  toStage: string;
  planVersion: number;
  payload: unknown;
  /** The stored records the event wrote, each with the keyed digest of its row (null: deleted). */
  records: Array<{ kind: string; id: string; digest: string | null }>;
  occurredAt: string;
  prevHash: string;
  hash: string;
}

/**
 * Who the suppliers in a dialogue are is for the plan's officers: managers and admins read the
 * trail with suppliers as counts, as they read the dialogue itself (the hashes still cover it all).
 */
function payloadFor(payload: unknown, caller: Pick<Caller, 'role'>): unknown {
  if (caller.role === 'officer' || payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  const rest: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  const ids = rest.businessIds;
  for (const identifying of ['businessId', 'businessIds', 'supplierName']) delete rest[identifying];
  if (Array.isArray(ids)) rest.suppliers = ids.length;
  return rest;
}

export function auditEventView(e: AuditEventEntity, caller: Pick<Caller, 'role'>): AuditEventView {
  return {
    seq: e.seq,
    type: e.type,
    actor:
      e.actorRole === 'supplier' && caller.role !== 'officer'
        ? { id: 'supplier', name: 'A supplier', role: 'supplier' }
        : { id: e.actorId, name: e.actorName, role: e.actorRole },
    fromStage: e.fromStage,
    toStage: e.toStage,
    planVersion: e.planVersion,
    payload: payloadFor(JSON.parse(e.payload) as unknown, caller),
    records: JSON.parse(e.records) as AuditEventView['records'],
    occurredAt: e.occurredAt.toISOString(),
    prevHash: e.prevHash,
    hash: e.hash,
  };
}
