/**
 * The service under test as a child process: `node dist/src/main.js` in production mode on a port
 * of its own, with the benchmark's database, and helpers to talk to it.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { signDevToken, type TokenClaims } from '../src/common/auth/token.service';
import { cpuSecondsOf, freePort, memoryOf, start, stop, type Memory, type Spawned } from './processes';

export interface AppOptions {
  /** Root of the build to run (a snapshot of dist/). */
  distDir: string;
  /** Repository root (working directory; node_modules). */
  repoRoot: string;
  sqlitePath: string;
  databaseUrl?: string;
  poolSize?: number;
  jwtSecret: string;
  anonymisationSecret: string;
  logLevel: string;
  timerPollMs?: number;
  nodeArgs: string[];
  label: string;
}

/**
 * Production refuses to start without its audit keys (and the key of webhook secrets). One pair per benchmark run, shared by every
 * instance it starts (two instances on one database must key and sign alike).
 */
const AUDIT_KEY = randomBytes(32).toString('base64url');
const AUDIT_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const WEBHOOK_SECRET_KEY = randomBytes(32).toString('base64url');

/** The service's own variables are never inherited from the benchmark's environment. */
const SERVICE_VARIABLES = [
  'PORT',
  'HOST',
  'SQLITE_PATH',
  'SQLITE_CACHE_MIB',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'AUTH_JWT_SECRET',
  'AUTH_JWKS_URL',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'LOG_LEVEL',
  'BODY_LIMIT_BYTES',
  'RATE_LIMIT_WRITES_PER_MINUTE',
  'RATE_LIMIT_READS_PER_MINUTE',
  'OCID_PREFIX',
  'TIMER_POLL_INTERVAL_MS',
  'ANONYMISATION_SECRET',
  'AUDIT_KEY',
  'AUDIT_SIGNING_KEY',
  'WEBHOOK_SECRET_KEY',
  'OUTBOX_POLL_INTERVAL_MS',
  'SMTP_URL',
  'DIALOGUE_MAX_QUESTIONS_PER_ROUND',
  'DIALOGUE_MAX_QUESTION_LENGTH',
];

export function serviceEnv(options: Omit<AppOptions, 'distDir' | 'repoRoot' | 'nodeArgs' | 'label'>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SERVICE_VARIABLES) delete env[name];
  Object.assign(env, {
    NODE_ENV: 'production',
    SQLITE_PATH: options.sqlitePath,
    AUTH_JWT_SECRET: options.jwtSecret,
    ANONYMISATION_SECRET: options.anonymisationSecret,
    AUDIT_KEY,
    AUDIT_SIGNING_KEY,
    WEBHOOK_SECRET_KEY,
    LOG_LEVEL: options.logLevel,
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    RATE_LIMIT_READS_PER_MINUTE: '0',
    ...(options.timerPollMs === undefined ? {} : { TIMER_POLL_INTERVAL_MS: String(options.timerPollMs) }),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.poolSize ? { DATABASE_POOL_SIZE: String(options.poolSize) } : {}),
    ...extra,
  });
  return env;
}

export class App {
  private constructor(
    readonly options: AppOptions,
    readonly port: number,
    readonly process: Spawned,
    readonly startupMs: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.process.pid;
  }

  static async start(options: AppOptions): Promise<App> {
    const port = await freePort();
    // The build may be a copy outside the repository: packages resolve from the repository's node_modules.
    const env = serviceEnv(options, { PORT: String(port), HOST: '127.0.0.1', NODE_PATH: join(options.repoRoot, 'node_modules') });
    const started = Date.now();
    const spawned = start(process.execPath, [...options.nodeArgs, join(options.distDir, 'src', 'main.js')], {
      env,
      cwd: options.repoRoot,
      label: options.label,
    });
    const app = new App(options, port, spawned, 0);
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (spawned.child.exitCode !== null || spawned.child.signalCode !== null) {
        throw new Error(`${options.label} exited while starting:\n${spawned.output()}`);
      }
      try {
        const res = await fetch(`${app.url}/health/live`);
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await stop(spawned);
        throw new Error(`${options.label} did not answer /health/live within 180 s:\n${spawned.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return new App(options, port, spawned, Date.now() - started);
  }

  memory(): Memory {
    return memoryOf(this.pid);
  }

  cpuSeconds(): number {
    return cpuSecondsOf(this.pid);
  }

  async stop(): Promise<void> {
    await stop(this.process);
  }

  token(claims: TokenClaims): Promise<string> {
    return signDevToken(new TextEncoder().encode(this.options.jwtSecret), claims, '24h', { AUTH_ISSUER: undefined, AUTH_AUDIENCE: undefined });
  }

  async request<T>(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as T };
  }
}
