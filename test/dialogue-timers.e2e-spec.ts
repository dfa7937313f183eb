import { ManualClock } from '../src/common/clock';
import { createTestApp, type TestApp } from './support/create-test-app';
import { DAY, periods, registrationOf, RFI_QUESTIONNAIRE, suppliers } from './support/dialogue';
import { DIGIGREEN_WALK, newPlan, people } from './support/factories';
import { createTestDatabase, testDriver } from './support/test-database';

const TO_DIALOGUE = DIGIGREEN_WALK.slice(0, 6);

async function planInDialogue(t: TestApp, officer: string): Promise<string> {
  const created = await t.http().post('/procurements').set('Authorization', `Bearer ${officer}`).send(newPlan()).expect(201);
  for (const step of TO_DIALOGUE) {
    await t.http().post(`/procurements/${created.body.id}/events`).set('Authorization', `Bearer ${officer}`).send(step.event).expect(200);
  }
  return created.body.id;
}

function createRound(t: TestApp, officer: string, planId: string, now: Date, days = { questions: 1, clarifications: 2, closes: 3 }) {
  return t
    .http()
    .post(`/procurements/${planId}/dialogue/rounds`)
    .set('Authorization', `Bearer ${officer}`)
    .send({ type: 'rfi', title: 'RFI', description: 'Questions to the market.', ...periods(now, days), questionnaire: RFI_QUESTIONNAIRE })
    .expect(201);
}

const sql = (t: TestApp, query: string) => (t.database.driver === 'postgres' ? query.replace(/\?/g, () => `$${++sql.n}`) : query);
sql.n = 0;

