import type { Caller } from '../common/auth/caller';
import { ForbiddenError, NotFoundError } from '../common/errors';
import { assertOnTeam } from '../procurements/plan-access';
import type { ProcurementPlanEntity } from '../engine/procurement-plan.entity';

/**
 * Who may see a plan's dialogue at all: its own organisation's officers and managers, admins (as
 * counts, see assertSeesDialogueContent), and suppliers once it is open to the market. Everyone else
 * is told it does not exist.
 */
export function assertCanSeeDialogue(plan: ProcurementPlanEntity, caller: Caller): void {
  const hidden = new NotFoundError('plan.notFound', { planId: plan.id });
  if (caller.role === 'admin') return;
  if (caller.role === 'supplier') {
    // Set when the engagement notice is published or the dialogue starts (see OpenPlansService).
    if (plan.openToSuppliersAt === null) throw hidden;
    return;
  }
  if (plan.organisationId !== caller.org) throw hidden;
}

/** The dialogue is run by the officers of the plan's team (its owner and members). */
export function assertOwningOfficer(plan: ProcurementPlanEntity, caller: Caller): void {
  if (caller.role !== 'officer' || plan.organisationId !== caller.org) {
    throw new ForbiddenError('dialogue.officerOnly');
  }
  assertOnTeam(plan, caller);
}

/** Managers and platform admins see a dialogue as counts only: no supplier contacts, askers, trade secrets or minutes. */
export function seesCountsOnly(caller: Caller): boolean {
  return caller.role === 'manager' || caller.role === 'admin';
}

/** Refuses the dialogue's lists of supplier content to those who see counts only. */
export function assertSeesDialogueContent(caller: Caller): void {
  if (caller.role === 'manager') throw new ForbiddenError('dialogue.managersSeeCounts');
  if (caller.role === 'admin') throw new ForbiddenError('dialogue.adminsSeeCounts');
}
