import type { Caller } from '../common/auth/caller';
import { ForbiddenError, NotFoundError } from '../common/errors';
import type { ProcurementPlanEntity } from '../engine/procurement-plan.entity';

/**
 * Officers and managers see their own organisation's plans, admins all. A plan of another
 * organisation answers 404, as if it did not exist, so ids reveal nothing.
 */
export function assertCanSee(plan: ProcurementPlanEntity, caller: Caller): void {
  if (caller.role === 'admin') return;
  if (caller.role === 'supplier') throw new ForbiddenError('plan.suppliersNoAccess');
  if (plan.organisationId !== caller.org) throw new NotFoundError('plan.notFound', { planId: plan.id });
}

/** The organisation whose plans a caller may list, or null for all (admins only). */
export function listScope(caller: Caller, requested: string | undefined): string | null {
  if (caller.role === 'admin') return requested ?? null;
  if (requested !== undefined && requested !== caller.org) {
    throw new ForbiddenError('plan.ownOrganisationOnly', { org: caller.org });
  }
  return caller.org;
}

/** Whether the person owns the plan or is a member of its team. */
export function isOnTeam(plan: Pick<ProcurementPlanEntity, 'ownerId' | 'teamMembers'>, personId: string): boolean {
  return plan.ownerId === personId || plan.teamMembers.some((m) => m.id === personId);
}

/**
 * Officers change a plan (its events, its fields, its dialogue, criteria and goals) only on its team;
 * the organisation's other officers read it. Managers and admins are judged by the roles of what they do.
 */
export function assertOnTeam(plan: ProcurementPlanEntity, caller: Caller): void {
  if (caller.role === 'officer' && !isOnTeam(plan, caller.id)) throw new ForbiddenError('plan.teamOnly', { owner: plan.ownerName });
}
