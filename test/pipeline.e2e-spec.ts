import { Socket } from 'node:net';
import { jest } from '@jest/globals';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { read, statementName, write } from '../src/database/pipeline';
import { UnitOfWork } from '../src/database/unit-of-work';
import { createTestApp, type TestApp } from './support/create-test-app';
import { newPlan, people } from './support/factories';
import { testDriver } from './support/test-database';

/**
 * The engine's writes on PostgreSQL go out pipelined (src/database/pipeline.ts): `write`
 * returns before the database answers, and a unit's BEGIN leaves with its first statement. What a unit of work promised before still holds: it reads
 * what it wrote, a refused write fails the unit with that refusal and nothing of the unit is kept.
 * On SQLite `write` is a plain query, which every other suite exercises.
 */
(testDriver() === 'postgres' ? describe : describe.skip)('Pipelined writes in a unit of work (PostgreSQL)', () => {
  let t: TestApp;
  let unitOfWork: UnitOfWork;

  beforeAll(async () => {
    t = await createTestApp();
    unitOfWork = t.app.get(UnitOfWork);
    await t.dataSource.query('CREATE TABLE pipelined_probe (id integer PRIMARY KEY, note text NOT NULL)');
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  beforeEach(async () => {
    await t.dataSource.query('DELETE FROM pipelined_probe');
  });

  const insert = (manager: EntityManager, id: number, note: string | null) =>
    write(manager, 'INSERT INTO pipelined_probe (id, note) VALUES ($1, $2)', [id, note]);
  const stored = async () =>
    (await t.dataSource.query<Array<{ id: number; note: string }>>('SELECT id, note FROM pipelined_probe ORDER BY id')).map((r) => `${r.id}:${r.note}`);

  /** Every socket write of the process while `during` runs, with its socket (a corked socket flushes through _writev). */
  async function socketWrites<T>(during: () => Promise<T>): Promise<{ value: T; sent: Array<{ socket: Socket; text: string }> }> {
    const text = (chunk: unknown) => (Buffer.isBuffer(chunk) ? chunk.toString('latin1') : String(chunk));
    const socket = Socket.prototype as unknown as {
      _write: (chunk: unknown, ...args: unknown[]) => void;
      _writev: (chunks: unknown[], ...args: unknown[]) => void;
    };
    const sent: Array<{ socket: Socket; text: string }> = [];
    const originalWrite = socket._write;
    const originalWritev = socket._writev;
    socket._write = function (this: Socket, chunk: unknown, ...rest: unknown[]) {
      sent.push({ socket: this, text: text(chunk) });
      return originalWrite.call(this, chunk, ...rest);
    };
    // A buffer each, or { chunk, encoding } when strings are among them.
    socket._writev = function (this: Socket, chunks: unknown[], ...rest: unknown[]) {
      sent.push({ socket: this, text: chunks.map((c) => text(Buffer.isBuffer(c) ? c : (c as { chunk: unknown }).chunk)).join('') });
      return originalWritev.call(this, chunks, ...rest);
    };
    try {
      return { value: await during(), sent };
    } finally {
      socket._write = originalWrite;
      socket._writev = originalWritev;
    }
  }

  it('runs on clients in pipeline mode, and write() returns while the statement still waits in the database', async () => {
    // Another transaction holds key 1: the unit's INSERT of key 1 waits for it inside PostgreSQL.
    const other = new Client({ connectionString: t.database.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query("INSERT INTO pipelined_probe (id, note) VALUES (1, 'other')");
      const unit = unitOfWork.run(async (manager) => {
        const client = (manager.queryRunner as unknown as { databaseConnection: { pipeline: boolean } }).databaseConnection;
        expect(client.pipeline).toBe(true);
        await insert(manager, 1, 'one');
        // Reached while the INSERT is still blocked: the other transaction has not ended.
        await other.query('ROLLBACK');
        return 'done';
      });
      await expect(unit).resolves.toBe('done');
    } finally {
      await other.end();
    }
    expect(await stored()).toEqual(['1:one']);
  });

  it('prepares a read under its name once per connection, unless it is to be planned each time', async () => {
    const kept = 'SELECT count(*)::int AS n FROM pipelined_probe WHERE id >= $1';
    const replanned = 'SELECT count(*)::int AS n FROM pipelined_probe WHERE id <= $1';
    const prepared = await unitOfWork.run(async (manager) => {
      await read(manager, kept, [0]);
      await read(manager, replanned, [0], true);
      // pg_prepared_statements lists the statements this session (the unit's connection) prepared.
      const rows = await read<{ name: string }>(manager, 'SELECT name FROM pg_prepared_statements WHERE name = ANY($1::text[])', [
        [statementName(kept), statementName(replanned)],
      ]);
      return rows.map((r) => r.name);
    });
    expect(prepared).toEqual([statementName(kept)]);
  });

  it('reads in the unit what it wrote before, in the order written, through the pipeline and through TypeORM alike', async () => {
    const seen = await unitOfWork.run(async (manager) => {
      await insert(manager, 1, 'one');
      await insert(manager, 2, 'two');
      await write(manager, 'UPDATE pipelined_probe SET note = $1 WHERE id = $2', ['uno', 1]);
      const piped = await read<{ id: number; note: string }>(manager, 'SELECT id, note FROM pipelined_probe WHERE id >= $1 ORDER BY id', [0]);
      await write(manager, 'DELETE FROM pipelined_probe WHERE id = $1', [2]);
      const typeorm = await manager.query<Array<{ id: number; note: string }>>('SELECT id, note FROM pipelined_probe ORDER BY id');
      return { piped: piped.map((r) => `${r.id}:${r.note}`), typeorm: typeorm.map((r) => `${r.id}:${r.note}`) };
    });
    expect(seen).toEqual({ piped: ['1:uno', '2:two'], typeorm: ['1:uno'] });
    expect(await stored()).toEqual(['1:uno']);
  });

  it("sends BEGIN in the socket write of the unit's first statement, and the unit stays one transaction", async () => {
    const observer = new Client({ connectionString: t.database.env.DATABASE_URL });
    await observer.connect();
    // Every socket write of the process while the unit runs (a corked socket flushes through _writev).
    const sent: string[] = [];
    const text = (chunk: unknown) => (Buffer.isBuffer(chunk) ? chunk.toString('latin1') : String(chunk));
    const socket = Socket.prototype as unknown as { _write: (...args: unknown[]) => void; _writev: (...args: unknown[]) => void };
    const writeSpy = jest.spyOn(socket, '_write').mockName('_write');
    const writevSpy = jest.spyOn(socket, '_writev').mockName('_writev');
    try {
      const seen = await unitOfWork.run(async (manager) => {
        const before = await read<{ n: string }>(manager, 'SELECT count(*) AS n FROM pipelined_probe WHERE id >= $1', [0]);
        await insert(manager, 7, 'seven');
        await read(manager, 'SELECT 1 AS one WHERE $1::int > 0', [1]); // the INSERT has been answered by now
        const outside = await observer.query<{ n: string }>('SELECT count(*) AS n FROM pipelined_probe');
        return { before: Number(before[0].n), outside: Number(outside.rows[0].n) };
      });
      for (const [chunk] of writeSpy.mock.calls) sent.push(text(chunk));
      // A buffer each, or { chunk, encoding } when strings are among them.
      for (const [chunks] of writevSpy.mock.calls)
        sent.push((chunks as unknown[]).map((c) => text(Buffer.isBuffer(c) ? c : (c as { chunk: unknown }).chunk)).join(''));
      // Nothing another connection could see before COMMIT: BEGIN did open the transaction.
      expect(seen).toEqual({ before: 0, outside: 0 });
    } finally {
      writeSpy.mockRestore();
      writevSpy.mockRestore();
      await observer.end();
    }
    const withBegin = sent.filter((s) => s.includes('START TRANSACTION'));
    expect(withBegin).toHaveLength(1);
    expect(withBegin[0]).toContain('SELECT count(*) AS n FROM pipelined_probe WHERE id >= $1');
    expect(await stored()).toEqual(['7:seven']);
  });

  it('fails the unit with the first refused write, not with what the aborted transaction said after it, and keeps nothing', async () => {
    const outcome = unitOfWork.run(async (manager) => {
      await insert(manager, 1, 'kept only if all is');
      await insert(manager, 2, null); // NOT NULL: refused
      await insert(manager, 3, 'three');
      // Sent after the refusal: PostgreSQL answers "current transaction is aborted" (25P02).
      await manager.query('SELECT count(*) FROM pipelined_probe');
      return 'committed';
    });
    await expect(outcome).rejects.toMatchObject({ code: '23502' });
    expect(await stored()).toEqual([]);
  });

  it('fails the unit when a write is refused after the work returned, and keeps nothing', async () => {
    const outcome = unitOfWork.run(async (manager) => {
      await insert(manager, 1, 'one');
      await insert(manager, 1, 'one again'); // primary key: refused, answered only before COMMIT
      return 'committed';
    });
    // A unique violation is how two writers that slipped past the version check lose: a 409.
    await expect(outcome).rejects.toMatchObject({ status: 409 });
    expect(await stored()).toEqual([]);
  });

  it('leaves the connection fit for the next unit after a refusal', async () => {
    await expect(unitOfWork.run((manager) => insert(manager, 1, null))).rejects.toBeDefined();
    await unitOfWork.run((manager) => insert(manager, 4, 'four'));
    expect(await stored()).toEqual(['4:four']);
  });

  it("sends COMMIT in the socket write of the unit's last writes, and commits them", async () => {
    const { sent } = await socketWrites(() =>
      unitOfWork.run(async (manager) => {
        await read(manager, 'SELECT count(*) AS n FROM pipelined_probe WHERE id >= $1', [0]);
        await insert(manager, 8, 'eight');
        await insert(manager, 9, 'nine');
      }),
    );
    const withCommit = sent.filter((s) => s.text.includes('COMMIT'));
    expect(withCommit).toHaveLength(1);
    const name = statementName('INSERT INTO pipelined_probe (id, note) VALUES ($1, $2)');
    expect(withCommit[0].text.includes(name) || withCommit[0].text.includes('INSERT INTO pipelined_probe')).toBe(true);
    expect(await stored()).toEqual(['8:eight', '9:nine']);
  });

  it('does not take a unit for committed when its work swallowed a refused read: PostgreSQL answered its COMMIT with ROLLBACK', async () => {
    const outcome = unitOfWork.run(async (manager) => {
      await insert(manager, 1, 'one');
      await read(manager, 'SELECT 1 / ($1::int - 1) AS boom', [1]).catch(() => undefined); // division by zero, ignored
      return 'committed';
    });
    await expect(outcome).rejects.toBeDefined();
    expect(await stored()).toEqual([]);
  });

  it("takes two round trips for an event on a plan: BEGIN with the plan's read and the regime's, then the writes with COMMIT", async () => {
    const token = await t.token(people.officer);
    const plan = (await t.http().post('/procurements').set('Authorization', `Bearer ${token}`).send(newPlan()).expect(201)).body as { id: string };
    const { sent } = await socketWrites(() =>
      t.http().post(`/procurements/${plan.id}/events`).set('Authorization', `Bearer ${token}`).send({ type: 'START_NEEDS_ASSESSMENT' }).expect(200),
    );
    const begins = sent.filter((s) => s.text.includes('START TRANSACTION'));
    expect(begins).toHaveLength(1);
    const onConnection = sent.filter((s) => s.socket === begins[0].socket);
    const from = onConnection.indexOf(begins[0]);
    const to = onConnection.findIndex((s, i) => i >= from && s.text.includes('COMMIT'));
    expect(to - from + 1).toBe(2);
    const regimeRead = 'SELECT authority_kind FROM organisation_profiles WHERE organisation_id = (SELECT organisation_id FROM procurement_plans WHERE id = $1)';
    expect(begins[0].text.includes(statementName(regimeRead)) || begins[0].text.includes(regimeRead)).toBe(true);
    const got = await t.http().get(`/procurements/${plan.id}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(got.body).toMatchObject({ stage: 'needsAssessment', regime: expect.objectContaining({ assessedOn: expect.any(String) }) });
  });
});
