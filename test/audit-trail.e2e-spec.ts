import { generateKeyPairSync } from 'node:crypto';
import { CompactSign } from 'jose';
import type { Response } from 'supertest';
import { Clock } from '../src/common/clock';
import { createTestApp, type TestApp } from './support/create-test-app';
import { createTestDatabase, testDriver } from './support/test-database';
import { DAY, registrationOf } from './support/dialogue';
import { ESPOO, people } from './support/factories';
import { DRAFT_ITEM, must, planInCriteria, planInDialogue, RFI_ANSWERS, type DialogueFixture, type FixtureTokens } from './support/route-fixtures';

/**
 * The trail vouches for every action, not only workflow events: what suppliers and officers store in
 * the dialogue, criteria, cost models and goals is each written by an event carrying the row's keyed
 * digest, so verification reports rows edited, deleted or slipped in behind the service's back; the
 * plan row is checked against its last event; signed checkpoints catch a trail cut back together
 * with its plan row.
 */

const SECRET_ANSWER = 'Our unit cost is 123.45 EUR (trade secret)';

/** Real time, moved forward when a test needs a meeting's slot to have passed. */
class ShiftedClock extends Clock {
  offset = 0;
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
}
const clock = new ShiftedClock();

describe('The complete audit trail', () => {
  let t: TestApp;
  const tokens: FixtureTokens & { admin: string; supplierC: string } = {} as never;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    tokens.officer = await t.token(people.officer);
    tokens.manager = await t.token(people.manager);
    tokens.admin = await t.token(people.admin);
    tokens.supplier = await t.token({ sub: 'aurora-user', name: 'Aino', role: 'supplier', businessId: '1111111-1' });
    tokens.otherSupplier = await t.token({ sub: 'borealis-user', name: 'Bo', role: 'supplier', businessId: '2222222-2' });
    tokens.supplierC = await t.token({ sub: 'cirrus-user', name: 'Cirrus', role: 'supplier', businessId: '3333333-3' });
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const q = (text: string, params: unknown[] = []) => {
    let n = 0;
    return t.dataSource.query(t.database.driver === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text, params);
  };
  const verify = async (planId: string) => (await t.http().get(`/procurements/${planId}/history/verify`).set(as(tokens.officer)).expect(200)).body;
  /** The whole trail as the reader sees it, every page. */
  async function history(planId: string, token = tokens.officer) {
    const items: Array<{
      seq: number;
      type: string;
      payload: Record<string, unknown>;
      actor: { id: string };
      records: Array<{ kind: string; id: string; digest: string | null }>;
    }> = [];
    let cursor: string | null = null;
    do {
      const page: Response = await t
        .http()
        .get(`/procurements/${planId}/history`)
        .query({ limit: 100, ...(cursor ? { cursor } : {}) })
        .set(as(token))
        .expect(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }

  /** A dialogue where every kind of action happened once: registration, rounds, question, offers, response, comment, answer, minutes. */
  async function fullDialogue(): Promise<DialogueFixture & { response: string; comment: string }> {
    const f = await planInDialogue(t, tokens, { now: clock.now() });
    const dialogue = `/procurements/${f.planId}/dialogue`;
    const response = await must(
      t
        .http()
        .put(`${dialogue}/rounds/${f.rounds.rfi}/response`)
        .set(as(tokens.supplier))
        .send({
          answers: [
            { ...RFI_ANSWERS[0], value: SECRET_ANSWER, confidentiality: 'buyerOnly', rationale: 'Pricing is a trade secret.' },
            ...RFI_ANSWERS.slice(1),
          ],
        }),
      200,
    );
    const comment = await must(
      t
        .http()
        .post(`${dialogue}/rounds/${f.rounds.draft}/comments`)
        .set(as(tokens.supplier))
        .send({ itemId: DRAFT_ITEM.id, comment: 'Weigh repairability too.' }),
      201,
    );
    await must(
      t
        .http()
        .post(`${dialogue}/rounds/${f.rounds.rfi}/answers`)
        .set(as(tokens.officer))
        .send({ questionIds: [f.question], text: 'Yes, maintenance is included.' }),
      201,
    );
    // Minutes follow the booked slot (tomorrow): the service's clock moves past it.
    clock.offset += DAY + 2 * 60 * 60 * 1000;
    await must(
      t
        .http()
        .post(`${dialogue}/rounds/${f.rounds.oneToOne}/meetings/${f.meeting}/minutes`)
        .set(as(tokens.officer))
        .send({ minutes: 'Discussed battery tests.' }),
      201,
    );
    return { ...f, response: response.id as string, comment: comment.id as string };
  }

  it('records every dialogue action with the digests of the rows it wrote, and verifies', async () => {
    const f = await fullDialogue();
    const events = await history(f.planId);
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('SUPPLIER_REGISTERED')).toBe(2);
    expect(count('SCHEDULE_DIALOGUE_ROUND')).toBe(4);
    for (const type of ['QUESTION_ASKED', 'MEETINGS_OFFERED', 'RESPONSE_SUBMITTED', 'DRAFT_COMMENT_SUBMITTED', 'ANSWER_PUBLISHED', 'MEETING_HELD'])
      expect(count(type)).toBe(1);
    const recorded = new Set(events.flatMap((e) => e.records.map((r) => `${r.kind}/${r.id}`)));
    for (const key of [`response/${f.response}`, `comment/${f.comment}`, `question/${f.question}`, `meeting/${f.meeting}`, `round/${f.rounds.rfi}`])
      expect(recorded).toContain(key);
    expect(await verify(f.planId)).toMatchObject({ intact: true, events: events.length });
    // A trade secret appears in the trail only as a digest.
    expect(JSON.stringify(events)).not.toContain(SECRET_ANSWER);
  });

  it('keeps If-Match on the plan: suppliers acting do not move its version', async () => {
    const f = await planInDialogue(t, tokens, { now: clock.now() });
    const before = (await t.http().get(`/procurements/${f.planId}`).set(as(tokens.officer)).expect(200)).body.version as number;
    await must(
      t.http().post(`/procurements/${f.planId}/dialogue/rounds/${f.rounds.rfi}/questions`).set(as(tokens.supplier)).send({ question: 'Is leasing possible?' }),
      201,
    );
    const after = await t.http().get(`/procurements/${f.planId}`).set(as(tokens.officer)).expect(200);
    expect(after.body.version).toBe(before);
    expect(after.headers.etag).toBe(`"${before}"`);
  });

  describe('reports a row changed, deleted or added in the database', () => {
    const cases: Array<[string, (f: DialogueFixture & { response: string; comment: string }) => Promise<unknown>, RegExp]> = [
      [
        'a response edited to FORGED',
        (f) => q(`UPDATE supplier_responses SET answers = ? WHERE id = ?`, [JSON.stringify([{ questionId: 'warranty', value: 'FORGED' }]), f.response]),
        /supplier response .* was changed after event \d+/,
      ],
      ['every question deleted', (f) => q('DELETE FROM enquiries WHERE plan_id = ?', [f.planId]), /clarification question .* has been deleted/],
      [
        'a registration’s contact changed',
        (f) => q("UPDATE supplier_registrations SET contact_email = 'x@forged.example' WHERE plan_id = ?", [f.planId]),
        /supplier registration .* was changed/,
      ],
      ['a draft comment deleted', (f) => q('DELETE FROM draft_comments WHERE id = ?', [f.comment]), /draft comment .* has been deleted/],
      ['meeting minutes rewritten', (f) => q("UPDATE meetings SET minutes = 'Nothing was said.' WHERE id = ?", [f.meeting]), /meeting .* was changed/],
      ['a published answer rewritten', (f) => q("UPDATE enquiry_answers SET text = 'No.' WHERE plan_id = ?", [f.planId]), /published answer .* was changed/],
      ['a round’s deadline moved', (f) => q("UPDATE dialogue_rounds SET description = 'Moved.' WHERE id = ?", [f.rounds.rfi]), /dialogue round .* was changed/],
      [
        'a response slipped in',
        (f) =>
          q(
            "INSERT INTO supplier_responses (id, round_id, plan_id, business_id, version, answers, submitted_at, submitted_by) VALUES ('00000000-0000-4000-8000-000000000001', ?, ?, '9999999-9', 1, '[]', '2026-01-01 00:00:00.000', 'forger')",
            [f.rounds.rfi, f.planId],
          ),
        /supplier response 00000000-0000-4000-8000-000000000001 is stored, but no event of the trail wrote it/,
      ],
      [
        'the stage changed directly',
        (f) => q("UPDATE procurement_plans SET stage = 'approval' WHERE id = ?", [f.planId]),
        /stage was changed outside the workflow/,
      ],
      [
        'the title changed directly',
        (f) => q("UPDATE procurement_plans SET title = 'Something else' WHERE id = ?", [f.planId]),
        /changed after its last event recorded it/,
      ],
    ];

    it.each(cases)('%s', async (_name, tamper, reason) => {
      const f = await fullDialogue();
      expect(await verify(f.planId)).toMatchObject({ intact: true });
      await tamper(f);
      const result = await verify(f.planId);
      expect(result.intact).toBe(false);
      expect(result.problems.map((p: { reason: string }) => p.reason).join('\n')).toMatch(reason);
    });

    it('criteria, the life-cycle cost model, declared goals and the organisation’s own goals', async () => {
      const c = await planInCriteria(t, tokens, ESPOO);
      expect(await verify(c.planId)).toMatchObject({ intact: true });
      const orgVerify = async () => (await t.http().get(`/organisations/${ESPOO}/history/verify`).set(as(tokens.manager)).expect(200)).body;
      expect(await orgVerify()).toMatchObject({ intact: true });

      await q('UPDATE criteria SET weight = 99 WHERE id = ?', [c.criterion]);
      await q('DELETE FROM life_cycle_cost_models WHERE plan_id = ?', [c.planId]);
      await q('DELETE FROM plan_strategic_goals WHERE plan_id = ?', [c.planId]);
      const reasons = ((await verify(c.planId)).problems as Array<{ reason: string }>).map((p) => p.reason).join('\n');
      expect(reasons).toMatch(/criterion .* was changed/);
      expect(reasons).toMatch(/life-cycle cost model .* has been deleted/);
      expect(reasons).toMatch(/declared strategic goal .* has been deleted/);

      await q("UPDATE strategic_goals SET title = 'Forged goal' WHERE id = ?", [c.goal]);
      expect(await orgVerify()).toMatchObject({ intact: false, problems: [{ reason: expect.stringMatching(/strategic goal .* was changed/) }] });
    });
  });

  describe('what a reader may not see stays hidden in the trail too', () => {
    it('managers and admins read suppliers as counts, never their business ids or names', async () => {
      const f = await fullDialogue();
      for (const token of [tokens.manager, tokens.admin]) {
        const text = JSON.stringify(await history(f.planId, token));
        for (const hidden of ['1111111-1', '2222222-2', 'Aurora Refurb Oy', 'Borealis IT Ab', 'aurora-user']) expect(text).not.toContain(hidden);
        const offered = (await history(f.planId, token)).find((e) => e.type === 'MEETINGS_OFFERED')!;
        expect(offered.payload).toMatchObject({ suppliers: 2 });
      }
      const officerView = JSON.stringify(await history(f.planId));
      expect(officerView).toContain('1111111-1');
    });
  });

  describe('signed checkpoints', () => {
    const checkpoint = async () =>
      (await t.http().get('/audit/checkpoint').set(as(tokens.admin)).expect(200)).body as { checkpoint: string; plans: number; root: string };
    const verifyCheckpoint = (jws: string) => t.http().post('/audit/checkpoint/verify').set(as(tokens.admin)).send({ checkpoint: jws });

    it('names a plan whose trail was cut back together with its plan row', async () => {
      const f = await planInDialogue(t, tokens, { now: clock.now() });
      const [saved] = await q('SELECT stage, snapshot, version, audit_seq, audit_head_hash FROM procurement_plans WHERE id = ?', [f.planId]);
      await must(
        t.http().post(`/procurements/${f.planId}/dialogue/rounds/${f.rounds.rfi}/questions`).set(as(tokens.supplier)).send({ question: 'A later question?' }),
        201,
      );
      const taken = await checkpoint();
      const ok = await verifyCheckpoint(taken.checkpoint).expect(200);
      expect(ok.body).toMatchObject({ intact: true, changed: [] });

      // Rewind: the question, its event and the plan row back to the saved state; the chain alone is consistent again.
      await q('DELETE FROM enquiries WHERE plan_id = ? AND question = ?', [f.planId, 'A later question?']);
      await q('DELETE FROM audit_events WHERE plan_id = ? AND seq > ?', [f.planId, Number(saved.audit_seq)]);
      await q('UPDATE procurement_plans SET audit_seq = ?, audit_head_hash = ? WHERE id = ?', [saved.audit_seq, saved.audit_head_hash, f.planId]);
      expect(await verify(f.planId)).toMatchObject({ intact: true });

      const after = await verifyCheckpoint(taken.checkpoint).expect(200);
      expect(after.body.intact).toBe(false);
      expect(after.body.changed).toEqual([{ planId: f.planId, reason: expect.stringMatching(/cut back/) }]);
    });

    it('refuses a checkpoint whose content or signature was forged', async () => {
      const taken = await checkpoint();
      const [header, payload] = taken.checkpoint.split('.');
      const content = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { heads: unknown[] };
      content.heads = content.heads.slice(1);
      const altered = `${header}.${Buffer.from(JSON.stringify(content)).toString('base64url')}.${taken.checkpoint.split('.')[2]}`;
      const refused = await verifyCheckpoint(altered).expect(422);
      expect(refused.body.message).toMatch(/signature does not verify/);

      const otherKey = generateKeyPairSync('ed25519').privateKey;
      const foreign = await new CompactSign(Buffer.from(JSON.stringify(content)))
        .setProtectedHeader({ alg: 'EdDSA', typ: 'audit-checkpoint+jws' })
        .sign(otherKey);
      await verifyCheckpoint(foreign).expect(422);
      await verifyCheckpoint('not-a-jws').expect(400);
    });

    it('takes a checkpoint as application/jose too, and publishes its public key', async () => {
      const taken = await checkpoint();
      const res = await t
        .http()
        .post('/audit/checkpoint/verify')
        .set(as(tokens.admin))
        .set('Content-Type', 'application/jose')
        .send(taken.checkpoint)
        .expect(200);
      expect(res.body).toMatchObject({ plans: taken.plans, root: taken.root });
      const jwks = await t.http().get('/audit/public-key').set(as(tokens.admin)).expect(200);
      expect(jwks.body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
      expect(jwks.body.keys[0].d).toBeUndefined();
    });
  });

  describe('appends are serialised, never refused', () => {
    it('50 registered suppliers answer one RFI at the same moment: all succeed, 50 events, the chain verifies', async () => {
      const f = await planInDialogue(t, tokens, { now: clock.now() });
      const many = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.token({ sub: `rush-${i}`, name: `Rush ${i}`, role: 'supplier', businessId: `70000${String(i).padStart(2, '0')}-1` }),
        ),
      );
      for (const [i, token] of many.entries()) {
        await must(
          t
            .http()
            .post(`/procurements/${f.planId}/dialogue/registrations`)
            .set(as(token))
            .send(registrationOf(`Rush Supplier ${i}`, true)),
          201,
        );
      }
      const answers = await Promise.all(
        many.map((token) => t.http().put(`/procurements/${f.planId}/dialogue/rounds/${f.rounds.rfi}/response`).set(as(token)).send({ answers: RFI_ANSWERS })),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200));
      const events = await history(f.planId);
      expect(events.filter((e) => e.type === 'RESPONSE_SUBMITTED')).toHaveLength(50);
      expect(await verify(f.planId)).toMatchObject({ intact: true, events: events.length });
    });
  });
});

