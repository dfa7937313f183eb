import { useSearchParams } from 'react-router-dom';
import { useCaller } from '../auth/session';

/**
 * Whose webhooks the page shows: a manager's own organisation; for an admin, who belongs to none,
 * the one named in `?org=` (kept in the address so the delivery log and a reload keep it).
 */
export function useWebhookOrganisation(): { org: string | null; admin: boolean; choose(org: string): void; search: string } {
  const caller = useCaller();
  const [params, setParams] = useSearchParams();
  const admin = caller.role === 'admin';
  const org = admin ? params.get('org')?.trim() || null : caller.org;
  return {
    org,
    admin,
    choose: (next) => setParams(next ? { org: next } : {}),
    search: admin && org ? `?${new URLSearchParams({ org }).toString()}` : '',
  };
}