/** A raw timestamp column as ISO: PostgreSQL gives a Date, SQLite TypeORM's UTC text. */
const instant = (value: string | Date) => (value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`)).toISOString();

async function rows<T>(t: TestApp, query: string, params: unknown[] = []): Promise<T[]> {
  sql.n = 0;
  return t.dataSource.query(sql(t, query), params);
}

describe('Durable dialogue deadlines', () => {
  it('closes a round whose deadline passed while the service was stopped, at the next start, and refuses responses after', async () => {
    const clock = new ManualClock(new Date());
    let t = await createTestApp({ clock });
    const officer = await t.token(people.officer);
    const supplier = await t.token(suppliers.a);
    const planId = await planInDialogue(t, officer);
    await t
      .http()
      .post(`/procurements/${planId}/dialogue/registrations`)
      .set('Authorization', `Bearer ${supplier}`)
      .send(registrationOf('Aurora Refurb Oy', true))
      .expect(201);
    const round = await createRound(t, officer, planId, clock.now());
    const plan = await t.http().get(`/procurements/${planId}`).set('Authorization', `Bearer ${officer}`).expect(200);
    expect(plan.body.stage).toBe('marketDialogue');

    await t.close();
    clock.advance(5 * DAY);
    t = await createTestApp({ database: t.database, clock });
    try {
      const timers = await rows<{ key: string; status: string }>(t, "SELECT key, status FROM timers WHERE plan_id = ? AND kind = 'workflow' ORDER BY key", [
        planId,
      ]);
      expect(timers).toEqual([
        { key: `round:${round.body.id}:clarifications`, status: 'fired' },
        { key: `round:${round.body.id}:close`, status: 'fired' },
      ]);
      const got = await t.http().get(`/procurements/${planId}/dialogue/rounds/${round.body.id}`).set('Authorization', `Bearer ${supplier}`).expect(200);
      expect(got.body).toMatchObject({ status: 'closed', closedAt: clock.now().toISOString() });
      const late = await t
        .http()
        .put(`/procurements/${planId}/dialogue/rounds/${round.body.id}/response`)
        .set('Authorization', `Bearer ${supplier}`)
        .send({
          answers: [
            { questionId: 'warranty', value: '2 years' },
            { questionId: 'batteryLife', value: 80 },
            { questionId: 'takeBack', value: true },
          ],
        })
        .expect(409);
      expect(late.body.message).toBe(`Round closed at ${round.body.closesAt}.`);
    } finally {
      await t.close({ dropDatabase: true });
    }
  });

  it('moves the timers when a deadline is extended, records old and new dates, and cancels them when the plan leaves the dialogue', async () => {
    const clock = new ManualClock(new Date());
    const t = await createTestApp({ clock });
    try {
      const officer = await t.token(people.officer);
      const planId = await planInDialogue(t, officer);
      const round = await createRound(t, officer, planId, clock.now());
      const later = new Date(Date.parse(round.body.closesAt) + 2 * DAY).toISOString();
      await t
        .http()
        .patch(`/procurements/${planId}/dialogue/rounds/${round.body.id}`)
        .set('Authorization', `Bearer ${officer}`)
        .send({ closesAt: later })
        .expect(200);
      await t
        .http()
        .patch(`/procurements/${planId}/dialogue/rounds/${round.body.id}`)
        .set('Authorization', `Bearer ${officer}`)
        .send({ closesAt: round.body.closesAt })
        .expect(400);
      const pending = await rows<{ key: string; due_at: string | Date }>(
        t,
        "SELECT key, due_at FROM timers WHERE plan_id = ? AND kind = 'workflow' AND status = ? ORDER BY key",
        [planId, 'pending'],
      );
      expect(pending.map((r) => [r.key, instant(r.due_at)])).toEqual([
        [`round:${round.body.id}:clarifications`, round.body.clarificationsUntil],
        [`round:${round.body.id}:close`, later],
      ]);
      const history = await t.http().get(`/procurements/${planId}/history?limit=100`).set('Authorization', `Bearer ${officer}`).expect(200);
      const extension = history.body.items.find((e: { type: string }) => e.type === 'EXTEND_DIALOGUE_ROUND');
      expect(extension.payload).toMatchObject({ closesAt: later, previous: { closesAt: round.body.closesAt } });
      const detail = await t.http().get(`/procurements/${planId}`).set('Authorization', `Bearer ${officer}`).expect(200);
      expect(detail.body.nextDeadlineAt).toBe(round.body.clarificationsUntil);

      await t
        .http()
        .post(`/procurements/${planId}/events`)
        .set('Authorization', `Bearer ${officer}`)
        .send({ type: 'CANCEL', reason: 'Budget withdrawn.' })
        .expect(200);
      const after = await rows<{ status: string }>(t, "SELECT status FROM timers WHERE plan_id = ? AND kind = 'workflow' AND status = ?", [planId, 'pending']);
      expect(after).toEqual([]);
      clock.advance(30 * DAY);
      expect(await t.fireDueTimers()).toBe(0);
    } finally {
      await t.close({ dropDatabase: true });
    }
  });

  const onPostgres = testDriver() === 'postgres' ? it : it.skip;

  onPostgres('fires each of 200 timers due at once exactly once with two instances on one PostgreSQL database', async () => {
    const clock = new ManualClock(new Date());
    const database = await createTestDatabase('postgres');
    const first = await createTestApp({ database, clock });
    const second = await createTestApp({ database, clock });
    try {
      const officer = await first.token(people.officer);
      const roundIds: string[] = [];
      for (let p = 0; p < 20; p++) {
        const planId = await planInDialogue(p % 2 === 0 ? first : second, officer);
        for (let r = 0; r < 5; r++) roundIds.push((await createRound(first, officer, planId, clock.now())).body.id);
      }
      const [{ count }] = await rows<{ count: string }>(first, "SELECT COUNT(*) AS count FROM timers WHERE kind = 'workflow' AND status = ?", ['pending']);
      expect(Number(count)).toBe(200);

      clock.advance(4 * DAY);
      const [a, b] = await Promise.all([first.fireDueTimers(), second.fireDueTimers()]);
      // 200 deadlines and each round's closing reminder, which the late start makes void.
      expect(a + b).toBe(300);

      const statuses = await rows<{ kind: string; status: string; count: string }>(
        first,
        'SELECT kind, status, COUNT(*) AS count FROM timers GROUP BY kind, status ORDER BY kind',
      );
      expect(statuses.map((s) => [s.kind, s.status, Number(s.count)])).toEqual([
        ['reminder', 'void', 100],
        ['workflow', 'fired', 200],
      ]);
      const events = await rows<{ payload: string }>(first, 'SELECT payload FROM audit_events WHERE type = ?', ['DIALOGUE_ROUND_DEADLINE']);
      const closes = events.map((e) => JSON.parse(e.payload) as { roundId: string; deadline: string });
      for (const deadline of ['close', 'clarifications']) {
        const perRound = closes
          .filter((e) => e.deadline === deadline)
          .map((e) => e.roundId)
          .sort();
        expect(perRound).toEqual([...roundIds].sort());
      }
      process.stdout.write(`two instances fired ${a} and ${b} of 200 timers\n`);
    } finally {
      await second.close();
      await first.close({ dropDatabase: true });
    }
  });
});
