import { ManualClock } from '../src/common/clock';
import { createTestApp, type TestApp } from './support/create-test-app';
import { newPlan, people } from './support/factories';
import { sqlitePlan, statementsDuring } from './support/query-plans';
import { testDriver } from './support/test-database';

/**
 * On PostgreSQL the indexes over a plan's last change hold the hour of it (`updated_hour`, migration
 * PlanChangeHour1765699200000), so that most changes leave every index entry alone and are made in
 * place. The feed, the list sorted by last change and the stalled filters read those
 * indexes and must still answer by the exact time: here plans change on both sides of an hour's
 * boundary and of the time a question names within one hour.
 */
describe('Plans ordered and filtered by their last change, through the hour of it', () => {
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const at = (hhmmss: string) => new Date(`2026-03-02T${hhmmss}Z`);
  const clock = new ManualClock(at('09:40:00.000'));
  let t: TestApp;
  let officer: string;
  let manager: string;
  /** Each plan's id and version by name, as the test made them. */
  const plans: Record<string, { id: string; version: number }> = {};

  async function create(name: string, when: Date): Promise<void> {
    clock.set(when);
    const res = await t
      .http()
      .post('/procurements')
      .set('Authorization', `Bearer ${officer}`)
      .send(newPlan({ title: `Plan ${name}` }))
      .expect(201);
    plans[name] = { id: res.body.id, version: res.body.version };
  }

  async function change(name: string, when: Date): Promise<void> {
    clock.set(when);
    const plan = plans[name];
    const res = await t
      .http()
      .patch(`/procurements/${plan.id}`)
      .set('Authorization', `Bearer ${officer}`)
      .set('If-Match', `"${plan.version}"`)
      .send({ rationale: `Changed at ${when.toISOString()}` })
      .expect(200);
    expect(res.body.updatedAt).toBe(when.toISOString());
    plan.version = res.body.version;
  }

  /** Every plan's id and last change as the API gives them, in the order (last change, id). */
  async function byLastChange(): Promise<Array<{ id: string; updatedAt: string }>> {
    const all = await Promise.all(
      Object.values(plans).map(async ({ id }) => {
        const res = await t.http().get(`/procurements/${id}`).set('Authorization', `Bearer ${officer}`).expect(200);
        return { id, updatedAt: res.body.updatedAt as string };
      }),
    );
    return all.sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Every page of a listing, following its cursors. */
  async function pages(path: string, token: string): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const url: string = cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path;
      const res = await t.http().get(url).set('Authorization', `Bearer ${token}`).expect(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
    officer = await t.token(people.officer);
    manager = await t.token(people.manager);
    await create('untouched', at('09:40:00.000'));
    for (const name of ['a', 'b', 'c', 'd', 'e']) await create(name, at('09:50:00.000'));
    await change('a', at('10:10:00.000'));
    await change('b', at('10:40:00.000'));
    await change('c', at('10:59:59.999'));
    await change('d', at('11:00:00.000'));
    await change('e', at('11:00:00.000'));
    // A second change of `a` in a later hour moves its hour on; one in the same hour leaves it.
    await change('a', at('11:20:00.000'));
    await change('a', at('11:25:00.000'));
    await create('late', at('11:30:00.000'));
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  it('keeps on every plan the hour its last change falls in', async () => {
    const rows = await t.dataSource.query<Array<{ id: string; updated_at: string | Date; updated_hour: string | Date }>>(
      'SELECT id, updated_at, updated_hour FROM procurement_plans',
    );
    // SQLite answers with its text, in UTC; PostgreSQL with a Date.
    const time = (value: string | Date) => (value instanceof Date ? value.getTime() : Date.parse(`${value.replace(' ', 'T')}Z`));
    expect(rows).toHaveLength(Object.keys(plans).length);
    expect(rows.map((row) => ({ id: row.id, hour: time(row.updated_hour) }))).toEqual(
      rows.map((row) => ({ id: row.id, hour: Math.floor(time(row.updated_at) / HOUR) * HOUR })),
    );
    const a = rows.find((row) => row.id === plans.a.id)!;
    expect(new Date(time(a.updated_hour)).toISOString()).toBe(at('11:00:00.000').toISOString());
  });

  it('lists plans by their last change, both ways, page by page across the hours', async () => {
    const expected = (await byLastChange()).map((p) => p.id);
    for (const limit of [1, 2, 3]) {
      const ascending = await pages(`/procurements?sort=updatedAt&order=asc&limit=${limit}`, officer);
      expect(ascending.map((p) => p.id)).toEqual(expected);
      const descending = await pages(`/procurements?sort=updatedAt&order=desc&limit=${limit}`, officer);
      expect(descending.map((p) => p.id)).toEqual([...expected].reverse());
    }
  });

  it('feeds the releases changed since a time within an hour, in order, page by page', async () => {
    const ordered = await byLastChange();
    for (const since of ['10:40:00.000', '10:40:00.001', '10:59:59.999', '11:00:00.000', '09:00:00.000', '12:00:00.000']) {
      const expected = ordered.filter((p) => Date.parse(p.updatedAt) >= at(since).getTime()).map((p) => p.id);
      const items = await pages(`/ocds/releases?since=${encodeURIComponent(at(since).toISOString())}&limit=2`, manager);
      const ids = items.map((item) => /\/procurements\/([^/]+)\/ocds$/.exec(String(item.uri))![1]);
      expect({ since, ids }).toEqual({ since, ids: expected });
    }
  });

  it("counts and lists as stalled the plans whose last change is before the day's bound, also within its hour", async () => {
    const ordered = await byLastChange();
    // A day after 10:45, say: `untouched` (09:40, an earlier hour) and `b` (10:40, the bound's own
    // hour, before it) are stalled; `c` (10:59:59.999, the same hour, after it) and the rest are not.
    for (const bound of ['10:45:00.000', '09:45:00.000', '11:00:00.000', '11:00:00.001', '10:59:59.999']) {
      clock.set(new Date(at(bound).getTime() + DAY));
      const expected = ordered.filter((p) => Date.parse(p.updatedAt) < at(bound).getTime()).map((p) => p.id);
      const summary = await t.http().get('/portfolio/summary?stalledDays=1').set('Authorization', `Bearer ${manager}`).expect(200);
      const listed = await pages('/portfolio/plans?stalledDays=1&limit=2', manager);
      expect({ bound, stalled: summary.body.stalled.plans, listed: listed.map((p) => p.id).sort() }).toEqual({
        bound,
        stalled: expected.length,
        listed: [...expected].sort(),
      });
    }
  });

  // SQLite keeps its indexes over the time itself (it has no in-place updates to gain) and its queries
  // read the time alone; its own query plans say the list and the feed read an index in order.
  (testDriver() === 'sqlite' ? it : it.skip)('reads the list and the feed in the order of an index on SQLite, with nothing left to sort', async () => {
    const calls = await statementsDuring(t, async () => {
      const page = await t.http().get('/procurements?sort=updatedAt&order=desc&limit=2').set('Authorization', `Bearer ${officer}`).expect(200);
      await t
        .http()
        .get(`/procurements?sort=updatedAt&order=desc&limit=2&cursor=${encodeURIComponent(page.body.nextCursor)}`)
        .set('Authorization', `Bearer ${officer}`)
        .expect(200);
      await t.http().get('/ocds/releases?limit=2').set('Authorization', `Bearer ${manager}`).expect(200);
      await t
        .http()
        .get(`/ocds/releases?since=${encodeURIComponent(at('10:40:00.000').toISOString())}&limit=2`)
        .set('Authorization', `Bearer ${manager}`)
        .expect(200);
    });
    const statements = calls.filter(([sql]) => /FROM "procurement_plans"/.test(sql) && /ORDER BY/.test(sql));
    expect(statements).toHaveLength(4);
    for (const statement of statements) {
      expect((await sqlitePlan(t, statement)).filter((detail) => /TEMP B-TREE|^SCAN p$/.test(detail))).toEqual([]);
    }
  });

  if (testDriver() === 'postgres') {
    it('makes most changes of a plan in place on PostgreSQL: no new index entry, no dead version left for VACUUM', async () => {
      const counts = async () => {
        const [row] = await t.dataSource.query<Array<{ updates: string; inPlace: string }>>(
          `SELECT n_tup_upd AS updates, n_tup_hot_upd AS "inPlace" FROM pg_stat_user_tables WHERE relname = 'procurement_plans'`,
        );
        return { updates: Number(row.updates), inPlace: Number(row.inPlace) };
      };
      const waitForUpdates = async (atLeast: number) => {
        // Each connection reports its counts to the server's statistics within a second or so of going idle.
        for (let tries = 0; tries < 100; tries++) {
          const now = await counts();
          if (now.updates >= atLeast) return now;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        return counts();
      };
      const before = await waitForUpdates(0);
      const CHANGES = 30;
      for (let i = 0; i < CHANGES; i++) await change('late', new Date(at('11:31:00.000').getTime() + i * 1000));
      const after = await waitForUpdates(before.updates + CHANGES);
      expect(after.updates - before.updates).toBeGreaterThanOrEqual(CHANGES);
      expect(after.inPlace - before.inPlace).toBeGreaterThanOrEqual(CHANGES - 2);
    });
  }
});
