import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

/** See Environment.SQLITE_CACHE_MIB; measured in decision 0028, session 21. */
export const SQLITE_CACHE_MIB_DEFAULT = 2;

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : value === true || value === 'true' || value === '1'
      ? true
      : value === false || value === 'false' || value === '0'
        ? false
        : value;
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== '')
    : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Every setting the service reads from its environment, validated once at start-up. */
export class Environment {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsOptional()
  @IsString()
  HOST: string = '0.0.0.0';

  @IsOptional()
  @IsString()
  @MinLength(1)
  SQLITE_PATH: string = './data/procurement.sqlite';

  /**
   * SQLite's page cache of the app's connection, MiB. The default is SQLite's own size; on a large
   * file with many plans in use, 32 keeps the pages their transitions read (7 % more transitions on
   * 100,000 plans) for some 18 MiB more memory (decision 0028, session 21).
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(4096)
  SQLITE_CACHE_MIB: number = SQLITE_CACHE_MIB_DEFAULT;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters long' })
  AUTH_JWT_SECRET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  AUTH_ISSUER?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  AUTH_AUDIENCE?: string;

  /** The organisation's OpenID Connect provider: the console signs people in there (authorization code + PKCE). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'OIDC_ISSUER must be an http(s) URL' })
  OIDC_ISSUER?: string;

  /** The console's client id at OIDC_ISSUER (a public client: no secret, PKCE). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  OIDC_CLIENT_ID?: string;

  /** Scopes the console asks for. */
  @IsOptional()
  @IsString()
  OIDC_SCOPE: string = 'openid profile';

  /** The resource indicator (RFC 8707) the console names so the access token is issued for this API; AUTH_AUDIENCE when unset. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  OIDC_RESOURCE?: string;

  /** Where the built web console is (dist/web beside the server by default). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  CONSOLE_DIR?: string;

  /** `production` turns every development convenience off (generated secrets, the console's development sign-in). */
  @IsOptional()
  @IsString()
  NODE_ENV: string = 'development';

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Largest accepted request body, in bytes. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES: number = 1024 * 1024;

  /** Write requests one user may send per minute; 0 turns the limit off. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RATE_LIMIT_WRITES_PER_MINUTE: number = 600;

  /** Read requests one user may send per minute; 0 turns the limit off. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RATE_LIMIT_READS_PER_MINUTE: number = 3000;

  /** Clarification questions one supplier may ask in one dialogue round. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  DIALOGUE_MAX_QUESTIONS_PER_ROUND: number = 50;

  /** Longest clarification question, in characters. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(5000)
  DIALOGUE_MAX_QUESTION_LENGTH: number = 2000;

  /** Registered OCDS prefix of the publisher; plan ocids are `<prefix>-<plan id>`. */
  @IsOptional()
  @Matches(/^ocds-[a-z0-9]{6}$/, { message: 'OCID_PREFIX must be a registered OCDS prefix such as ocds-abc123' })
  OCID_PREFIX: string = 'ocds-pl4n3r';

  /** How often due timers (dialogue deadlines) are looked for; 0 fires them only at start-up. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  TIMER_POLL_INTERVAL_MS: number = 1000;

  /**
   * How often the outbox is looked at for committed events to hand on (webhooks, e-mail); a commit also wakes it.
   * 0: the dispatcher and the webhook and e-mail senders run only when asked (tests settle them
   * explicitly): no pass at start, no polling, no wake-ups after commits.
   */
  @IsOptional()
  @ValidateIf((env: { OUTBOX_POLL_INTERVAL_MS?: unknown }) => env.OUTBOX_POLL_INTERVAL_MS !== 0)
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(3_600_000)
  OUTBOX_POLL_INTERVAL_MS: number = 1000;

  /** `true` lets webhooks target loopback and private addresses (tests, a receiver on the same host); refused otherwise. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE: boolean = false;

  /**
   * Comma-separated hosts webhooks may be sent to (`cases.example.fi`, or `.example.fi` for every host
   * under it); empty: any public host. Checked when a webhook is saved and at every delivery.
   */
  @IsOptional()
  @Transform(toList)
  @IsString({ each: true })
  WEBHOOK_ALLOWED_HOSTS: string[] = [];

