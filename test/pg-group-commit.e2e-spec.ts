import type { EntityManager } from 'typeorm';
import { ConflictError, ServiceUnavailableError } from '../src/common/errors';
import { write, read } from '../src/database/pipeline';
import {
  PG_GROUP_COMMIT_MAX_UNITS,
  PG_GROUP_COMMIT_SECOND_BATCH_AFTER_MS,
  PG_GROUP_COMMIT_SECOND_BATCH_UNITS,
  PgGroupCommit,
} from '../src/database/pg-group-commit';
import { UnitOfWork } from '../src/database/unit-of-work';
import { EngineService } from '../src/engine/engine.service';
import { PortfolioProjection } from '../src/portfolio/portfolio.projection';
import { createTestApp, type TestApp } from './support/create-test-app';
import { DIGIGREEN_WALK, newPlan, people } from './support/factories';
import { testDriver } from './support/test-database';

/**
 * Group commit on PostgreSQL (issue 16, src/database/pg-group-commit.ts): units of work on different
 * keys that arrive together share one transaction; a unit that fails fails alone, the others commit;
 * units on one key run one after another. Which transaction wrote a row is read from PostgreSQL
 * itself (`txid_current()` in the unit, `xmin` of the rows).
 */
(testDriver() === 'postgres' ? describe : describe.skip)('Group commit (PostgreSQL)', () => {
  let t: TestApp;
  let unitOfWork: UnitOfWork;

  beforeAll(async () => {
    t = await createTestApp();
    unitOfWork = t.app.get(UnitOfWork);
    await t.dataSource.query('CREATE TABLE group_probe (id integer PRIMARY KEY, note text NOT NULL)');
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  beforeEach(async () => {
    await t.dataSource.query('DELETE FROM group_probe');
  });

  const insert = (manager: EntityManager, id: number, note = 'kept') => write(manager, 'INSERT INTO group_probe (id, note) VALUES ($1, $2)', [id, note]);
  const transactionId = async (manager: EntityManager) => (await read<{ id: string }>(manager, 'SELECT txid_current()::text AS id', []))[0].id;
  const stored = async () => (await t.dataSource.query<Array<{ id: number }>>('SELECT id FROM group_probe ORDER BY id')).map((r) => r.id);
  /** After a backend was ended: its pooled client may fail once (ECONNRESET) before the pool drops it. */
  const poolRecovered = async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        await t.dataSource.query('SELECT 1');
        return;
      } catch (err) {
        if (attempt >= 10) throw err;
      }
    }
  };
  const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);

  it('runs units on different keys that arrive together in one transaction, and answers each after its COMMIT', async () => {
    const units = ids(8).map((id) =>
      unitOfWork.run(
        async (manager) => {
          const tx = await transactionId(manager);
          await insert(manager, id);
          return tx;
        },
        { groupKey: `key-${id}` },
      ),
    );
    const transactions = await Promise.all(units);
    expect(new Set(transactions).size).toBe(1);
    // Each unit was answered after the COMMIT: every row is visible to another connection.
    expect(await stored()).toEqual(ids(8));
  });

  it(`splits more than ${PG_GROUP_COMMIT_MAX_UNITS} units into batches of at most that many`, async () => {
    const n = PG_GROUP_COMMIT_MAX_UNITS * 2 + 3;
    const transactions = await Promise.all(
      ids(n).map((id) =>
        unitOfWork.run(
          async (manager) => {
            await insert(manager, id);
            return transactionId(manager);
          },
          { groupKey: `key-${id}` },
        ),
      ),
    );
    const perTransaction = [...transactions.reduce((m, tx) => m.set(tx, (m.get(tx) ?? 0) + 1), new Map<string, number>()).values()];
    expect(Math.max(...perTransaction)).toBeLessThanOrEqual(PG_GROUP_COMMIT_MAX_UNITS);
    expect(perTransaction.length).toBeLessThan(n);
    expect(await stored()).toEqual(ids(n));
  });

  describe(`a second batch, while one runs, only once ${PG_GROUP_COMMIT_SECOND_BATCH_UNITS} units wait or the first has run ${PG_GROUP_COMMIT_SECOND_BATCH_AFTER_MS} ms`, () => {
    const K = PG_GROUP_COMMIT_SECOND_BATCH_UNITS;
    const until = async (condition: () => boolean) => {
      for (const deadline = Date.now() + 5000; !condition();) {
        if (Date.now() > deadline) throw new Error('timed out');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    /**
     * A group commit of its own, whose running batch holds fewer than K units back for `afterMs`; its
     * lone units run as UnitOfWork runs a unit without a key (a pipelined transaction of its own).
     */
    const groupCommit = (afterMs: number) => new PgGroupCommit(t.dataSource, { alone: (work) => unitOfWork.run(work), translate: (error) => error }, afterMs);
    /** A unit that says when it started, and holds its transaction open until `hold` settles. */
    const probe = (group: PgGroupCommit, started: number[], id: number, hold?: Promise<void>) =>
      group.run(`key-${id}`, async (manager) => {
        started.push(id);
        const tx = await transactionId(manager);
        if (hold) await hold;
        await insert(manager, id);
        return tx;
      });
    /** A group commit whose first batch, unit 1 alone, has started and holds its transaction open until `release()`. */
    const heldBatch = async (afterMs: number) => {
      const group = groupCommit(afterMs);
      let release!: () => void;
      const hold = new Promise<void>((resolve) => (release = resolve));
      const started: number[] = [];
      const first = probe(group, started, 1, hold);
      await until(() => started.length === 1);
      return { group, release, started, first };
    };

    it('fewer units wait for the running batch to end, then go together in one transaction', async () => {
      const { group, release, started, first } = await heldBatch(60_000);
      const waiting = ids(K - 1, 2).map((id) => probe(group, started, id));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(started).toEqual([1]);
      release();
      const [tx1, ...others] = await Promise.all([first, ...waiting]);
      expect(new Set(others).size).toBe(1);
      expect(others[0]).not.toBe(tx1);
      expect(await stored()).toEqual(ids(K));
    });

    it(`the ${K}th unit to wait starts a second batch beside the running one`, async () => {
      const { group, release, started, first } = await heldBatch(60_000);
      const waiting = ids(K - 1, 2).map((id) => probe(group, started, id));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(started).toEqual([1]);
      const last = probe(group, started, K + 1);
      // The second batch runs while the first still holds its transaction open.
      await until(() => started.length === K + 1);
      const second = await Promise.all([...waiting, last]);
      expect(new Set(second).size).toBe(1);
      release();
      expect(await first).not.toBe(second[0]);
      expect(await stored()).toEqual(ids(K + 1));
    });

    it('a batch held up past the bound no longer holds up the units behind it', async () => {
      const { group, release, started, first } = await heldBatch(200);
      const since = performance.now();
      const behind = probe(group, started, 2);
      await new Promise((resolve) => setImmediate(resolve));
      expect(started).toEqual([1]);
      // It starts, alone, while the first still holds its transaction open, once the first has run 200 ms.
      await until(() => started.length === 2);
      expect(performance.now() - since).toBeGreaterThanOrEqual(150);
      const tx2 = await behind;
      release();
      expect(await first).not.toBe(tx2);
      expect(await stored()).toEqual([1, 2]);
    });
  });

  it('fails a unit that throws alone with its own error: the others commit, nothing of the failing unit is kept', async () => {
    const units = ids(8).map((id) =>
      unitOfWork.run(
        async (manager) => {
          await insert(manager, id, id === 4 ? 'must not stay' : 'kept');
          if (id === 4) throw new ConflictError('plan.concurrentChange');
          return id;
        },
        { groupKey: `key-${id}` },
      ),
    );
    const settled = await Promise.allSettled(units);
    expect(settled.map((s) => s.status)).toEqual(ids(8).map((id) => (id === 4 ? 'rejected' : 'fulfilled')));
    expect((settled[3] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await stored()).toEqual(ids(8).filter((id) => id !== 4));
  });

  it('fails a unit the database refuses alone (a duplicate key): the others commit', async () => {
    await t.dataSource.query("INSERT INTO group_probe (id, note) VALUES (100, 'there before')");
    const units = ids(6).map((id) => unitOfWork.run((manager) => insert(manager, id === 3 ? 100 : id).then(() => id), { groupKey: `key-${id}` }));
    const settled = await Promise.allSettled(units);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((settled[2] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await stored()).toEqual([1, 2, 4, 5, 6, 100]);
  });

  it('runs the units again alone when the connection is lost before COMMIT: nothing was committed', async () => {
    const units = ids(4).map((id) =>
      unitOfWork.run(
        async (manager) => {
          // Unit 2 ends its own connection, the batch's, in the middle of the batch.
          if (id === 2) await read(manager, 'SELECT pg_terminate_backend(pg_backend_pid())', []);
          await insert(manager, id);
          return id;
        },
        { groupKey: `key-${id}` },
      ),
    );
    const settled = await Promise.allSettled(units);
    // Alone, unit 2 ends its own connection again: a 503; the others commit on connections of their own.
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(ServiceUnavailableError);
    await poolRecovered();
    expect(await stored()).toEqual([1, 3, 4]);
  });

  it('does not run a unit again when the connection is lost after COMMIT left: every unit is answered 503', async () => {
    // COMMIT runs this deferred trigger, which waits: the connection is cut while COMMIT is under way.
    await t.dataSource.query(`CREATE FUNCTION group_probe_slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.5); RETURN NULL; END $$`);
    await t.dataSource.query(
      'CREATE CONSTRAINT TRIGGER group_probe_slow AFTER INSERT ON group_probe DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION group_probe_slow()',
    );
    try {
      const backends: number[] = [];
      const units = ids(3).map((id) =>
        unitOfWork.run(
          async (manager) => {
            backends.push((await read<{ pid: number }>(manager, 'SELECT pg_backend_pid() AS pid', []))[0].pid);
            await insert(manager, id);
            return id;
          },
          { groupKey: `key-${id}` },
        ),
      );
      const settled = Promise.allSettled(units);
      // Wait for the batch's COMMIT to be under way in its backend, then end that backend.
      for (let i = 0; i < 200; i++) {
        const rows = await t.dataSource.query<unknown[]>("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query = 'COMMIT'", [
          backends[0] ?? -1,
        ]);
        if (rows.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(new Set(backends).size).toBe(1);
      await t.dataSource.query('SELECT pg_terminate_backend($1)', [backends[0]]);
      const outcome = await settled;
      expect(outcome.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
      for (const s of outcome) expect((s as PromiseRejectedResult).reason).toBeInstanceOf(ServiceUnavailableError);
      // Run again, they would have committed: the trigger only waits.
      await poolRecovered();
      expect(await stored()).toEqual([]);
    } finally {
      await poolRecovered();
      await t.dataSource.query('DROP TRIGGER group_probe_slow ON group_probe');
      await t.dataSource.query('DROP FUNCTION group_probe_slow()');
    }
  });

  it('runs units on one key one after another: the second sees what the first committed', async () => {
    const first = unitOfWork.run(
      async (manager) => {
        await insert(manager, 1);
        return transactionId(manager);
      },
      { groupKey: 'same' },
    );
    const second = unitOfWork.run(
      async (manager) => ({
        tx: await transactionId(manager),
        seen: (await read<{ n: number }>(manager, 'SELECT count(*)::int AS n FROM group_probe', []))[0].n,
      }),
      { groupKey: 'same' },
    );
    const [tx1, { tx, seen }] = await Promise.all([first, second]);
    expect(tx).not.toBe(tx1);
    expect(seen).toBe(1);
  });

  it('records events on different plans sent together in one transaction; a refused event fails alone', async () => {
    const officer = await t.token(people.officer);
    const plans: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = (await t.http().post('/procurements').set('Authorization', `Bearer ${officer}`).send(newPlan()).expect(201)).body.id as string;
      await t.http().post(`/procurements/${id}/events`).set('Authorization', `Bearer ${officer}`).send(DIGIGREEN_WALK[0].event).expect(200);
      plans.push(id);
    }
    const engine = t.app.get(EngineService);
    const actor = { id: people.officer.sub, name: people.officer.name, role: people.officer.role };
    const { type, ...payload } = DIGIGREEN_WALK[1].event as { type: string } & Record<string, unknown>;
    const send = (planId: string, eventType: string) => engine.send(planId, { type: eventType, payload: eventType === type ? payload : {} }, actor);
    const xminOf = async (seq: number) =>
      (await t.dataSource.query<Array<{ xmin: string }>>('SELECT xmin::text AS xmin FROM audit_events WHERE plan_id = ANY($1) AND seq = $2', [plans, seq])).map(
        (r) => r.xmin,
      );

    // Every plan is in needsAssessment (seq 2 is its START_NEEDS_ASSESSMENT): RECORD_NEEDS on each, together.
    const recorded = await Promise.all(plans.map((id) => send(id, type)));
    expect(recorded.map((p) => p.version)).toEqual(plans.map(() => 3));
    expect(new Set(await xminOf(3)).size).toBe(1);

    // The same again, one of them an event its stage does not take: refused alone, the others recorded.
    const settled = await Promise.allSettled(plans.map((id, i) => send(id, i === 2 ? 'START_MARKET_DIALOGUE' : type)));
    expect(settled.map((s) => s.status)).toEqual(plans.map((_, i) => (i === 2 ? 'rejected' : 'fulfilled')));
    expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    expect(await xminOf(4)).toHaveLength(5);
    const chains = await t.dataSource.query<Array<{ plan_id: string; n: number }>>(
      'SELECT plan_id, count(*)::int AS n FROM audit_events WHERE plan_id = ANY($1) GROUP BY plan_id',
      [plans],
    );
    expect(Object.fromEntries(chains.map((c) => [c.plan_id, c.n]))).toEqual(Object.fromEntries(plans.map((id, i) => [id, i === 2 ? 3 : 4])));
  });

  it('adds to counter rows at COMMIT, in one order: two transactions that add to two counters in opposite orders both commit', async () => {
    // Under group commit one transaction may add to several stay counters. Sent as they came, two
    // transactions that locked two counter rows in opposite orders deadlocked: PostgreSQL failed one
    // after deadlock_timeout (a 409 for a unit alone). Held for the COMMIT and sorted, they wait, once.
    const projection = t.app.get(PortfolioProjection);
    const organisation = 'org-counter-order';
    const barrier = () => {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      return { open, opened };
    };
    const first = barrier();
    const second = barrier();
    const unit = (mine: ReturnType<typeof barrier>, theirs: ReturnType<typeof barrier>, stages: [string, string]) =>
      unitOfWork.run(async (manager) => {
        await projection.countStay(manager, organisation, stages[0], 3);
        // Everything this transaction sent so far has run: a counter written at once would be locked now.
        await read(manager, 'SELECT 1', []);
        mine.open();
        await theirs.opened;
        await projection.countStay(manager, organisation, stages[1], 3);
        // Not visible inside the transaction: it leaves with the COMMIT.
        return read<{ n: string }>(manager, 'SELECT count(*)::text AS n FROM stage_stay_days WHERE organisation_id = $1', [organisation]);
      });
    const seen = await Promise.all([unit(first, second, ['needsAssessment', 'marketAnalysis']), unit(second, first, ['marketAnalysis', 'needsAssessment'])]);
    expect(seen.map((rows) => rows[0].n)).toEqual(['0', '0']);
    const rows = await t.dataSource.query<Array<{ stage: string; stays: number }>>(
      'SELECT stage, stays FROM stage_stay_days WHERE organisation_id = $1 AND days = 3 ORDER BY stage',
      [organisation],
    );
    expect(rows).toEqual([
      { stage: 'marketAnalysis', stays: 2 },
      { stage: 'needsAssessment', stays: 2 },
    ]);
  });
});
