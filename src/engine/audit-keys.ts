import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { exportJWK, type JWK } from 'jose';
import { resolveSecret } from '../common/auth/jwt-secret';
import { Environment } from '../config/environment';
import { extended } from '../common/extended';

/**
 * JSON with object keys in code-point order at every depth, so a value hashes the same however it
 * was built or read back (PostgreSQL and SQLite return JSON columns with their own key order).
 *
 * Written straight into the text (issue 16: it digests every plan's whole state at every change):
 * the same text as `JSON.stringify` of a copy with sorted keys, which this function was until then,
 * and which the chains already stored were hashed with — so, as in such a copy, keys that are array
 * indexes ("0", "17") come first in numeric order, a key whose value is undefined is left out, and
 * a Date is its ISO text. `audit-keys.spec.ts` holds that first version and compares the two.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value) ?? 'null';
}

/** A key JavaScript orders as an array index: an integer in canonical form below 2^32 − 1. */
const INDEX_KEY = /^(?:0|[1-9][0-9]{0,9})$/;
const isIndexKey = (key: string) => INDEX_KEY.test(key) && Number(key) < 4_294_967_295;

/** What JSON escapes in a string: quote, backslash, control characters, surrogates (paired ones are kept as they are). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what the pattern looks for
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;
const quoted = (text: string) => (ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`);

/** The canonical text of a value; undefined where JSON has none (undefined, a function, a symbol). */
function canonical(value: unknown): string | undefined {
  if (typeof value === 'string') return quoted(value);
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += (i === 0 ? '' : ',') + (canonical(value[i]) ?? 'null');
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  // As an object built from the sorted entries lists them: array-index keys first, in numeric order.
  const indexes = keys.filter(isIndexKey);
  const ordered = indexes.length === 0 ? keys : [...indexes.sort((a, b) => Number(a) - Number(b)), ...keys.filter((key) => !isIndexKey(key))];
  let out = '{';
  let first = true;
  for (const key of ordered) {
    // Left out, as JSON.stringify leaves them out: undefined, functions, symbols.
    const text = canonical(record[key]);
    if (text === undefined) continue;
    out += `${first ? '' : ','}${quoted(key)}:${text}`;
    first = false;
  }
  return `${out}}`;
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
    return exportJWK(this.verifyingKey).then((jwk) => extended(jwk, { alg: 'EdDSA', use: 'sig' }));
  }
}