  /** Encrypts webhook signing secrets at rest (32 characters or more); generated into the data folder when unset. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, { message: 'WEBHOOK_SECRET_KEY must be at least 32 characters long' })
  WEBHOOK_SECRET_KEY?: string;

  /** How long one delivery attempt may take before it counts as failed. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS: number = 10_000;

  /** How long an instance holds a delivery (or an e-mail) it is sending; when it dies, another sends it after this. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(600_000)
  DELIVERY_LEASE_MS: number = 60_000;

  /** The SMTP server e-mail goes through (smtp:// or smtps://, credentials in the URL); without it no e-mail is sent. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The sender of e-mails, e.g. `Hankintasuunnittelu <noreply@example.fi>`. */
  @IsOptional()
  @IsString()
  @MinLength(3)
  MAIL_FROM: string = 'Procurement planning <noreply@localhost>';

  /** The eForms SDK and Hilma's national tailoring (read, never copied): notices are written from their field metadata. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  EFORMS_DIR: string = '../shared/eforms';

  /** Where people reach the service: links in e-mails point here (the console at /app/). */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL: string = 'http://localhost:3000';

  /** Managers are reminded of a plan that has waited for approval this many days. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  APPROVAL_REMINDER_DAYS: number = 5;

  /** Keys the anonymous hash that stands for a supplier in published Q&A; generated into the data folder when unset. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, { message: 'ANONYMISATION_SECRET must be at least 32 characters long' })
  ANONYMISATION_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE: number = 10;

  /** The language of answers whose request names none of fi, sv, en in Accept-Language. */
  @IsOptional()
  @IsIn(['en', 'fi', 'sv'], { message: 'DEFAULT_LANGUAGE must be one of en, fi, sv' })
  DEFAULT_LANGUAGE: 'en' | 'fi' | 'sv' = 'en';

  /** Keys the audit trail's hashes (HMAC-SHA256); held outside the database. Generated into the data folder when unset. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, { message: 'AUDIT_KEY must be at least 32 characters long' })
  AUDIT_KEY?: string;

  /** Signs audit checkpoints: an Ed25519 private key, PKCS#8 PEM (newlines may be written as \\n). Generated into the data folder when unset. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @Matches(/-----BEGIN PRIVATE KEY-----/, { message: 'AUDIT_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM form' })
  AUDIT_SIGNING_KEY?: string;
}

export class InvalidEnvironmentError extends Error {}

/** Validates `process.env`; the error names every variable that is wrong and why. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new InvalidEnvironmentError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (raw.NODE_ENV === 'production') {
    // Without these, secrets would be generated into the data folder: fine on a laptop, lost or unshared in production.
    const given = (name: string) => typeof raw[name] === 'string' && raw[name] !== '';
    const missing = [
      given('AUTH_JWT_SECRET') || given('AUTH_JWKS_URL') || given('OIDC_ISSUER') ? null : 'AUTH_JWT_SECRET or AUTH_JWKS_URL',
      ...['ANONYMISATION_SECRET', 'AUDIT_KEY', 'AUDIT_SIGNING_KEY', 'WEBHOOK_SECRET_KEY'].map((name) => (given(name) ? null : name)),
    ].filter((name) => name !== null);
    if (missing.length > 0) {
      throw new InvalidEnvironmentError(`Invalid configuration:\n${missing.map((name) => `  ${name} must be set when NODE_ENV=production`).join('\n')}`);
    }
  }
  if (env.OIDC_ISSUER && (!env.OIDC_CLIENT_ID || !env.AUTH_AUDIENCE)) {
    throw new InvalidEnvironmentError('Invalid configuration:\n  OIDC_ISSUER is set, so OIDC_CLIENT_ID and AUTH_AUDIENCE must be set too');
  }
  if (env.AUTH_JWKS_URL && (!env.AUTH_ISSUER || !env.AUTH_AUDIENCE)) {
    throw new InvalidEnvironmentError('Invalid configuration:\n  AUTH_JWKS_URL is set, so AUTH_ISSUER and AUTH_AUDIENCE must be set too');
  }
  return env;
}
