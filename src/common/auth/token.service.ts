import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { Environment } from '../../config/environment';
import { isLanguage, type Language } from '../../i18n/language';
import { ServiceUnavailableError, UnauthorizedError } from '../errors';
import { codePointLength, hasLoneSurrogate, isInvisibleOnly, normaliseBusinessId } from '../text';
import type { Caller, HumanRole } from './caller';
import { resolveJwtSecret } from './jwt-secret';
import { extended } from '../extended';

const ROLES: readonly HumanRole[] = ['officer', 'supplier', 'manager', 'admin'];
const DEV_ISSUER = 'procurement-planning-engine/dev';

export interface TokenClaims {
  sub: string;
  name: string;
  role: HumanRole;
  org?: string;
  businessId?: string;
  /** Where notifications go (OpenID Connect standard claim). */
  email?: string;
  /** The person's language, BCP 47 (OpenID Connect standard claim): fi, sv or en is used for e-mail. */
  locale?: string;
}

const hasControlCharacter = (value: string) => [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** The longest value each identity claim may have: the width of the column that stores it. */
const CLAIM_LENGTH: Record<string, number> = { sub: 200, name: 200, org: 100, businessId: 200, email: 320 };
/** An address nodemailer can write to: one @, no spaces or angle brackets (the column holds 320 characters). */
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
/** A token may be issued at most this far ahead of our clock (clock skew); beyond it, it is forged or broken. */
const MAX_IAT_SKEW_SECONDS = 60;
/** After the identity provider failed to answer, it is asked again after this long; until then requests get 503 at once. */
export const PROVIDER_RETRY_AFTER_SECONDS = 2;

/** At most this many verified tokens are kept (least recently used go first). */
export const VERIFIED_TOKENS_MAX = 10_000;
/** A kept token is verified again after this long at the latest (a provider may withdraw its key). */
const VERIFIED_TOKEN_MAX_AGE_MS = 60_000;
/** How long one request to the identity provider (discovery or its key set) may take. */
const PROVIDER_TIMEOUT_MS = 5000;

/** The identity provider cannot be reached (or answers nonsense): the token cannot be checked now, which is not the caller's fault. */
function providerUnavailable(cause: unknown): ServiceUnavailableError {
  const error = new ServiceUnavailableError('auth.providerUnreachable', PROVIDER_RETRY_AFTER_SECONDS, 'identityProvider', 'unreachable');
  error.cause = cause;
  return error;
}

/**
 * Whether an error of jose's remote key set means its HTTP request failed (refused, timed out, not
 * 200, not a key set) rather than that the token names no key of the set.
 */
function isKeySetFetchFailure(err: unknown): boolean {
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) return true;
  // fetch() itself: "fetch failed" with the socket error as cause.
  if (err instanceof TypeError) return true;
  // "Expected 200 OK from the JSON Web Key Set HTTP response", "Failed to parse ... as JSON".
  return err instanceof joseErrors.JOSEError && err.code === joseErrors.JOSEError.code;
}

/** A remote key set whose fetch failures are 503s; a token naming an unknown key stays a jose error (401). */
function remoteKeySet(url: URL): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(url, { timeoutDuration: PROVIDER_TIMEOUT_MS });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (err) {
      throw isKeySetFetchFailure(err) ? providerUnavailable(err) : err;
    }
  };
}

/** `<issuer>/.well-known/openid-configuration` (OpenID Connect Discovery 1.0, section 4): a trailing slash of the issuer is dropped first. */
export function discoveryUrl(issuer: string): URL {
  return new URL(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
}

interface Discovered {
  /** The issuer as the provider spells it: the `iss` its tokens carry. */
  issuer: string;
  jwksUri: URL;
}

/** The issuer and `jwks_uri` of the provider's discovery document; throws when it cannot be fetched or is not usable. */
async function discover(issuer: string): Promise<Discovered> {
  const response = await fetch(discoveryUrl(issuer), {
    headers: { accept: 'application/json' },
    redirect: 'manual',
    signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
  });
  if (response.status !== 200) throw new Error(`it answered ${response.status}`);
  const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown } | null;
  // The same comparison as the console's (oauth4webapi): the issuer's URL, so https://id.example.org and https://id.example.org/ match.
  if (typeof document?.issuer !== 'string' || !URL.canParse(document.issuer) || new URL(document.issuer).href !== new URL(issuer).href) {
    throw new Error(`the document names the issuer ${JSON.stringify(document?.issuer)}, not OIDC_ISSUER ${issuer}`);
  }
  if (typeof document.jwks_uri !== 'string' || !/^https?:\/\//.test(document.jwks_uri) || !URL.canParse(document.jwks_uri)) {
    throw new Error(`the document has no http(s) jwks_uri (${JSON.stringify(document.jwks_uri)})`);
  }
  return { issuer: document.issuer, jwksUri: new URL(document.jwks_uri) };
}

/**
 * A string claim in NFC, or null when absent. Claims end up in audit records and hashes, so one
 * that could not be stored or hashed as written is refused rather than repaired.
 */