describe('Concurrent deadline extensions on two instances of one database', () => {
  const onPostgres = testDriver() === 'postgres' ? it : it.skip;

  onPostgres('never move the stored date earlier, and each accepted one names the date committed just before it', async () => {
    const database = await createTestDatabase('postgres');
    const first = await createTestApp({ database });
    const second = await createTestApp({ database });
    try {
      const tokens = {
        officer: await first.token(people.officer),
        manager: await first.token(people.manager),
        supplier: await first.token({ sub: 'aurora-user', name: 'Aino', role: 'supplier', businessId: '1111111-1' }),
        otherSupplier: await first.token({ sub: 'borealis-user', name: 'Bo', role: 'supplier', businessId: '2222222-2' }),
      };
      const f = await planInDialogue(first, tokens);
      const now = Date.now();
      const extensions = Array.from({ length: 10 }, (_, i) => new Date(now + (8 + ((i * 7) % 10)) * DAY + i * 1000).toISOString());
      const results = await Promise.all(
        extensions.map((closesAt, i) =>
          (i % 2 === 0 ? first : second)
            .http()
            .patch(`/procurements/${f.planId}/dialogue/rounds/${f.rounds.rfi}`)
            .set('Authorization', `Bearer ${tokens.officer}`)
            .send({ closesAt }),
        ),
      );
      for (const r of results) expect([200, 400, 409]).toContain(r.status);
      const accepted = results.filter((r) => r.status === 200).length;
      expect(accepted).toBeGreaterThan(0);

      const events = (
        await first.http().get(`/procurements/${f.planId}/history?limit=100`).set('Authorization', `Bearer ${tokens.officer}`).expect(200)
      ).body.items.filter((e: { type: string; payload: { roundId: string } }) => e.type === 'EXTEND_DIALOGUE_ROUND' && e.payload.roundId === f.rounds.rfi);
      expect(events).toHaveLength(accepted);
      let committed: string | null = null;
      const [round] = await first.dataSource.query('SELECT closes_at FROM dialogue_rounds WHERE id = $1', [f.rounds.rfi]);
      for (const e of events as Array<{ payload: { closesAt: string; previous: { closesAt: string } } }>) {
        if (committed !== null) expect(e.payload.previous.closesAt).toBe(committed);
        expect(Date.parse(e.payload.closesAt)).toBeGreaterThanOrEqual(Date.parse(e.payload.previous.closesAt));
        committed = e.payload.closesAt;
      }
      expect(new Date(round.closes_at).toISOString()).toBe(committed);
    } finally {
      await second.close();
      await first.close({ dropDatabase: true });
    }
  });
});
