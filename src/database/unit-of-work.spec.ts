import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { ServiceUnavailableError } from '../common/errors';
import { validateEnvironment } from '../config/environment';
import { buildDataSourceOptions } from './database.options';
import { SQLITE_LOCK_WAIT_MS, UnitOfWork } from './unit-of-work';

/** UnitOfWork on a real SQLite file whose write lock another connection (as another process would) holds. */
describe(UnitOfWork.name, () => {
  let dir: string;
  let dataSource: DataSource;
  let unitOfWork: UnitOfWork;
  let other: Database.Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ppe-uow-'));
    const path = join(dir, 'test.sqlite');
    dataSource = await new DataSource(buildDataSourceOptions(validateEnvironment({ SQLITE_PATH: path, DATABASE_POOL_SIZE: '1' }))).initialize();
    unitOfWork = new UnitOfWork(dataSource);
    other = new Database(path);
  });

  afterAll(async () => {
    other.close();
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Takes the write lock in the other connection; the returned function gives it back. */
  function lock(): () => void {
    other.exec('BEGIN IMMEDIATE');
    other.prepare('UPDATE procurement_plans SET version = version').run();
    return () => other.exec('ROLLBACK');
  }

  /** Watches the event loop every 10 ms while `work` runs: the longest gap, and whether a transaction was ever seen open. */
  async function watched<T>(work: Promise<T>) {
    const raw = (dataSource.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
    let last = Date.now();
    let longestGap = 0;
    let sawOpenTransaction = false;
    const ticker = setInterval(() => {
      longestGap = Math.max(longestGap, Date.now() - last);
      last = Date.now();
      sawOpenTransaction ||= raw.inTransaction;
    }, 10);
    try {
      return {
        outcome: await work.then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        ),
        longestGap,
        sawOpenTransaction,
      };
    } finally {
      clearInterval(ticker);
    }
  }

  const write = (attempts: { n: number }) =>
    unitOfWork.run(async (manager) => {
      attempts.n += 1;
      await manager.query('UPDATE procurement_plans SET version = version');
      return 'written';
    });

  it('waits for a lock released within the wait, rolled back between attempts, without freezing the event loop', async () => {
    const release = lock();
    // Held most of the wait: a loop frozen while waiting would show a gap this long. Each attempt
    // blocks it for SQLite's busy timeout (about 100 ms); the bound leaves room for a slow machine.
    setTimeout(release, 1_200);
    const attempts = { n: 0 };
    const { outcome, longestGap, sawOpenTransaction } = await watched(write(attempts));
    expect(outcome).toEqual({ value: 'written' });
    expect(attempts.n).toBeGreaterThan(1);
    expect(sawOpenTransaction).toBe(false);
    expect(longestGap).toBeLessThan(1_000);
  });

  it('answers 503 with Retry-After after a bounded wait when the lock stays, and every queued write does too', async () => {
    const release = lock();
    try {
      const started = Date.now();
      const writes = [write({ n: 0 }), write({ n: 0 }), write({ n: 0 })];
      const { outcome, longestGap } = await watched(Promise.allSettled(writes));
      const elapsed = Date.now() - started;
      const results = (outcome as { value: PromiseSettledResult<string>[] }).value;
      for (const result of results) {
        expect(result.status).toBe('rejected');
        const error = (result as PromiseRejectedResult).reason as ServiceUnavailableError;
        expect(error).toBeInstanceOf(ServiceUnavailableError);
        expect(error.reason).toBe('locked');
        expect(error.retryAfterSeconds).toBeGreaterThan(0);
      }
      expect(elapsed).toBeLessThan(SQLITE_LOCK_WAIT_MS + 2_000);
      expect(longestGap).toBeLessThan(1_000);
    } finally {
      release();
    }
    await expect(write({ n: 0 })).resolves.toBe('written');
  });

  describe('group commit', () => {
    beforeAll(async () => {
      await dataSource.query('CREATE TABLE IF NOT EXISTS group_commit_probe (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE)');
    });

    /**
     * Every statement better-sqlite3 runs from now until `restore()`, by its text: the unit of work's
     * BEGIN, savepoints and COMMIT go to the driver directly, TypeORM's statements through it too.
     */
    function recordStatements(): { statements: string[]; restore: () => void } {
      const statements: string[] = [];
      const probe = other.prepare('SELECT 1');
      const prototype = Object.getPrototypeOf(probe) as Record<'run' | 'all' | 'get', (...args: unknown[]) => unknown>;
      const originals = { run: prototype.run, all: prototype.all, get: prototype.get };
      for (const method of ['run', 'all', 'get'] as const) {
        prototype[method] = function (this: { source: string }, ...args: unknown[]) {
          statements.push(this.source);
          return originals[method].apply(this, args);
        };
      }
      return { statements, restore: () => Object.assign(prototype, originals) };
    }

    const insert = (label: string) =>
      unitOfWork.run(async (manager) => {
        await manager.query('INSERT INTO group_commit_probe (label) VALUES (?)', [label]);
        // Seen from another connection: nothing of the batch is visible before its COMMIT.
        const outside = other.prepare('SELECT COUNT(*) AS n FROM group_commit_probe WHERE label = ?').get(label) as { n: number };
        return outside.n;
      });

    it('runs units queued behind a commit in one transaction, acknowledges each only after the shared COMMIT, and fails a failing unit alone', async () => {
      const { statements, restore } = recordStatements();
      try {
        const labels = Array.from({ length: 40 }, (_, i) => `unit-${i}`);
        // Unit 17 repeats unit 3's label: the unique index refuses it, and only it.
        const attempts = labels.map((label, i) =>
          insert(i === 17 ? 'unit-3' : label).then(async (seenBeforeCommit) => {
            // Acknowledged: the row is already durable and visible to another connection.
            const after = other.prepare('SELECT COUNT(*) AS n FROM group_commit_probe WHERE label = ?').get(i === 17 ? 'unit-3' : label) as { n: number };
            return { seenBeforeCommit, visibleOnAcknowledgement: after.n };
          }),
        );
        const results = await Promise.allSettled(attempts);
        const rejected = results.map((r, i) => [i, r.status] as const).filter(([, status]) => status === 'rejected');
        expect(rejected).toEqual([[17, 'rejected']]);
        expect((results[17] as PromiseRejectedResult).reason).toMatchObject({ status: 409, code: 'plan.concurrentChange' });
        for (const r of results.filter(
          (r): r is PromiseFulfilledResult<{ seenBeforeCommit: number; visibleOnAcknowledgement: number }> => r.status === 'fulfilled',
        )) {
          expect(r.value).toEqual({ seenBeforeCommit: 0, visibleOnAcknowledgement: 1 });
        }
        const stored = other.prepare("SELECT COUNT(*) AS n FROM group_commit_probe WHERE label LIKE 'unit-%'").get() as { n: number };
        expect(stored.n).toBe(39);
        // Fewer COMMITs than units: the 40 units shared transactions, each in a savepoint of its own.
        const commits = statements.filter((q) => q === 'COMMIT').length;
        const savepoints = statements.filter((q) => q.startsWith('SAVEPOINT')).length;
        expect(savepoints).toBe(40);
        expect(commits).toBeGreaterThanOrEqual(1);
        expect(commits).toBeLessThan(40);
      } finally {
        restore();
      }
    });

    it("keeps a savepoint's journal in memory, however many pages the unit changes, and still rolls a failing unit back alone", async () => {
      // 48 rows of 3 KB: a page each. A unit that rewrites them all journals 48 pages (192 KiB) for
      // its savepoint, three times the 64 KiB past which SQLite would spill the journal to a file.
      await dataSource.query('CREATE TABLE IF NOT EXISTS journal_probe (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
      await dataSource.query('DELETE FROM journal_probe');
      for (let id = 1; id <= 48; id++) await dataSource.query('INSERT INTO journal_probe (id, body) VALUES (?, ?)', [id, 'a'.repeat(3000)]);
      /** The temporary files SQLite has open (its names begin `etilqs_`; deleted at once, so open descriptors are all that is left). */
      const temporaryFiles = () =>
        readdirSync('/proc/self/fd')
          .map((fd) => {
            try {
              return readlinkSync(`/proc/self/fd/${fd}`);
            } catch {
              return '';
            }
          })
          .filter((target) => target.includes('etilqs_'));
      const rewrite = (body: string, fail: boolean) =>
        unitOfWork.run(async (manager) => {
          await manager.query('UPDATE journal_probe SET body = ?', [body.repeat(3000)]);
          const open = temporaryFiles();
          if (fail) throw new Error(`refused after the rewrite; temporary files open: ${open.length}`);
          return open;
        });
      // Three units in one batch; the second fails after rewriting every page.
      const [first, second, third] = await Promise.allSettled([rewrite('b', false), rewrite('c', true), rewrite('d', false)]);
      expect(first).toEqual({ status: 'fulfilled', value: [] });
      expect(second).toMatchObject({ status: 'rejected', reason: { message: 'refused after the rewrite; temporary files open: 0' } });
      expect(third).toEqual({ status: 'fulfilled', value: [] });
      // The third unit's rewrite stands; the second's was undone from the journal in memory and left nothing of its own.
      expect(other.prepare('SELECT DISTINCT substr(body, 1, 1) AS c, length(body) AS n FROM journal_probe').all()).toEqual([{ c: 'd', n: 3000 }]);
    });

    it("tells TypeORM's runner of the unit's transaction, so TypeORM code inside a unit nests in it, and of its end", async () => {
      const seen = await unitOfWork.run(async (manager) => {
        const runner = manager.queryRunner!;
        const connection = (dataSource.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
        const inUnit = { active: runner.isTransactionActive, driverInTransaction: connection.inTransaction };
        await manager.query('INSERT INTO group_commit_probe (label) VALUES (?)', ['nest-kept']);
        // A transaction TypeORM starts inside the unit is a savepoint of it: rolled back alone.
        await runner.startTransaction();
        await manager.query('INSERT INTO group_commit_probe (label) VALUES (?)', ['nest-undone']);
        await runner.rollbackTransaction();
        return { ...inUnit, stillActive: runner.isTransactionActive };
      });
      expect(seen).toEqual({ active: true, driverInTransaction: true, stillActive: true });
      const runner = dataSource.createQueryRunner();
      expect(runner.isTransactionActive).toBe(false);
      const labels = other.prepare("SELECT label FROM group_commit_probe WHERE label LIKE 'nest-%' ORDER BY label").all() as Array<{ label: string }>;
      expect(labels.map((r) => r.label)).toEqual(['nest-kept']);
    });

    it('batches units that arrive on separate connections in one turn of the event loop, as requests do', async () => {
      // Each unit starts in a socket's own read callback, as an HTTP request's does. The callback
      // runs to its unit without leaving the microtask queue, so taking a batch at once would commit
      // the first unit before the second socket is read: one unit per COMMIT, whatever the load.
      const { statements, restore } = recordStatements();
      const units: Array<Promise<number>> = [];
      const server = createServer((socket) => {
        socket.once('data', (chunk) => {
          const unit = insert(`socket-${chunk.toString('utf8')}`);
          units.push(unit);
          void unit.finally(() => socket.end());
        });
      });
      const clients: Socket[] = [];
      try {
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const { port } = server.address() as AddressInfo;
        for (let i = 0; i < 20; i++)
          clients.push(
            await new Promise<Socket>((resolve) => {
              const c = connect(port, '127.0.0.1', () => resolve(c));
            }),
          );
        const closed = clients.map((c) => new Promise((resolve) => c.once('close', resolve)));
        clients.forEach((client, i) => client.end(String(i)));
        await Promise.all(closed);
        expect(await Promise.all(units)).toEqual(Array(20).fill(0));
        const stored = other.prepare("SELECT COUNT(*) AS n FROM group_commit_probe WHERE label LIKE 'socket-%'").get() as { n: number };
        expect(stored.n).toBe(20);
        const commits = statements.filter((q) => q === 'COMMIT').length;
        expect(commits).toBeGreaterThanOrEqual(1);
        expect(commits).toBeLessThan(20);
      } finally {
        restore();
        clients.forEach((c) => c.destroy());
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it("rolls back a whole batch met by another process's write lock and runs it again once the lock is gone", async () => {
      const release = lock();
      setTimeout(release, 300);
      const results = await Promise.all(['locked-a', 'locked-b', 'locked-c'].map((label) => insert(label)));
      expect(results).toEqual([0, 0, 0]);
      const stored = other.prepare("SELECT COUNT(*) AS n FROM group_commit_probe WHERE label LIKE 'locked-%'").get() as { n: number };
      expect(stored.n).toBe(3);
    });
  });
});
