import type { Role } from '../../../workflows/common/types';

export type HumanRole = Exclude<Role, 'system'>;

/** The verified identity behind a request, taken from the bearer token's claims. */
export interface Caller {
  id: string;
  name: string;
  role: HumanRole;
  /** Buyer organisation of officers and managers; admins have none. */
  org: string | null;
  /** Business id of a supplier. */
  businessId: string | null;
}
