import { ManualClock } from '../src/common/clock';
import { createTestApp, type TestApp } from './support/create-test-app';
import { newPlan, people } from './support/factories';
import { millisecondOf, UUID_V7 } from './support/uuid-v7';

/**
 * A plan's id is a UUIDv7 of the moment it was created (EngineService.create): plans made later sort
 * after earlier ones, so the indexes that begin with a plan's id keep the recent plans together
 * (decision 0028, session 22). The id is still an ordinary UUID to every route and to OCDS.
 */
describe('Plan ids: time-ordered UUIDs', () => {
  const clock = new ManualClock('2027-03-01T09:00:00.000Z');
  let t: TestApp;
  let officer: string;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    officer = await t.token(people.officer);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  const create = () => t.http().post('/procurements').set('Authorization', `Bearer ${officer}`).send(newPlan()).expect(201);

  it('are version 7 UUIDs of the creation time, sorting in the order the plans were made', async () => {
    const made: Array<{ id: string; createdAt: string; ocid: string }> = [];
    for (let i = 0; i < 5; i += 1) {
      made.push((await create()).body);
      clock.advance(i === 2 ? 3_600_000 : 1);
    }
    for (const plan of made) {
      expect(plan.id).toMatch(UUID_V7);
      expect(millisecondOf(plan.id)).toBe(Date.parse(plan.createdAt));
      expect(plan.ocid.endsWith(`-${plan.id}`)).toBe(true);
    }
    expect([...made.map((p) => p.id)].sort()).toEqual(made.map((p) => p.id));
    // Stored so, too: the database's own order by id is the order of creation.
    const stored: Array<{ id: string }> = await t.dataSource.query('SELECT id FROM procurement_plans ORDER BY id');
    expect(stored.map((r) => r.id).filter((id) => made.some((p) => p.id === id))).toEqual(made.map((p) => p.id));
  });

  it('are taken by every route as any UUID is, in either case', async () => {
    const { id } = (await create()).body as { id: string };
    await t.http().get(`/procurements/${id}`).set('Authorization', `Bearer ${officer}`).expect(200);
    const upper = await t.http().get(`/procurements/${id.toUpperCase()}`).set('Authorization', `Bearer ${officer}`).expect(200);
    expect(upper.body.id).toBe(id);
    await t.http().get(`/procurements/${id}/history/verify`).set('Authorization', `Bearer ${officer}`).expect(200);
  });
});
