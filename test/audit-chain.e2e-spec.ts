import { AuditEventEntity } from '../src/engine/audit-event.entity';
import { createHash } from 'node:crypto';
import { AuditLogService } from '../src/engine/audit-log.service';
import { createTestApp, type TestApp } from './support/create-test-app';
import { DIGIGREEN_WALK, newPlan, people } from './support/factories';

/** Seq 1 is PLAN_CREATED; these add seq 2 (no payload), 3 (RECORD_NEEDS, with payload), 4 and 5. */
const STEPS = DIGIGREEN_WALK.slice(0, 4);
const EVENTS = STEPS.length + 1;

interface AuditRow {
  seq: number;
  type: string;
  actor_id: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

describe('The hash-chained audit trail of a plan', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    for (const [key, claims] of Object.entries(people)) tokens[key] = await t.token(claims);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  /** Raw SQL written with `?`; PostgreSQL wants numbered placeholders instead. */
  function sql<T = unknown>(text: string, params: unknown[]): Promise<T> {
    let n = 0;
    const query = t.database.driver === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text;
    return t.dataSource.query(query, params);
  }

  const rows = (planId: string) =>
    sql<AuditRow[]>('SELECT seq, type, actor_id, payload, prev_hash, hash FROM audit_events WHERE plan_id = ? ORDER BY seq', [planId]);

  async function planWithHistory(): Promise<string> {
    const created = await t.http().post('/procurements').set('Authorization', `Bearer ${tokens.officer}`).send(newPlan()).expect(201);
    for (const step of STEPS) {
      await t.http().post(`/procurements/${created.body.id}/events`).set('Authorization', `Bearer ${tokens[step.by]}`).send(step.event).expect(200);
    }
    return created.body.id;
  }

  async function verify(planId: string) {
    const res = await t.http().get(`/procurements/${planId}/history/verify`).set('Authorization', `Bearer ${tokens.officer}`).expect(200);
    return res.body;
  }

  let untouched: string;

  it('reports an untouched chain intact, with every event and the hash of the last one', async () => {
    untouched = await planWithHistory();
    const stored = await rows(untouched);
    expect(stored.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await verify(untouched)).toEqual({ intact: true, events: EVENTS, headHash: stored[EVENTS - 1].hash });
  });

  it('pages the history in seq order, each event exactly once, ending with a null cursor', async () => {
    const seen: Array<{ seq: number; type: string }> = [];
    const cursors: Array<string | null> = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string | number> = cursor === null ? { limit: 2 } : { limit: 2, cursor };
      const res = await t.http().get(`/procurements/${untouched}/history`).query(query).set('Authorization', `Bearer ${tokens.officer}`).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((e: { seq: number; type: string }) => ({ seq: e.seq, type: e.type })));
      cursor = res.body.nextCursor;
      cursors.push(cursor);
    } while (cursor !== null && cursors.length <= EVENTS);

    expect(seen).toEqual([{ seq: 1, type: 'PLAN_CREATED' }, ...STEPS.map((s, i) => ({ seq: i + 2, type: s.event.type }))]);
    // Five events at two a page: two full pages with a cursor, then the last one without.
    expect(cursors).toEqual([expect.any(String), expect.any(String), null]);

    // The server fetches one row beyond the limit to decide, so a page that ends exactly at the last event has no cursor.
    const exact = await t
      .http()
      .get(`/procurements/${untouched}/history`)
      .query({ limit: EVENTS })
      .set('Authorization', `Bearer ${tokens.officer}`)
      .expect(200);
    expect(exact.body.items).toHaveLength(EVENTS);
    expect(exact.body.nextCursor).toBeNull();
  });

  it('names seq 3 when its payload was edited in the database', async () => {
    const planId = await planWithHistory();
    const before = await rows(planId);
    expect(before[2].type).toBe('RECORD_NEEDS');
    await sql('UPDATE audit_events SET payload = ? WHERE plan_id = ? AND seq = ?', [JSON.stringify({ need: 'Something else entirely.' }), planId, 3]);
    expect((await rows(planId))[2].payload).toBe('{"need":"Something else entirely."}');

    expect(await verify(planId)).toEqual({
      intact: false,
      events: EVENTS,
      // The last link that still holds: the one before the edited event.
      headHash: before[1].hash,
      brokenAt: { seq: 3, reason: expect.stringMatching(/changed after it was recorded/) },
      problems: [{ seq: 3, reason: expect.stringMatching(/changed after it was recorded/) }],
    });
  });

  it('reports the end of the chain as broken when the last event was deleted', async () => {
    const planId = await planWithHistory();
    await sql('DELETE FROM audit_events WHERE plan_id = ? AND seq = ?', [planId, EVENTS]);
    expect(await rows(planId)).toHaveLength(EVENTS - 1);

    const result = await verify(planId);
    expect(result).toMatchObject({ intact: false, events: EVENTS - 1, brokenAt: { seq: EVENTS } });
    expect(result.brokenAt.reason).toMatch(/removed or added/);
  });

  it('names seq 2 when its actor was changed', async () => {
    const planId = await planWithHistory();
    await sql('UPDATE audit_events SET actor_id = ? WHERE plan_id = ? AND seq = ?', ['officer-mallory', planId, 2]);
    expect((await rows(planId))[1].actor_id).toBe('officer-mallory');

    expect(await verify(planId)).toMatchObject({
      intact: false,
      events: EVENTS,
      brokenAt: { seq: 2, reason: expect.stringMatching(/changed after it was recorded/) },
    });
  });

  it('names seq 2 when its link to the event before was changed', async () => {
    const planId = await planWithHistory();
    await sql('UPDATE audit_events SET prev_hash = ? WHERE plan_id = ? AND seq = ?', ['f'.repeat(64), planId, 2]);
    expect((await rows(planId))[1].prev_hash).toBe('f'.repeat(64));

    expect(await verify(planId)).toMatchObject({
      intact: false,
      events: EVENTS,
      brokenAt: { seq: 2, reason: expect.stringMatching(/does not point to the hash of the event before/) },
    });
  });

  it('catches an edited event rehashed without the audit key at that very event (the hashes are keyed)', async () => {
    const planId = await planWithHistory();
    const repo = t.dataSource.getRepository(AuditEventEntity);
    const third = await repo.findOneByOrFail({ planId, seq: 3 });
    third.payload = JSON.stringify({ need: 'Something else entirely.' });
    third.hash = createHash('sha256').update(JSON.stringify(third)).digest('hex');
    await repo.save(third);

    expect(await verify(planId)).toMatchObject({
      intact: false,
      brokenAt: { seq: 3, reason: expect.stringMatching(/changed after it was recorded/) },
    });
  });

  it('names the next event when an edited one had its own hash recomputed with the key to cover the edit', async () => {
    const planId = await planWithHistory();
    // Someone holding AUDIT_KEY makes the edited row self-consistent; only the following link can catch it.
    const repo = t.dataSource.getRepository(AuditEventEntity);
    const third = await repo.findOneByOrFail({ planId, seq: 3 });
    third.payload = JSON.stringify({ need: 'Something else entirely.' });
    third.hash = t.app.get(AuditLogService).hashOf(third);
    await repo.save(third);

    expect(await verify(planId)).toMatchObject({
      intact: false,
      events: EVENTS,
      brokenAt: { seq: 4, reason: expect.stringMatching(/does not point to the hash of the event before/) },
    });
  });

  it("leaves other plans' chains intact after all that tampering", async () => {
    expect(await verify(untouched)).toMatchObject({ intact: true, events: EVENTS });
  });
});
