import { Client } from 'pg';
import { signDevToken } from '../src/common/auth/token.service';
import { DIGIGREEN_WALK, newPlan, people } from './support/factories';
import { call, LivenessProbe, PgProxy, sleep, stateTestProfiles, unavailableProblem, type Answer } from './support/faults';
import { buildIfNeeded, killAllServers, snapshotBuild, startServer, type BuildSnapshot, type ServerProcess } from './support/server-process';
import { createTestDatabase, testDriver, type TestDatabase } from './support/test-database';

/**
 * Issue 9, "faults never end the process", on PostgreSQL: two instances of the real service reach
 * the database through a TCP proxy the test controls. Taking it down refuses new connections and
 * cuts every open one. Both instances stay alive, answer 503 meanwhile (readiness 503, liveness
 * 200), serve again once the database is back, and lose nothing they acknowledged. A burst of
 * pg_terminate_backend against their connections under load ends neither.
 */

const SECRET = 'fault-suite-secret-that-is-long-enough-for-hs256';
const OUTAGE_MS = 5_000;
const LANES_PER_INSTANCE = 6;
const onPostgres = testDriver() === 'postgres' ? describe : describe.skip;

interface Ack {
  planId: string;
  /** 'PLAN_CREATED' for a create, the event type otherwise. */
  type: string;
}

/** Lanes of sequential traffic, each walking its own plans; records every 2xx and every other answer. */
class Load {
  readonly acks: Ack[] = [];
  readonly refusals: Array<{ at: number; what: string; answer: Answer }> = [];
  private stopped = false;
  private readonly lanes: Promise<void>[];

  constructor(servers: ServerProcess[], token: string) {
    this.lanes = servers.flatMap((server) => Array.from({ length: LANES_PER_INSTANCE }, () => this.lane(server.baseUrl, token)));
  }

