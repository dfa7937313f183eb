import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The real service as a separate process (`node dist/src/main.js`), so a test can SIGKILL it
 * mid-load and start it again on the same database — what an in-process Nest app cannot show.
 */

/** Tests run in Jest's native ESM mode: no __dirname, the repository root is the working directory. */
export const REPO_ROOT = process.cwd();

/** Compiles src/ into dist/ when sources changed since the last build (as `npm start` does). */
export async function buildIfNeeded(timeoutMs = 170_000): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'scripts', 'build-if-needed.js')], {
      cwd: REPO_ROOT,
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`node scripts/build-if-needed.js failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

export interface BuildSnapshot {
  /** The copy's entry point, to run as `node <main>`. */
  main: string;
  remove(): void;
}

/**
 * A private copy of dist/, so every start and restart of one suite runs the same build even if
 * someone rebuilds dist/ meanwhile (a restart must bring back the same program that crashed).
 * The copy resolves its packages from the repository's node_modules through NODE_PATH.
 */
export function snapshotBuild(): BuildSnapshot {
  const dir = mkdtempSync(join(tmpdir(), 'ppe-build-'));
  cpSync(join(REPO_ROOT, 'dist'), dir, { recursive: true });
  return { main: join(dir, 'src', 'main.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A port nobody listens on right now (the kernel picks it; it is released before use). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('No free port'))));
    });
  });
}

/** Variables the service reads (src/config/environment.ts): never inherited from the test runner's environment. */
const SERVICE_VARIABLES = [
  'PORT',
  'HOST',
  'SQLITE_PATH',
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
  'DIALOGUE_MAX_QUESTIONS_PER_ROUND',
  'DIALOGUE_MAX_QUESTION_LENGTH',
  'OCID_PREFIX',
  'TIMER_POLL_INTERVAL_MS',
  'ANONYMISATION_SECRET',
  'CONSOLE_DIR',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_SCOPE',
  'OIDC_RESOURCE',
  'NODE_ENV',
  'OUTBOX_POLL_INTERVAL_MS',
  'WEBHOOK_ALLOW_PRIVATE',
  'WEBHOOK_SECRET_KEY',
  'WEBHOOK_TIMEOUT_MS',
  'DELIVERY_LEASE_MS',
  'SMTP_URL',
  'MAIL_FROM',
  'PUBLIC_URL',
  'APPROVAL_REMINDER_DAYS',
];

/** Every child started here, so an aborted suite can still kill them all (see killAllServers). */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when Jest tears the worker down without running afterAll.
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

export interface ServerProcess {
  readonly pid: number;
  readonly port: number;
  readonly baseUrl: string;
  /** How long from spawn until GET /health answered 200. */
  readonly startedInMs: number;
  /** True while the process has not exited. */
  alive(): boolean;
  /** Why the process exited, if it did: code or signal, and the end of its stderr. */
  exitReason(): string | null;
  /** SIGKILL: no shutdown hooks, no flushing, in-flight requests and transactions cut off. Resolves once it is gone. */
  kill(): Promise<void>;
}

export interface StartOptions {
  /** The compiled entry point (a snapshotBuild() copy); dist/src/main.js of the repository otherwise. */
  main?: string;
  /** Variables for the service (database, secrets, limits); PORT and HOST are chosen here. */
  env: Record<string, string>;
  /** How long to wait for GET /health to answer 200. */
  readyTimeoutMs?: number;
}

/**
 * Spawns `node dist/src/main.js` on a fresh port and waits until GET /health is 200. Should the
 * port be taken between probing and listening, the start is tried again on another one.
 */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(options, await freePort());
    } catch (err) {
      if (attempt >= 3 || !/EADDRINUSE/.test(String((err as Error).message))) throw err;
    }
  }
}

async function startOnce(options: StartOptions, port: number): Promise<ServerProcess> {
  installExitHook();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SERVICE_VARIABLES) delete env[name];
  const nodePath = [join(REPO_ROOT, 'node_modules'), env.NODE_PATH].filter(Boolean).join(delimiter);
  Object.assign(env, options.env, { PORT: String(port), HOST: '127.0.0.1', NODE_PATH: nodePath });

  const started = Date.now();
  const child = spawn(process.execPath, [options.main ?? join(REPO_ROOT, 'dist', 'src', 'main.js')], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stdout?.resume();
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      running.delete(child);
      resolve();
    });
  });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));

  const exitReason = () => (exit ? `exited with ${exit.signal ?? `code ${exit.code}`}${stderr ? `; stderr: ${stderr.trim()}` : ''}` : null);
  const baseUrl = `http://127.0.0.1:${port}`;
  const kill = async () => {
    if (exit) return;
    child.kill('SIGKILL');
    await exited;
  };

  const deadline = started + (options.readyTimeoutMs ?? 45_000);
  const waitReady = async () => {
    for (;;) {
      if (exit) throw new Error(`The service ${exitReason()} before it was ready`);
      try {
        const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`The service did not answer GET /health within ${options.readyTimeoutMs ?? 45_000} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    await Promise.race([waitReady(), spawnError]);
  } catch (err) {
    await kill();
    throw err;
  }
  return {
    pid: child.pid ?? -1,
    port,
    baseUrl,
    startedInMs: Date.now() - started,
    alive: () => exit === null,
    exitReason,
    kill,
  };
}

/** Kills every child this module started that is still running (afterAll). */
export async function killAllServers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
