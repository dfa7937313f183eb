import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { Environment } from '../../config/environment';
import { UnauthorizedError } from '../errors';
import { codePointLength, hasLoneSurrogate, isInvisibleOnly, normaliseBusinessId } from '../text';
import type { Caller, HumanRole } from './caller';
import { resolveJwtSecret } from './jwt-secret';

const ROLES: readonly HumanRole[] = ['officer', 'supplier', 'manager', 'admin'];
const DEV_ISSUER = 'procurement-planning-engine/dev';

export interface TokenClaims {
  sub: string;
  name: string;
  role: HumanRole;
  org?: string;
  businessId?: string;
}

const hasControlCharacter = (value: string) => [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** The longest value each identity claim may have: the width of the column that stores it. */
const CLAIM_LENGTH: Record<string, number> = { sub: 200, name: 200, org: 100, businessId: 200 };
/** A token may be issued at most this far ahead of our clock (clock skew); beyond it, it is forged or broken. */
const MAX_IAT_SKEW_SECONDS = 60;

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

/** Verifies bearer tokens: HS256 with a shared secret in development, a JWKS endpoint in production. */
@Injectable()
export class TokenService {
  private readonly logger = new Logger(TokenService.name);
  /** Imported once: jose would otherwise import raw key bytes again on every request. */
  private readonly secret: KeyObject | null;
  private readonly jwks: JWTVerifyGetKey | null;

  constructor(@Inject(Environment) private readonly env: Environment) {
    if (env.AUTH_JWKS_URL) {
      this.jwks = createRemoteJWKSet(new URL(env.AUTH_JWKS_URL));
      this.secret = null;
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

  async verify(token: string): Promise<Caller> {
    let payload: JWTPayload;
    try {
      const options = {
        issuer: this.env.AUTH_ISSUER,
        audience: this.env.AUTH_AUDIENCE,
        clockTolerance: 5,
        requiredClaims: ['exp'],
      };
      payload = this.jwks
        ? (await jwtVerify(token, this.jwks, options)).payload
        : (await jwtVerify(token, this.secret!, { ...options, algorithms: ['HS256'] })).payload;
    } catch (err) {
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
    };
  }

  /** Signs a development token with the HS256 secret (CLI and tests; refused when a JWKS is configured). */
  async issue(claims: TokenClaims, expiresIn: string | number = '12h'): Promise<string> {
    if (!this.secret) throw new Error('Tokens are issued by the identity provider when AUTH_JWKS_URL is set');
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
