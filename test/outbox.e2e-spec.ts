import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { EntityManager } from 'typeorm';
import { ManualClock } from '../src/common/clock';
import { UnitOfWork } from '../src/database/unit-of-work';
import { EngineService } from '../src/engine/engine.service';
import { dataSchema, isOutgoingEventType, OUTGOING_EVENT_TYPES, type OutgoingEventType } from '../src/outbox/event-catalogue';
import type { DispatchedEvent, OutboxConsumer } from '../src/outbox/outbox.consumer';
import { dispatchStatements, OutboxDispatcher } from '../src/outbox/outbox.dispatcher';
import { createTestApp, type TestApp } from './support/create-test-app';
import { DAY, periods, registrationOf, RFI_QUESTIONNAIRE, suppliers } from './support/dialogue';
import { DIGIGREEN_WALK, newPlan, people, runStep } from './support/factories';
import { createTestDatabase, testDriver } from './support/test-database';

interface OutboxRow {
  position: number;
  id: string;
  plan_id: string;
  type: string;
  data: string;
  status: string;
}

/** Records what the dispatcher hands on, as a webhook or e-mail consumer would receive it. */
class RecordingConsumer implements OutboxConsumer {
  readonly name = 'recording';
  readonly received: DispatchedEvent[] = [];
  async fanOut(_manager: EntityManager, events: readonly DispatchedEvent[]): Promise<void> {
    this.received.push(...events);
  }
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validators = new Map<OutgoingEventType, ValidateFunction>(OUTGOING_EVENT_TYPES.map((type) => [type, ajv.compile(dataSchema(type))]));

async function outbox(t: TestApp, planId: string): Promise<OutboxRow[]> {
  const query = `SELECT position, id, plan_id, type, data, status FROM outbox_events WHERE plan_id = ${t.database.driver === 'postgres' ? '$1' : '?'} ORDER BY position`;
  return t.dataSource.query(query, [planId]);
}

async function auditTypes(t: TestApp, planId: string): Promise<Array<{ type: string; from_stage: string | null; to_stage: string }>> {
  const query = `SELECT type, from_stage, to_stage FROM audit_events WHERE plan_id = ${t.database.driver === 'postgres' ? '$1' : '?'} ORDER BY seq`;
  return t.dataSource.query(query, [planId]);
}

describe('The transactional outbox', () => {
  // Now, not a fixed day: the walk's engagement notice closed its registration two days before the
  // real date (REGISTRATION_OVER), and a fixed day would fall before it as time goes on.
  const clock = new ManualClock(new Date());
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const recording = new RecordingConsumer();

  beforeAll(async () => {
    t = await createTestApp({ clock });
    t.app.get(OutboxDispatcher).register(recording);
    for (const [key, claims] of Object.entries({ ...people, ...suppliers })) tokens[key] = await t.token(claims);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  it('indexes only pending events for the dispatcher (the per-plan index on PostgreSQL alone), and no audit events by time on either driver', async () => {
    const postgres = t.database.driver === 'postgres';
    const rows: Array<{ name: string }> = await t.dataSource.query(
      postgres
        ? "SELECT indexname AS name FROM pg_indexes WHERE tablename IN ('outbox_events', 'audit_events')"
        : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('outbox_events', 'audit_events')",
    );
    const names = rows.map((r) => r.name);
    expect(names).toContain('ix_outbox_pending');
    expect(names.includes('ix_outbox_plan_pending')).toBe(postgres);
    for (const gone of ['ix_outbox_status_position', 'ix_outbox_plan_position', 'idx_audit_occurred']) expect(names).not.toContain(gone);
    const statements = dispatchStatements(t.dataSource.manager);
    if (!postgres) {
      // SQLite's dispatcher takes the pending events in commit order from the partial index alone.
      const claim: Array<{ detail: string }> = await t.dataSource.query(`EXPLAIN QUERY PLAN ${statements.claim}`);
      expect(claim.map((step) => step.detail)).toEqual([expect.stringContaining('USING INDEX ix_outbox_pending')]);
      // Marking them dispatched finds each by its key, whatever the number of events.
      const mark: Array<{ detail: string }> = await t.dataSource.query(`EXPLAIN QUERY PLAN ${statements.markDispatched}`, [null, '[1,2,3]']);
      expect(mark.map((step) => step.detail)).toContainEqual(expect.stringMatching(/^SEARCH outbox_events USING INTEGER PRIMARY KEY \(rowid=\?\)/));
      return;
    }
    // The claim's text implies both partial indexes' predicate, so PostgreSQL reads the oldest pending
    // events, and each one's plan's oldest pending event, from them alone, even planned on a nearly
    // empty table as here (a plan is kept per connection until the statistics change).
    const plan: Array<{ 'QUERY PLAN': string }> = await t.dataSource.query(`EXPLAIN ${statements.claim}`);
    const text = plan.map((line) => line['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index Scan using ix_outbox_pending on outbox_events o\b/);
    expect(text).toMatch(/Index (Only )?Scan using ix_outbox_plan_pending on outbox_events e\b/);
    expect(text).toMatch(/Index Cond: \(plan_id = \(?o\.plan_id\)?/);
    // Whether the plan has a later pending event: one more probe of the per-plan index.
    expect(text).toMatch(/Index (Only )?Scan using ix_outbox_plan_pending on outbox_events m\b/);
  });

  it('is handed on only when the test asks: the test app runs no dispatcher in the background, neither polled nor woken by a commit', async () => {
    const planId: string = (await t.http().post('/procurements').set(auth('officer')).send(newPlan()).expect(201)).body.id;
    // Well past the wake-up after a commit (50 ms) that a background dispatcher would take.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await outbox(t, planId)).map((r) => r.status)).toEqual(['pending']);
    expect(recording.received.filter((e) => e.planId === planId)).toEqual([]);
    await t.app.get(OutboxDispatcher).dispatch();
    expect((await outbox(t, planId)).map((r) => r.status)).toEqual(['dispatched']);
    expect(recording.received.filter((e) => e.planId === planId)).toHaveLength(1);
  });

  it('announces every change of a walk to readyForTender, each event valid by its schema, in commit order, and hands each on once', async () => {
    const created = await t.http().post('/procurements').set(auth('officer')).send(newPlan()).expect(201);
    const planId: string = created.body.id;
    for (const step of DIGIGREEN_WALK) expect((await runStep(t, tokens, planId, step)).status).toBe(200);
    await t
      .http()
      .patch(`/procurements/${planId}`)
      .set(auth('officer'))
      .send({ rationale: "Refurbished devices halve the fleet's embodied carbon." })
      .expect(200);
    await t.app.get(OutboxDispatcher).dispatch();

    const rows = await outbox(t, planId);
    for (const row of rows) {
      expect(isOutgoingEventType(row.type)).toBe(true);
      const validate = validators.get(row.type as OutgoingEventType)!;
      const data = JSON.parse(row.data);
      expect({ type: row.type, valid: validate(data), errors: validate.errors ?? null }).toEqual({ type: row.type, valid: true, errors: null });
      expect(data.plan.id).toBe(planId);
      expect(row.status).toBe('dispatched');
    }
    // Every audit event announced something; each change of stage once, after what caused it.
    const trail = await auditTypes(t, planId);
    const stageChanges = trail.filter((e) => e.from_stage !== null && e.from_stage !== e.to_stage);
    const announced = rows.filter((r) => r.type === 'plan.stageChanged').map((r) => JSON.parse(r.data));
    expect(announced.map((d) => [d.event, d.fromStage, d.toStage])).toEqual(stageChanges.map((e) => [e.type, e.from_stage, e.to_stage]));
    expect(rows.map((r) => r.type)).toEqual(
      expect.arrayContaining(['plan.created', 'plan.eventRecorded', 'criteria.changed', 'approval.requested', 'approval.decided', 'plan.updated']),
    );
    expect(rows[0].type).toBe('plan.created');
    const approval = rows.findIndex((r) => r.type === 'approval.requested');
    expect(rows[approval + 1]).toMatchObject({ type: 'plan.stageChanged' });
    expect(JSON.parse(rows.find((r) => r.type === 'approval.decided')!.data)).toMatchObject({
      decision: 'approved',
      comment: 'Well prepared.',
      actor: { id: people.manager.sub, role: 'manager' },
    });
    // Positions grow in commit order and the consumer got each event once, in that order.
    const handed = recording.received.filter((e) => e.planId === planId);
    expect(handed.map((e) => e.id)).toEqual(rows.map((r) => r.id));
    expect(handed.map((e) => e.position)).toEqual([...handed.map((e) => e.position)].sort((a, b) => a - b));
  });

  it('announces nothing for a refused event or a unit of work rolled back after the change', async () => {
    const created = await t.http().post('/procurements').set(auth('officer')).send(newPlan()).expect(201);
    const planId: string = created.body.id;
    const before = await outbox(t, planId);
    await t.http().post(`/procurements/${planId}/events`).set(auth('officer')).send({ type: 'APPROVE' }).expect(403);
    await t.http().post(`/procurements/${planId}/events`).set(auth('officer')).send({ type: 'COMPLETE_NEEDS_ASSESSMENT' }).expect(409);
    const engine = t.app.get(EngineService);
    const officer = { id: people.officer.sub, name: people.officer.name, role: 'officer' as const };
    await expect(
      t.app.get(UnitOfWork).run(async (manager) => {
        await engine.execute(manager, planId, { type: 'START_NEEDS_ASSESSMENT', payload: {} }, officer);
        throw new Error('Something failed after the change, before commit.');
      }),
    ).rejects.toThrow('before commit');
    await t.app.get(OutboxDispatcher).dispatch();
    expect((await outbox(t, planId)).map((r) => r.id)).toEqual(before.map((r) => r.id));
    expect(recording.received.filter((e) => e.planId === planId).map((e) => e.type)).toEqual(['plan.created']);
    const plan = await t.http().get(`/procurements/${planId}`).set(auth('officer')).expect(200);
    expect(plan.body.stage).toBe('draft');
  });

  it("never carries a supplier's answers or who asked a question", async () => {
    const created = await t.http().post('/procurements').set(auth('officer')).send(newPlan()).expect(201);
    const planId: string = created.body.id;
    for (const step of DIGIGREEN_WALK.slice(0, 6)) expect((await runStep(t, tokens, planId, step)).status).toBe(200);
    await t.http().post(`/procurements/${planId}/dialogue/registrations`).set(auth('a')).send(registrationOf('Aurora Refurb Oy', true)).expect(201);
    const round = await t
      .http()
      .post(`/procurements/${planId}/dialogue/rounds`)
      .set(auth('officer'))
      .send({
        type: 'rfi',
        title: 'RFI',
        description: 'Questions to the market.',
        ...periods(clock.now(), { questions: 5, clarifications: 6, closes: 7 }),
        questionnaire: RFI_QUESTIONNAIRE,
      })
      .expect(201);
    const answers = [
      { questionId: 'warranty', value: 'SECRET-PRICING: 36 months', confidentiality: 'buyerOnly', rationale: 'Our pricing model is a trade secret.' },
      { questionId: 'batteryLife', value: 80 },
      { questionId: 'takeBack', value: true },
    ];
    await t.http().put(`/procurements/${planId}/dialogue/rounds/${round.body.id}/response`).set(auth('a')).send({ answers }).expect(200);
    const question = await t
      .http()
      .post(`/procurements/${planId}/dialogue/rounds/${round.body.id}/questions`)
      .set(auth('a'))
      .send({ question: 'May devices come from several manufacturers?' })
      .expect(201);
    await t
      .http()
      .post(`/procurements/${planId}/dialogue/rounds/${round.body.id}/answers`)
      .set(auth('officer'))
      .send({ questionIds: [question.body.id], text: 'Yes, as long as each meets the criteria.' })
      .expect(201);

    const rows = await outbox(t, planId);
    const types = rows.map((r) => r.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'dialogue.supplierRegistered',
        'dialogue.roundScheduled',
        'dialogue.responseReceived',
        'dialogue.questionAsked',
        'dialogue.answerPublished',
      ]),
    );
    const everything = rows.map((r) => r.data).join('\n');
    for (const secret of ['SECRET-PRICING', 'trade secret', 'several manufacturers', suppliers.a.sub, suppliers.a.name])
      expect(everything).not.toContain(secret);
    const asked = JSON.parse(rows.find((r) => r.type === 'dialogue.questionAsked')!.data);
    expect(asked).toEqual({ plan: expect.objectContaining({ id: planId }), actor: null, roundId: round.body.id, questionId: question.body.id });
    expect(JSON.stringify(asked)).not.toContain(suppliers.a.businessId);
  });

  it('reminds once of an approval waiting APPROVAL_REMINDER_DAYS, and not after it was decided', async () => {
    const created = await t.http().post('/procurements').set(auth('officer')).send(newPlan()).expect(201);
    const waiting: string = created.body.id;
    const decided: string = (await t.http().post('/procurements').set(auth('officer')).send(newPlan()).expect(201)).body.id;
    const toApproval = DIGIGREEN_WALK.slice(0, -1);
    for (const id of [waiting, decided]) for (const step of toApproval) expect((await runStep(t, tokens, id, step)).status).toBe(200);
    await runStep(t, tokens, decided, DIGIGREEN_WALK[DIGIGREEN_WALK.length - 1]);

    clock.advance(t.env.APPROVAL_REMINDER_DAYS * DAY - 60_000);
    await t.fireDueTimers();
    expect((await outbox(t, waiting)).filter((r) => r.type === 'approval.waiting')).toHaveLength(0);
    clock.advance(2 * 60_000);
    await t.fireDueTimers();
    clock.advance(30 * DAY);
    await t.fireDueTimers();
    const reminders = (await outbox(t, waiting)).filter((r) => r.type === 'approval.waiting').map((r) => JSON.parse(r.data));
    expect(reminders).toEqual([
      expect.objectContaining({ days: t.env.APPROVAL_REMINDER_DAYS, actor: null, plan: expect.objectContaining({ stage: 'approval' }) }),
    ]);
    expect((await outbox(t, decided)).filter((r) => r.type === 'approval.waiting')).toHaveLength(0);
  });
});

interface TimedCall {
  events: readonly DispatchedEvent[];
  start: number;
  end: number;
}

/**
 * For the dispatcher's background passes (no poll for an hour: only commits wake it): a plan whose
 * creation is handed on, its edits, and a consumer that times each call and runs `duringFirstCall`
 * inside the first.
 */
async function timedDispatcher(t: TestApp, duringFirstCall: (patch: (rationale: string) => Promise<unknown>) => Promise<void>) {
  const officer = await t.token(people.officer);
  const planId = (await t.http().post('/procurements').set('Authorization', `Bearer ${officer}`).send(newPlan()).expect(201)).body.id as string;
  await t.app.get(OutboxDispatcher).dispatch();
  // then(): supertest sends a request only once it is awaited.
  const patch = (rationale: string) =>
    t
      .http()
      .patch(`/procurements/${planId}`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ rationale })
      .expect(200)
      .then((res) => res);
  const calls: TimedCall[] = [];
  t.app.get(OutboxDispatcher).register({
    name: 'timing',
    async fanOut(_manager: EntityManager, events: readonly DispatchedEvent[]) {
      const start = performance.now();
      if (calls.length === 0) await duringFirstCall(patch);
      calls.push({ events, start, end: performance.now() });
    },
  });
  const calledTimes = async (count: number) => {
    for (let waited = 0; calls.length < count && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  return { planId, patch, calls, calledTimes };
}

const BACKGROUND = { env: { OUTBOX_POLL_INTERVAL_MS: '3600000' } };

describe('The outbox dispatcher in the background', () => {
  it('ends a woken pass that claimed less than a full batch: what commits meanwhile waits for the next pass, woken after WAKE_DELAY_MS', async () => {
    const t = await createTestApp(BACKGROUND);
    let edit: Promise<unknown> = Promise.resolve();
    try {
      // During the first pass another edit commits: at once on PostgreSQL, right after this pass's
      // transaction on SQLite (its unit waits behind this one).
      const { patch, calls, calledTimes } = await timedDispatcher(t, async (patchNow) => {
        edit = patchNow('Edited while the dispatcher hands on the first edit');
        await new Promise((resolve) => setTimeout(resolve, 30));
      });
      await patch('The first edit, which wakes the dispatcher');
      await calledTimes(2);
      await edit;

      expect(calls.map((c) => c.events.map((e) => e.type))).toEqual([['plan.updated'], ['plan.updated']]);
      // Claiming again at once (as passes did before session 17) took the second edit a few
      // milliseconds after the first pass; now the wake-up's delay (50 ms) comes first. On PostgreSQL
      // the second edit's commit, during the first pass's 30 ms wait, set the wake-up.
      expect(calls[1].start - calls[0].end).toBeGreaterThanOrEqual(15);
    } finally {
      await t.close({ dropDatabase: true });
    }
  });
});

const onPostgres = testDriver() === 'postgres' ? describe : describe.skip;

onPostgres('The outbox dispatcher in the background on PostgreSQL', () => {
  it("claims a plan's later pending events at once, not a wake-up apart: a claim takes each plan's oldest only", async () => {
    const t = await createTestApp(BACKGROUND);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered = () => {};
    const inFirstPass = new Promise<void>((resolve) => (entered = resolve));
    try {
      // The first pass waits while three more edits of the plan commit: they are pending together.
      const { planId, patch, calls, calledTimes } = await timedDispatcher(t, async () => {
        entered();
        await gate;
      });
      await patch('Edit 1');
      await inFirstPass;
      for (const n of [2, 3, 4]) await patch(`Edit ${n}`);
      release();
      await calledTimes(4);

      expect(calls.map((c) => c.events.map((e) => e.planId))).toEqual([[planId], [planId], [planId], [planId]]);
      // Edits 2 to 4 come one claim after the other in one pass; a wake-up between them would be 50 ms.
      const gaps = [calls[2].start - calls[1].end, calls[3].start - calls[2].end];
      expect(gaps.filter((gap) => gap >= 30)).toEqual([]);
    } finally {
      release();
      await t.close({ dropDatabase: true });
    }
  });
});

onPostgres('The outbox with two instances on one PostgreSQL database', () => {
  it('hands each of 500 events on exactly once, in commit order per plan, while both dispatch at once', async () => {
    const database = await createTestDatabase('postgres');
    // Each instance polls often, so both claim at the same time as the commits go on.
    const env = { OUTBOX_POLL_INTERVAL_MS: '50' };
    const first = await createTestApp({ database, env });
    const second = await createTestApp({ database, env });
    const consumers = [new RecordingConsumer(), new RecordingConsumer()];
    first.app.get(OutboxDispatcher).register(consumers[0]);
    second.app.get(OutboxDispatcher).register(consumers[1]);
    try {
      const officer = await first.token(people.officer);
      const plans: string[] = [];
      for (let p = 0; p < 10; p++)
        plans.push((await first.http().post('/procurements').set('Authorization', `Bearer ${officer}`).send(newPlan()).expect(201)).body.id);
      // 49 edits a plan, alternating instances, all plans at once: 10 creations + 490 edits.
      await Promise.all(
        plans.map(async (planId) => {
          for (let i = 0; i < 49; i++) {
            const app = i % 2 === 0 ? first : second;
            await app
              .http()
              .patch(`/procurements/${planId}`)
              .set('Authorization', `Bearer ${officer}`)
              .send({ rationale: `Edit ${i} of ${planId}` })
              .expect(200);
          }
        }),
      );
      await Promise.all([first.app.get(OutboxDispatcher).dispatch(), second.app.get(OutboxDispatcher).dispatch()]);
      await Promise.all([first.app.get(OutboxDispatcher).dispatch(), second.app.get(OutboxDispatcher).dispatch()]);

      const handed = [...consumers[0].received, ...consumers[1].received];
      expect(handed).toHaveLength(500);
      expect(new Set(handed.map((e) => e.id)).size).toBe(500);
      expect(consumers[0].received.length).toBeGreaterThan(0);
      expect(consumers[1].received.length).toBeGreaterThan(0);
      // Per plan, the order in which events were handed on (across both instances) is commit order.
      const [{ pending }] = await first.dataSource.query("SELECT COUNT(*) AS pending FROM outbox_events WHERE status = 'pending'");
      expect(Number(pending)).toBe(0);
      for (const planId of plans) {
        const rows = await outbox(first, planId);
        const dispatchedOrder = await first.dataSource.query('SELECT position FROM outbox_events WHERE plan_id = $1 ORDER BY dispatched_at, position', [
          planId,
        ]);
        expect(dispatchedOrder.map((r: { position: number }) => r.position)).toEqual(rows.map((r) => r.position));
        const edits = rows.filter((r) => r.type === 'plan.updated').map((r) => JSON.parse(r.data).values.rationale);
        expect(edits).toEqual(Array.from({ length: 49 }, (_, i) => `Edit ${i} of ${planId}`));
      }
    } finally {
      await first.close();
      await second.close({ dropDatabase: true });
    }
  });
});
