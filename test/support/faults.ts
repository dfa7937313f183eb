import { spawn } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { signDevToken } from '../../src/common/auth/token.service';
import { DIGIGREEN_WALK, ESPOO, newPlan, people, TAMPERE, TEST_PROFILES } from './factories';
import { REPO_ROOT } from './server-process';

/**
 * Tools for the fault suites: an HTTP call that records how long it took, a liveness probe, another
 * OS process holding SQLite's write lock, and a TCP proxy that can take PostgreSQL away.
 */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Answer {
  status: number;
  retryAfter: string | null;
  body: Record<string, unknown> | null;
  ms: number;
  /** Set when no HTTP answer came at all (refused, reset, timed out). */
  failure?: string;
}

/** One request with a JSON body; never throws: a missing answer is reported as status 0. */
export async function call(baseUrl: string, method: string, path: string, token?: string, body?: unknown, timeoutMs = 15_000): Promise<Answer> {
  const started = Date.now();
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> | null = null;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: parsed, ms: Date.now() - started };
  } catch (err) {
    return { status: 0, retryAfter: null, body: null, ms: Date.now() - started, failure: String((err as Error).message) };
  }
}

/** A database-unavailable refusal as the issue asks for it: 503, Retry-After, a JSON body naming the database. */
export function unavailableProblem(answer: Answer): string | null {
  if (answer.status !== 503) return `status ${answer.status}${answer.failure ? ` (${answer.failure})` : ''}: ${JSON.stringify(answer.body)}`;
  if (!answer.retryAfter || !/^\d+$/.test(answer.retryAfter)) return `Retry-After is ${answer.retryAfter}`;
  const database = answer.body?.database as { status?: string } | undefined;
  if (answer.body?.statusCode !== 503 || database?.status !== 'down') return `body ${JSON.stringify(answer.body)}`;
  return null;
}

/** Polls GET /health/live every `everyMs` until stopped, and keeps every sample. */
export class LivenessProbe {
  readonly samples: Answer[] = [];
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly baseUrl: string,
    everyMs = 200,
  ) {
    this.done = (async () => {
      while (!this.stopped) {
        const started = Date.now();
        this.samples.push(await call(this.baseUrl, 'GET', '/health/live', undefined, undefined, 5_000));
        await sleep(Math.max(0, everyMs - (Date.now() - started)));
      }
    })();
  }

  async stop(): Promise<Answer[]> {
    this.stopped = true;
    await this.done;
    return this.samples;
  }
}

export interface HeldLock {
  /** When the other process had the lock (its own report). */
  readonly lockedAt: number;
  /** Resolves when the other process rolled back and exited. */
  readonly released: Promise<void>;
}

/**
 * Another OS process takes SQLite's write lock on `path` (BEGIN IMMEDIATE and a write), holds it
 * for `holdMs`, rolls back and exits. Resolves once the lock is held.
 */
export function holdSqliteWriteLock(path: string, holdMs: number): Promise<HeldLock> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 10000');
    db.exec('BEGIN IMMEDIATE');
    db.prepare('UPDATE procurement_plans SET version = version').run();
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('ROLLBACK'); db.close(); process.stdout.write('released\\n'); }, Number(process.argv[2]));
  `;
  const child = spawn(process.execPath, ['-e', script, path, String(holdMs)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const released = new Promise<void>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`The lock holder exited with ${code}: ${stderr}`)))),
  );
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('locked')) resolve({ lockedAt: Date.now(), released });
    });
    released.catch(reject);
  });
}

/**
 * A TCP proxy on 127.0.0.1 in front of PostgreSQL. `down()` closes the listener and destroys
 * every proxied connection (clients see refused and terminated connections); `up()` listens again
 * on the same port.
 */
export class PgProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  private constructor(private readonly target: { host: string; port: number }) {}

  static async start(target = { host: '127.0.0.1', port: 5432 }): Promise<PgProxy> {
    const proxy = new PgProxy(target);
    await proxy.up();
    return proxy;
  }

  /** `url` (a postgres:// URL to the real server) with the proxy's host and port. */
  via(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  private forward(client: Socket): void {
    const upstream = connect(this.target.port, this.target.host);
    this.sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  get connections(): number {
    return this.sockets.size / 2;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  async up(): Promise<void> {
    if (this.server) return;
    this.server = await new Promise<Server>((resolve, reject) => {
      const server = createServer((client) => this.forward(client));
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve(server));
    });
    const address = this.server.address();
    if (typeof address === 'object' && address) this.port = address.port;
  }

  async close(): Promise<void> {
    await this.down();
  }
}

/** Creates a plan and walks it into the market dialogue; returns its id. */
/**
 * The test organisations state their profiles on a served app, as their managers would once (the
 * engagement notice names the buyer by it): createTestApp() does the same for in-process apps.
 */
export async function stateTestProfiles(baseUrl: string, secret: string): Promise<void> {
  const key = new TextEncoder().encode(secret);
  const managers: Record<string, (typeof people)['manager']> = { [ESPOO]: people.manager, [TAMPERE]: people.otherOrgManager };
  for (const [org, profile] of Object.entries(TEST_PROFILES)) {
    const token = await signDevToken(key, managers[org], '1h', {});
    const answer = await call(baseUrl, 'PUT', `/organisations/${org}/profile`, token, profile);
    if (answer.status !== 200) throw new Error(`Stating ${org}'s profile answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

export async function planInDialogue(baseUrl: string, officer: string): Promise<string> {
  const created = await call(baseUrl, 'POST', '/procurements', officer, newPlan());
  if (created.status !== 201) throw new Error(`Creating a plan answered ${created.status}: ${JSON.stringify(created.body)}`);
  const id = created.body!.id as string;
  for (const step of DIGIGREEN_WALK.slice(0, 6)) {
    const sent = await call(baseUrl, 'POST', `/procurements/${id}/events`, officer, step.event);
    if (sent.status !== 200) throw new Error(`${String(step.event.type)} answered ${sent.status}: ${JSON.stringify(sent.body)}`);
  }
  return id;
}