function stringClaim(payload: JWTPayload, name: string): string | null {
  const raw = payload[name];
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') throw new UnauthorizedError('auth.claimNotString', { claim: name });
  // Control characters (NUL above all) have no place in an identity and cannot be stored by PostgreSQL.
  if (hasControlCharacter(raw)) throw new UnauthorizedError('auth.claimControlCharacters', { claim: name });
  if (hasLoneSurrogate(raw)) throw new UnauthorizedError('auth.claimLoneSurrogate', { claim: name });
  const value = name === 'businessId' ? normaliseBusinessId(raw) : raw.normalize('NFC');
  if (value.trim().length === 0) return null;
  if (isInvisibleOnly(value)) throw new UnauthorizedError('auth.claimInvisible', { claim: name });
  if (codePointLength(value) > CLAIM_LENGTH[name]) {
    throw new UnauthorizedError('auth.claimTooLong', { claim: name, max: CLAIM_LENGTH[name] });
  }
  return value;
}

/**
 * The `email` claim when it is an address; null when absent or not one. It only tells the service
 * where to send notifications, so a provider's odd value costs the person their e-mails, not access.
 */
function emailClaim(payload: JWTPayload): string | null {
  const raw = payload.email;
  if (typeof raw !== 'string' || hasControlCharacter(raw) || hasLoneSurrogate(raw)) return null;
  const value = raw.normalize('NFC').trim();
  return EMAIL.test(value) && codePointLength(value) <= CLAIM_LENGTH.email ? value : null;
}

/** The `locale` claim's language when its primary subtag is fi, sv or en (`sv-FI`, `fi_FI`); null otherwise. */
function localeClaim(payload: JWTPayload): Language | null {
  const raw = payload.locale;
  if (typeof raw !== 'string') return null;
  const primary = raw.trim().toLowerCase().split(/[-_]/)[0];
  return isLanguage(primary) ? primary : null;
}

/**
 * Verifies bearer tokens: HS256 with a shared secret in development; in production the keys of an
 * identity provider, from AUTH_JWKS_URL or, with OIDC_ISSUER alone, from the `jwks_uri` of the
 * provider's discovery document.
 *
 * Discovery happens on the first token to verify, not at start-up, so a provider that is down does
 * not keep the service from starting (its health, public routes and console still answer). While the
 * provider cannot be reached, verification answers 503 `auth.providerUnreachable` with Retry-After
 * and asks the provider again once that has passed; the key set, once found, is kept.
 */
@Injectable()
export class TokenService {
  private readonly logger = new Logger(TokenService.name);
  /** Imported once: jose would otherwise import raw key bytes again on every request. */
  private readonly secret: KeyObject | null;
  private jwks: JWTVerifyGetKey | null;
  /** The `iss` tokens must carry: AUTH_ISSUER, else (OIDC_ISSUER) the provider's issuer once discovered. */
  private issuer: string | undefined;
  /** OIDC_ISSUER without AUTH_JWKS_URL: the discovery under way, if one is. */
  private discovery: Promise<JWTVerifyGetKey> | null = null;
  /** When the last failed discovery ended (ms since the epoch); no new attempt before the retry delay. */
  private discoveryFailedAt = Number.NEGATIVE_INFINITY;

  constructor(@Inject(Environment) private readonly env: Environment) {
    this.issuer = env.AUTH_ISSUER;
    if (env.AUTH_JWKS_URL) {
      this.jwks = remoteKeySet(new URL(env.AUTH_JWKS_URL));
      this.secret = null;
    } else if (env.OIDC_ISSUER) {
      this.jwks = null;
      this.secret = null;
      if (env.AUTH_JWT_SECRET) this.logger.warn("OIDC_ISSUER is set: AUTH_JWT_SECRET is ignored, tokens are verified with the provider's keys.");
    } else {
      const source = resolveJwtSecret(env.AUTH_JWT_SECRET, env.SQLITE_PATH);
      if (source.generatedFile) {
        this.logger.warn(
          `AUTH_JWT_SECRET is not set: using the development secret in ${source.generatedFile}. Set AUTH_JWT_SECRET or AUTH_JWKS_URL in production.`,
        );
      }
      this.secret = createSecretKey(Buffer.from(source.secret, 'utf8'));
      this.jwks = null;
    }
  }

  /** The provider's key set by discovery: the cached one, or a new attempt unless the last failed moments ago. */
  private providerKeys(): Promise<JWTVerifyGetKey> {
    if (this.jwks) return Promise.resolve(this.jwks);
    if (!this.discovery) {
      if (Date.now() - this.discoveryFailedAt < PROVIDER_RETRY_AFTER_SECONDS * 1000) {
        return Promise.reject(providerUnavailable(new Error('The identity provider failed moments ago')));
      }
      const issuer = this.env.OIDC_ISSUER!;
      this.discovery = discover(issuer).then(
        (found) => {
          this.logger.log(`Verifying tokens with the keys of ${found.issuer} (${found.jwksUri.href})`);
          this.issuer ??= found.issuer;
          this.jwks = remoteKeySet(found.jwksUri);
          this.discovery = null;
          return this.jwks;
        },
        (err: unknown) => {
          this.discovery = null;
          this.discoveryFailedAt = Date.now();
          const reason = err instanceof Error ? `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` : String(err);
          this.logger.warn(`OpenID Connect discovery at ${discoveryUrl(issuer).href} failed: ${reason}; asking again in ${PROVIDER_RETRY_AFTER_SECONDS} s`);
          throw providerUnavailable(err);
        },
      );
    }
    return this.discovery;
  }

