import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface SecretSource {
  secret: string;
  generatedFile: string | null;
}

/**
 * A secret from its variable when set; otherwise one generated once into the data folder and
 * reused, so the server and `npm run token` agree without any configuration. Several instances
 * on one PostgreSQL database must be given the same value through the variable.
 */
export function resolveSecret(configured: string | undefined, sqlitePath: string, fileName: string): SecretSource {
  if (configured) return { secret: configured, generatedFile: null };
  const folder = sqlitePath === ':memory:' ? './data' : dirname(sqlitePath);
  const file = join(folder, fileName);
  if (!existsSync(file)) {
    mkdirSync(folder, { recursive: true });
    try {
      writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process created it first; use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return { secret: readFileSync(file, 'utf8').trim(), generatedFile: file };
}

export const resolveJwtSecret = (configured: string | undefined, sqlitePath: string) => resolveSecret(configured, sqlitePath, 'dev-jwt-secret');
