import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { exportJWK, type JWK } from 'jose';
import { resolveSecret } from '../common/auth/jwt-secret';
import { Environment } from '../config/environment';

/**
 * JSON with object keys in code-point order at every depth, so a value hashes the same however it
 * was built or read back (PostgreSQL and SQLite return JSON columns with their own key order).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    // As JSON.stringify does: a key whose value is undefined is left out, so a value built in
    // memory and the same value read back from a JSON column digest alike.
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value === undefined ? null : value;
}

/** The Ed25519 signing key from AUDIT_SIGNING_KEY, or one generated once into the data folder. */
function resolveSigningKey(configured: string | undefined, sqlitePath: string): { key: KeyObject; generatedFile: string | null } {
  if (configured) return { key: createPrivateKey(configured.replace(/\\n/g, '\n')), generatedFile: null };
  const folder = sqlitePath === ':memory:' ? './data' : dirname(sqlitePath);
  const file = join(folder, 'audit-signing-key.pem');
  if (!existsSync(file)) {
    mkdirSync(folder, { recursive: true });
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    try {
      writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process created it first; use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return { key: createPrivateKey(readFileSync(file, 'utf8')), generatedFile: file };
}

/**
 * The audit trail's keys, held outside the database: an HMAC key for every hash of the trail, so
 * that someone who can write the database still cannot compute a valid chain, and an Ed25519 key
 * that signs checkpoints an operator keeps elsewhere.
 */
@Injectable()
export class AuditKeys {
  private readonly logger = new Logger(AuditKeys.name);
  private readonly hmacKey: Buffer;
  readonly signingKey: KeyObject;
  readonly verifyingKey: KeyObject;

  constructor(@Inject(Environment) env: Environment) {
    const secret = resolveSecret(env.AUDIT_KEY, env.SQLITE_PATH, 'audit-key');
    this.hmacKey = Buffer.from(secret.secret, 'utf8');
    const signing = resolveSigningKey(env.AUDIT_SIGNING_KEY, env.SQLITE_PATH);
    if (signing.key.asymmetricKeyType !== 'ed25519') throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 private key');
    this.signingKey = signing.key;
    this.verifyingKey = createPublicKey(signing.key);
    for (const file of [secret.generatedFile, signing.generatedFile]) {
      if (file)
        this.logger.warn(`Using the development audit key in ${file}; set AUDIT_KEY and AUDIT_SIGNING_KEY in production and keep them outside the database.`);
    }
  }

  /** HMAC-SHA256 of a text, hex. */
  mac(text: string): string {
    return createHmac('sha256', this.hmacKey).update(text).digest('hex');
  }

  /** The keyed digest of a stored record (a row's columns), independent of key order. */
  digest(record: Record<string, unknown>): string {
    return this.mac(canonicalJson(record));
  }

  publicJwk(): Promise<JWK> {
    return exportJWK(this.verifyingKey).then((jwk) => ({ ...jwk, alg: 'EdDSA', use: 'sig' }));
  }
}
