import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { signDevToken } from '../src/common/auth/token.service';
import { DIGIGREEN_WALK, ESPOO, newPlan, people } from './support/factories';
import { buildIfNeeded, killAllServers, snapshotBuild, startServer, type BuildSnapshot, type ServerProcess } from './support/server-process';
import { createTestDatabase, testDriver, type TestDatabase } from './support/test-database';

/**
 * Issue 12, must show 2: the service runs as a child process; it is SIGKILLed while webhook
 * deliveries of committed changes are in flight (the receiver holds them unanswered) and right after
 * a change was acknowledged (before or during its delivery). Started again on the same database, it
 * delivers every committed event, each with the `webhook-id` (and signature) it had before the crash.
 */

const SECRET = 'outbox-crash-secret-that-is-long-enough-for-hs256';
const driver = testDriver();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Received {
  webhookId: string;
  type: string;
  eventId: string;
  subject: string;
  planVersion: number;
}

/** A receiver that verifies every signature; `hold` keeps requests unanswered (the sender's attempt stays in flight). */
class Receiver {
  readonly received: Received[] = [];
  readonly invalid: string[] = [];
  hold = true;
  private held: ServerResponse[] = [];
  private server: Server | null = null;
  private verifier: Webhook | null = null;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  useSecret(secret: string): void {
    this.verifier = new Webhook(secret);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    try {
      const event = this.verifier!.verify(body, req.headers as Record<string, string>) as {
        id: string;
        type: string;
        subject: string;
        data: { plan: { version: number } };
      };
      this.received.push({
        webhookId: String(req.headers['webhook-id']),
        type: event.type,
        eventId: event.id,
        subject: event.subject,
        planVersion: event.data.plan.version,
      });
    } catch (err) {
      this.invalid.push(String(err));
    }
    if (this.hold) {
      this.held.push(res);
      return;
    }
    res.writeHead(204).end();
  }

  /** Cuts the held connections (the process that sent them is gone). */
  dropHeld(): void {
    for (const res of this.held) res.destroy();
    this.held = [];
  }

  async stop(): Promise<void> {
    this.dropHeld();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe(`Outbox crash safety on ${driver}: killed between commit and delivery, delivered after restart with the same webhook-id`, () => {
  let database: TestDatabase;
  let build: BuildSnapshot;
  let server: ServerProcess | null = null;
  const receiver = new Receiver();
  const tokens: Record<string, string> = {};

  const env = () => ({
    AUTH_JWT_SECRET: SECRET,
    ANONYMISATION_SECRET: 'outbox-crash-anonymisation-secret-0123456789',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    RATE_LIMIT_READS_PER_MINUTE: '0',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    // A delivery whose sender died is sent again after this long.
    DELIVERY_LEASE_MS: '1000',
    OUTBOX_POLL_INTERVAL_MS: '100',
    ...database.env,
  });

  const call = async (method: string, path: string, who: string, body?: unknown) => {
    const res = await fetch(`${server!.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${tokens[who]}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  beforeAll(async () => {
    await buildIfNeeded();
    build = snapshotBuild();
    database = await createTestDatabase();
    await receiver.start();
    const secret = new TextEncoder().encode(SECRET);
    for (const who of ['officer', 'manager'] as const) tokens[who] = await signDevToken(secret, people[who], '1h', {});
  }, 200_000);

  afterAll(async () => {
    await killAllServers();
    await receiver.stop();
    build?.remove();
    await database?.drop();
  });

  it('delivers every committed event after two SIGKILLs, each with its first webhook-id', async () => {
    server = await startServer({ main: build.main, env: env() });
    const subscription = await call('POST', `/organisations/${ESPOO}/webhooks`, 'manager', { url: `http://127.0.0.1:${receiver.port}/hook`, events: ['*'] });
    expect(subscription.status).toBe(201);
    receiver.useSecret(String(subscription.body.secret));

    // 1. Deliveries in flight: the receiver holds them, the sender waits for its answer; kill it then.
    const created = await call('POST', '/procurements', 'officer', newPlan());
    expect(created.status).toBe(201);
    const planId = String(created.body.id);
    await until(() => receiver.received.some((r) => r.subject === planId), 'the first delivery to arrive');
    const firstIds = new Map(receiver.received.map((r) => [r.eventId, r.webhookId]));
    await server.kill();
    receiver.dropHeld();

    // 2. Acknowledged and killed at once: its events are committed, delivered or not.
    server = await startServer({ main: build.main, env: env() });
    for (const step of DIGIGREEN_WALK.slice(0, 3)) expect((await call('POST', `/procurements/${planId}/events`, 'officer', step.event)).status).toBe(200);
    await server.kill();
    receiver.dropHeld();
    const seenBeforeSecondRestart = new Map(receiver.received.map((r) => [r.eventId, r.webhookId]));

    // 3. Back again, and the receiver answers now.
    receiver.hold = false;
    server = await startServer({ main: build.main, env: env() });
    const history = await call('GET', `/procurements/${planId}/history?limit=100`, 'officer');
    expect(history.status).toBe(200);
    // plan.created, then per step: START_NEEDS_ASSESSMENT (stageChanged), RECORD_NEEDS (eventRecorded), COMPLETE_NEEDS_ASSESSMENT (stageChanged).
    const expectedTypes = ['plan.created', 'plan.stageChanged', 'plan.eventRecorded', 'plan.stageChanged'];
    const delivered = () => [...new Map(receiver.received.filter((r) => r.subject === planId).map((r) => [r.eventId, r])).values()];
    await until(() => delivered().length === expectedTypes.length, 'every committed event to be delivered after the restart');
    await sleep(500);

    expect(receiver.invalid).toEqual([]);
    const events = delivered();
    expect(events.map((e) => e.type)).toEqual(expectedTypes);
    // In commit order by the plan's version, and every repeat of an event kept its webhook-id.
    expect(events.map((e) => e.planVersion)).toEqual([1, 2, 3, 4]);
    for (const r of receiver.received) {
      if (firstIds.has(r.eventId)) expect(r.webhookId).toBe(firstIds.get(r.eventId));
      if (seenBeforeSecondRestart.has(r.eventId)) expect(r.webhookId).toBe(seenBeforeSecondRestart.get(r.eventId));
    }
    const repeatedCreation = receiver.received.filter((r) => r.type === 'plan.created' && r.subject === planId);
    expect(repeatedCreation.length).toBeGreaterThanOrEqual(2);
    expect(new Set(repeatedCreation.map((r) => r.webhookId)).size).toBe(1);

    // The delivery log agrees: each delivered once it was answered.
    const log = await call('GET', `/organisations/${ESPOO}/webhooks/${String(subscription.body.id)}/deliveries?limit=100`, 'manager');
    expect(log.status).toBe(200);
    const items = (log.body.items as Array<{ id: string; status: string; eventType: string }>).filter((d) => events.some((e) => e.webhookId === d.id));
    expect(items.map((d) => d.status)).toEqual(events.map(() => 'delivered'));
  }, 120_000);
});
