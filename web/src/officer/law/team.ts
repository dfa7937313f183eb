import type { Schemas } from '../../api/client';
import type { Session } from '../../auth/session';
import type { MessageKey } from '../../i18n/i18n';

export type ContractType = Schemas['PlanRegime']['contractType'];

/** The contract types of the law (src/thresholds), in the order the forms offer them. */
export const CONTRACT_TYPES: readonly ContractType[] = ['supplies', 'services', 'works', 'socialAndHealthServices', 'otherSpecificServices', 'concession'];

export const contractTypeText = (type: ContractType): MessageKey => `contractType.${type}`;

type TeamOf = Pick<Schemas['PlanSummary'], 'owner' | 'team'>;

/** Whether the person owns the plan or is a member of its team (the API's isOnTeam). */
export function isOnTeam(plan: TeamOf, personId: string): boolean {
  return plan.owner.id === personId || plan.team.some((m) => m.id === personId);
}

/**
 * Whether the signed-in person may change the plan: an officer only on its team; managers and
 * admins are judged by the roles of what they do, as the API does.
 */
export function canChangePlan(plan: TeamOf, caller: Session): boolean {
  return caller.role !== 'officer' || isOnTeam(plan, caller.id);
}