  private async lane(baseUrl: string, token: string): Promise<void> {
    while (!this.stopped) {
      const created = await call(baseUrl, 'POST', '/procurements', token, newPlan());
      if (created.status !== 201) {
        this.refusals.push({ at: Date.now(), what: 'POST /procurements', answer: created });
        await sleep(100);
        continue;
      }
      const planId = created.body!.id as string;
      this.acks.push({ planId, type: 'PLAN_CREATED' });
      for (const step of DIGIGREEN_WALK.slice(0, 6)) {
        if (this.stopped) return;
        const sent = await call(baseUrl, 'POST', `/procurements/${planId}/events`, token, step.event);
        if (sent.status !== 200) {
          // The event may or may not have committed: this plan is left as it is, a new one starts.
          this.refusals.push({ at: Date.now(), what: `${String(step.event.type)}`, answer: sent });
          await sleep(100);
          break;
        }
        this.acks.push({ planId, type: String(step.event.type) });
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.lanes);
  }
}

onPostgres('PostgreSQL outages with two instances', () => {
  let database: TestDatabase;
  let build: BuildSnapshot | undefined;
  let proxy: PgProxy;
  let servers: ServerProcess[] = [];
  let officer: string;

  const direct = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };

  const aliveProblems = () => servers.map((s) => s.exitReason()).filter((r) => r !== null);

  /** Both instances answer readiness 200 again, and a write goes through on each. */
  async function recovered(): Promise<Array<string | null>> {
    const started = Date.now();
    const problems: Array<string | null> = [];
    for (const server of servers) {
      let ready = await call(server.baseUrl, 'GET', '/health');
      while (ready.status !== 200 && Date.now() - started < 15_000) {
        await sleep(200);
        ready = await call(server.baseUrl, 'GET', '/health');
      }
      const created = await call(server.baseUrl, 'POST', '/procurements', officer, newPlan({ title: 'After the outage' }));
      const event =
        created.status === 201
          ? await call(server.baseUrl, 'POST', `/procurements/${created.body!.id as string}/events`, officer, DIGIGREEN_WALK[0].event)
          : null;
      problems.push(
        ready.status === 200 && created.status === 201 && event?.status === 200
          ? null
          : `health ${ready.status}, create ${created.status}, event ${event?.status}`,
      );
    }
    return problems;
  }

  /** What every instance answers while the database is away. */
  async function duringOutage(): Promise<string[]> {
    const problems: string[] = [];
    for (const server of servers) {
      const live = await call(server.baseUrl, 'GET', '/health/live', undefined, undefined, 2_000);
      const ready = await call(server.baseUrl, 'GET', '/health');
      const read = await call(server.baseUrl, 'GET', '/procurements', officer);
      const write = await call(server.baseUrl, 'POST', '/procurements', officer, newPlan({ title: 'During the outage' }));
      if (live.status !== 200) problems.push(`live ${live.status}`);
      if (ready.status !== 503 || (ready.body?.details as { database?: { status?: string } })?.database?.status !== 'down')
        problems.push(`ready ${ready.status} ${JSON.stringify(ready.body)}`);
      for (const [what, answer] of [
        ['read', read],
        ['write', write],
      ] as const) {
        const problem = unavailableProblem(answer);
        if (problem) problems.push(`${what}: ${problem}`);
      }
    }
    return problems;
  }

  beforeAll(async () => {
    await buildIfNeeded();
    build = snapshotBuild();
    database = await createTestDatabase('postgres');
    proxy = await PgProxy.start();
    officer = await signDevToken(new TextEncoder().encode(SECRET), people.officer, '2h', {});
    const env = {
      AUTH_JWT_SECRET: SECRET,
      ANONYMISATION_SECRET: 'fault-suite-anonymisation-secret-0123456789',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      TIMER_POLL_INTERVAL_MS: '100',
      DATABASE_POOL_SIZE: '5',
      DATABASE_URL: proxy.via(database.env.DATABASE_URL),
    };
    // One after the other: both run the migrations at start.
    servers = [await startServer({ main: build.main, env }), await startServer({ main: build.main, env })];
    await stateTestProfiles(servers[0].baseUrl, SECRET);
  }, 240_000);

  afterAll(async () => {
    await killAllServers();
    await proxy?.close();
    await database?.drop();
    build?.remove();
  });

  it('stays alive through a 5 s outage with no traffic, answers 503 meanwhile, and serves again after', async () => {
    const probes = servers.map((s) => new LivenessProbe(s.baseUrl, 200));
    await proxy.down();
    await sleep(OUTAGE_MS - 1_500);
    const during = await duringOutage();
    await sleep(Math.max(0, OUTAGE_MS - 1_500 - 1_000));
    await proxy.up();
    const after = await recovered();
    const samples = (await Promise.all(probes.map((p) => p.stop()))).flat();

    expect(aliveProblems()).toEqual([]);
    expect(during).toEqual([]);
    expect(samples.filter((s) => s.status !== 200)).toEqual([]);
    expect(after).toEqual([null, null]);
  }, 60_000);

  it('stays alive through a 5 s outage under load, answers 503 meanwhile, and loses nothing it acknowledged', async () => {
    const load = new Load(servers, officer);
    await sleep(1_500);
    const acksBefore = load.acks.length;
    await proxy.down();
    const downAt = Date.now();
    await sleep(OUTAGE_MS - 1_500);
    const during = await duringOutage();
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
    await proxy.up();
    const upAt = Date.now();
    const acksAtUp = load.acks.length;
    await sleep(3_000);
    await load.stop();
    const after = await recovered();

    // Answers while the database was away, give or take the moment it went and came back.
    const outageAnswers = load.refusals.filter((r) => r.at > downAt + 200 && r.at < upAt);
    const badRefusals = load.refusals.filter((r) => unavailableProblem(r.answer) !== null).map((r) => `${r.what}: ${unavailableProblem(r.answer)}`);
    const acksAfter = load.acks.length - acksAtUp;

    const stored = await direct<{ plan_id: string; type: string }>('SELECT plan_id, type FROM audit_events');
    const storedKeys = new Set(stored.map((e) => `${e.plan_id}/${e.type}`));
    const lost = load.acks.filter((a) => !storedKeys.has(`${a.planId}/${a.type}`));
    const plans = new Set((await direct<{ id: string }>('SELECT id FROM procurement_plans')).map((p) => p.id));
    const lostPlans = load.acks.filter((a) => a.type === 'PLAN_CREATED' && !plans.has(a.planId));
    console.log(
      `PostgreSQL outage ${OUTAGE_MS} ms under load: ${load.acks.length} acknowledged (${acksBefore} before the outage), ` +
        `${load.refusals.length} refused (${outageAnswers.length} during), ${acksAfter} acknowledged in the 3 s after, ${stored.length} audit events stored`,
    );

    expect(aliveProblems()).toEqual([]);
    expect(during).toEqual([]);
    expect(badRefusals).toEqual([]);
    expect(outageAnswers.length).toBeGreaterThan(0);
    expect(acksBefore).toBeGreaterThan(0);
    expect(acksAfter).toBeGreaterThan(0);
    expect(lost).toEqual([]);
    expect(lostPlans).toEqual([]);
    expect(after).toEqual([null, null]);
  }, 60_000);

  it('stays alive through a burst of pg_terminate_backend under load and while polling timers, and serves normally after', async () => {
    const load = new Load(servers, officer);
    await sleep(1_000);
    const name = new URL(database.env.DATABASE_URL).pathname.slice(1);
    let terminated = 0;
    for (let round = 0; round < 10; round += 1) {
      const rows = await direct<{ ok: boolean }>(
        'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      terminated += rows.filter((r) => r.ok).length;
      await sleep(150);
    }
    await sleep(1_000);
    await load.stop();
    const after = await recovered();
    const badRefusals = load.refusals.filter((r) => unavailableProblem(r.answer) !== null).map((r) => `${r.what}: ${unavailableProblem(r.answer)}`);
    console.log(`pg_terminate_backend: ${terminated} backends ended; ${load.acks.length} acknowledged, ${load.refusals.length} refused meanwhile`);

    expect(terminated).toBeGreaterThan(10);
    expect(aliveProblems()).toEqual([]);
    expect(badRefusals).toEqual([]);
    expect(after).toEqual([null, null]);
  }, 60_000);
});
