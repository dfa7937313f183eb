import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface SecretSource {
  secret: string;
  generatedFile: string | null;
}

/**
 * The HS256 secret: AUTH_JWT_SECRET when set; otherwise one generated once into the data folder
 * and reused, so the server and `npm run token` agree without any configuration.
 */
export function resolveJwtSecret(configured: string | undefined, sqlitePath: string): SecretSource {
  if (configured) return { secret: configured, generatedFile: null };
  const folder = sqlitePath === ':memory:' ? './data' : dirname(sqlitePath);
  const file = join(folder, 'dev-jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return { secret: readFileSync(file, 'utf8').trim(), generatedFile: file };
}
