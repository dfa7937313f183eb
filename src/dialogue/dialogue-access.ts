import type { PlanContext } from '../../workflows/common/context';
import type { Caller } from '../common/auth/caller';
import { ForbiddenError, NotFoundError } from '../common/errors';
import type { ProcurementPlanEntity } from '../procurements/procurement-plan.entity';

/** Suppliers see a plan's dialogue once its engagement notice is out or the dialogue has started. */
export function openToSuppliers(context: PlanContext): boolean {
  return context.engagementNotice !== null || context.dialogue.startedAt !== null;
}

/**
 * Who may see a plan's dialogue at all: its own organisation's officers and managers, admins, and
 * suppliers once it is open to the market. Everyone else is told it does not exist.
 */
export function assertCanSeeDialogue(plan: ProcurementPlanEntity, caller: Caller): void {
  const hidden = new NotFoundError(`Procurement plan ${plan.id} does not exist.`);
  if (caller.role === 'admin') return;
  if (caller.role === 'supplier') {
    if (!openToSuppliers(plan.snapshot.context)) throw hidden;
    return;
  }
  if (plan.organisationId !== caller.org) throw hidden;
}

export function assertOwningOfficer(plan: ProcurementPlanEntity, caller: Caller): void {
  if (caller.role !== 'officer' || plan.organisationId !== caller.org) {
    throw new ForbiddenError("Only an officer of the plan's organisation may do this.");
  }
}

export const MANAGERS_SEE_COUNTS = 'Managers see the dialogue as counts at GET /procurements/:id/dialogue.';
