import { parseArgs } from 'node:util';
import type { HumanRole } from '../common/auth/caller';
import type { TokenClaims } from '../common/auth/token.service';

export const USAGE = `Prints a development bearer token signed with the server's HS256 secret.

  npm run token -- --role officer --org city-of-espoo [--sub anna] [--name "Anna Virtanen"] [--email anna@example.fi] [--locale fi] [--ttl 12h]
  npm run token -- --role supplier --business-id 1234567-8 [--sub acme-oy]

Roles: officer, manager (need --org), supplier (needs --business-id), admin.
Every token expires (the server refuses one without "exp"): --ttl takes seconds or a span such as
30m, 12h, 7d; the default is 12h. --expires is the older name of --ttl.
--email and --locale (fi, sv or en) become the token's email and locale claims: where and in which
language officers and managers get e-mail (docs/notifications.md).`;

const TTL = /^\d+\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)?$/i;

export interface TokenRequest {
  claims: TokenClaims;
  /** A span jose's setExpirationTime reads relative to now: "12h", "90s". */
  expiresIn: string;
}

/** The token the command line asks for, or null for --help; throws with the usage when it is incomplete. */
export function tokenRequest(args: string[]): TokenRequest | null {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string' },
      org: { type: 'string' },
      'business-id': { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      locale: { type: 'string' },
      ttl: { type: 'string' },
      expires: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return null;
  const role = values.role as HumanRole | undefined;
  if (!role || !['officer', 'manager', 'supplier', 'admin'].includes(role)) throw new Error(`--role is required.\n\n${USAGE}`);
  if ((role === 'officer' || role === 'manager') && !values.org) throw new Error(`--org is required for ${role}.\n\n${USAGE}`);
  if (role === 'supplier' && !values['business-id']) throw new Error(`--business-id is required for a supplier.\n\n${USAGE}`);

  if (values.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email))
    throw new Error(`--email must be an e-mail address, not "${values.email}".\n\n${USAGE}`);
  if (values.locale !== undefined && !['fi', 'sv', 'en'].includes(values.locale))
    throw new Error(`--locale must be fi, sv or en, not "${values.locale}".\n\n${USAGE}`);

  const ttl = values.ttl ?? values.expires ?? '12h';
  if (!TTL.test(ttl)) throw new Error(`--ttl must be seconds or a span such as 30m, 12h or 7d, not "${ttl}".\n\n${USAGE}`);

  const sub = values.sub ?? `${role}-${values.org ?? values['business-id'] ?? 'admin'}`;
  const claims: TokenClaims = { sub, name: values.name ?? sub, role };
  if (values.org) claims.org = values.org;
  if (values['business-id']) claims.businessId = values['business-id'];
  if (values.email) claims.email = values.email;
  if (values.locale) claims.locale = values.locale;
  return { claims, expiresIn: /^\d+$/.test(ttl) ? `${ttl}s` : ttl };
}
