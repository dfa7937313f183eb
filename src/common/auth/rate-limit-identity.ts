import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { Caller } from './caller';
import type { TokenService } from './token.service';

/** The one Authorization spelling the AuthGuard accepts; any other is refused there and limited by IP here. */
const BEARER = /^Bearer ([A-Za-z0-9_\-.]+)$/;

interface Entry {
  key: string;
  /** Milliseconds since the epoch after which the token no longer verifies. */
  expiresAt: number;
}

/**
 * The rate-limit key of a request: who sent it, as a *verified* token says (role, `sub`, and the
 * organisation or business id), so that respelling one token or holding several tokens of one user
 * gives no extra budget, and invented identities in unsigned claims give none either. Requests
 * without a token that verifies are keyed by IP address.
 *
 * Verification runs in the rate limiter's `onRequest` hook, before the AuthGuard; each token's
 * identity is kept until the token expires, so a client costs one signature check per token, not
 * one per request.
 */
export class RateLimitIdentity {
  private readonly verified = new Map<string, Entry>();

  constructor(
    private readonly tokens: Pick<TokenService, 'verify'>,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async keyOf(authorization: string | undefined, ip: string): Promise<string> {
    const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (!token) return `ip:${ip}`;
    const cached = this.verified.get(token);
    if (cached && cached.expiresAt > this.now()) return cached.key;
    if (cached) this.verified.delete(token);
    let caller: Caller;
    try {
      caller = await this.tokens.verify(token);
    } catch {
      return `ip:${ip}`;
    }
    const key = `id:${createHash('sha256')
      .update(JSON.stringify([caller.role, caller.id, caller.org ?? caller.businessId]))
      .digest('base64url')}`;
    // verify() refuses tokens without exp, so a verified token always has one.
    const expiresAt = (decodeJwt(token).exp ?? 0) * 1000;
    if (this.verified.size >= this.maxEntries) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { key, expiresAt });
    return key;
  }
}
