import type { Role } from '../../../workflows/common/types';
import type { Language } from '../../i18n/language';

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
  /** The `email` claim: where the service may write to the person (the people directory, docs/notifications.md). */
  email: string | null;
  /** The `locale` claim when it names fi, sv or en (`fi-FI` is fi); null otherwise. */
  locale: Language | null;
}