  /**
   * Tokens that verified, by their exact text, each until it expires (and for a minute at most): a
   * client pays one signature check per token, not one per request (issue 16: jose's HMAC through
   * WebCrypto cost more CPU than the rest of the guard). Only successes are kept; every claim check
   * that could fail later (exp) is bounded by the entry's lifetime, the others only pass with time.
   */
  private readonly verified = new Map<string, { caller: Caller; until: number }>();

  async verify(token: string): Promise<Caller> {
    const now = Date.now();
    const kept = this.verified.get(token);
    if (kept) {
      this.verified.delete(token);
      if (now < kept.until) {
        this.verified.set(token, kept);
        return { ...kept.caller };
      }
    }
    const caller = await this.verifyAnew(token);
    const exp = this.expiryOf(token);
    if (exp !== null) {
      if (this.verified.size >= VERIFIED_TOKENS_MAX) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { caller: { ...caller }, until: Math.min(exp * 1000, now + VERIFIED_TOKEN_MAX_AGE_MS) });
    }
    return caller;
  }

  /** The `exp` of a token that just verified (verification requires one). */
  private expiryOf(token: string): number | null {
    const exp = (decodeJwt(token) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp : null;
  }

  private async verifyAnew(token: string): Promise<Caller> {
    let payload: JWTPayload;
    try {
      const keys = this.secret ? null : await this.providerKeys();
      const options = {
        issuer: this.issuer,
        audience: this.env.AUTH_AUDIENCE,
        clockTolerance: 5,
        requiredClaims: ['exp'],
      };
      payload = keys
        ? (await jwtVerify(token, keys, options)).payload
        : (await jwtVerify(token, this.secret!, extended(options, { algorithms: ['HS256'] }))).payload;
    } catch (err) {
      if (err instanceof ServiceUnavailableError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new UnauthorizedError('auth.tokenExpired');
      if (err instanceof joseErrors.JWTClaimValidationFailed) {
        if (err.claim === 'exp' && err.reason === 'missing') throw new UnauthorizedError('auth.tokenNoExpiry');
        throw new UnauthorizedError('auth.claimRejected', { claim: err.claim });
      }
      throw new UnauthorizedError('auth.tokenInvalid');
    }
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + MAX_IAT_SKEW_SECONDS) {
      throw new UnauthorizedError('auth.tokenFromFuture');
    }
    return this.toCaller(payload);
  }

  private toCaller(payload: JWTPayload): Caller {
    const id = stringClaim(payload, 'sub');
    const role = payload.role;
    if (!id) throw new UnauthorizedError('auth.subjectMissing');
    if (typeof role !== 'string' || !ROLES.includes(role as HumanRole)) {
      throw new UnauthorizedError('auth.roleUnknown', { roles: ROLES.join(', ') });
    }
    const org = role === 'officer' || role === 'manager' ? stringClaim(payload, 'org') : null;
    const businessId = role === 'supplier' ? stringClaim(payload, 'businessId') : null;
    if ((role === 'officer' || role === 'manager') && !org) {
      throw new UnauthorizedError('auth.organisationMissing', { role });
    }
    if (role === 'supplier' && !businessId) {
      throw new UnauthorizedError('auth.businessIdMissing');
    }
    return {
      id,
      name: stringClaim(payload, 'name') ?? id,
      role: role as HumanRole,
      org,
      businessId,
      email: emailClaim(payload),
      locale: localeClaim(payload),
    };
  }

  /** Signs a development token with the HS256 secret (CLI and tests; refused when an identity provider is configured). */
  async issue(claims: TokenClaims, expiresIn: string | number = '12h'): Promise<string> {
    if (!this.secret) throw new Error('Tokens are issued by the identity provider when AUTH_JWKS_URL or OIDC_ISSUER is set');
    return signDevToken(this.secret, claims, expiresIn, this.env);
  }
}

export async function signDevToken(
  secret: Uint8Array | KeyObject,
  claims: TokenClaims,
  expiresIn: string | number,
  env: Pick<Environment, 'AUTH_ISSUER' | 'AUTH_AUDIENCE'>,
): Promise<string> {
  let jwt = new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setIssuer(env.AUTH_ISSUER ?? DEV_ISSUER)
    .setExpirationTime(expiresIn);
  if (env.AUTH_AUDIENCE) jwt = jwt.setAudience(env.AUTH_AUDIENCE);
  return jwt.sign(secret);
}
