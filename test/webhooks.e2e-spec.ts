import { ManualClock } from '../src/common/clock';
import { UnitOfWork } from '../src/database/unit-of-work';
import { OutboxEventEntity } from '../src/outbox/outbox.entities';
import { OutboxWriter } from '../src/outbox/outbox.writer';
import { ProcurementPlanEntity } from '../src/engine/procurement-plan.entity';
import { WebhookSubscriptionEntity } from '../src/webhooks/webhook.entities';
import { WebhookSender } from '../src/webhooks/webhook.sender';
import { createTestApp, type TestApp } from './support/create-test-app';
import { registrationOf, suppliers } from './support/dialogue';
import { DIGIGREEN_WALK, ESPOO, newPlan, people, runStep, TAMPERE } from './support/factories';
import { planInDialogue, RFI_ANSWERS } from './support/route-fixtures';
import { createTestDatabase } from './support/test-database';
import { WebhookReceiver } from './webhooks-support';
import { settleOutbound } from './support/outbound';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('Webhooks: signed CloudEvents to subscribed receivers', () => {
  const clock = new ManualClock(new Date());
  const receiver = new WebhookReceiver();
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const hooks = (org = ESPOO) => `/organisations/${org}/webhooks`;

  beforeAll(async () => {
    await receiver.start();
    // The test app runs no sender in the background: the tests run it (settleOutbound, runDue).
    t = await createTestApp({ clock, env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    for (const [key, claims] of Object.entries({ ...people, ...suppliers })) tokens[key] = await t.token(claims);
  });

  afterAll(async () => {
    await t?.close({ dropDatabase: true });
    await receiver.stop();
  });

  afterEach(() => {
    // Every request the receiver got must have verified.
    expect(receiver.rejected).toEqual([]);
  });

  /** A webhook at `path` of the receiver, with its secret registered there. */
  async function subscribe(path: string, events: string[], org = ESPOO): Promise<{ id: string; secret: string; version: number }> {
    const res = await t
      .http()
      .post(hooks(org))
      .set(auth(org === ESPOO ? 'manager' : 'otherOrgManager'))
      .send({ url: receiver.url(path), events })
      .expect(201);
    receiver.secretFor(path, res.body.secret);
    return res.body;
  }

  const deliveries = async (id: string) => (await t.http().get(`${hooks()}/${id}/deliveries?limit=100`).set(auth('manager')).expect(200)).body.items;
  const createPlan = async (title = 'Refurbished laptops for schools') =>
    (await t.http().post('/procurements').set(auth('officer')).send(newPlan({ title })).expect(201)).body.id as string;

  it('creates, lists, reads, changes and removes webhooks; the secret is shown only when made, and stored encrypted', async () => {
    const created = await t
      .http()
      .post(hooks())
      .set(auth('manager'))
      .send({ url: receiver.url('/crud'), events: ['plan.created', 'plan.stageChanged'], description: 'Case management' })
      .expect(201);
    expect(created.body).toMatchObject({
      organisation: ESPOO,
      url: receiver.url('/crud'),
      events: ['plan.created', 'plan.stageChanged'],
      description: 'Case management',
      enabled: true,
      version: 1,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.body.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(created.headers.location).toBe(`${hooks()}/${created.body.id}`);
    expect(created.headers.etag).toBe('"1"');
    const id: string = created.body.id;

    const stored = await t.dataSource.manager.findOneByOrFail(WebhookSubscriptionEntity, { id });
    expect(stored.secret).not.toContain(created.body.secret.slice('whsec_'.length));
    expect(stored.secret).toMatch(/^v1\./);

    const listed = await t.http().get(hooks()).set(auth('manager')).expect(200);
    expect(listed.body.find((w: { id: string }) => w.id === id)).toEqual(expect.not.objectContaining({ secret: expect.anything() }));
    const read = await t.http().get(`${hooks()}/${id}`).set(auth('admin')).expect(200);
    expect(read.body.secret).toBeUndefined();
    expect(read.headers.etag).toBe('"1"');

    await t
      .http()
      .patch(`${hooks()}/${id}`)
      .set(auth('manager'))
      .set('If-Match', '"7"')
      .send({ events: ['*'] })
      .expect(412);
    const changed = await t
      .http()
      .patch(`${hooks()}/${id}`)
      .set(auth('manager'))
      .set('If-Match', '"1"')
      .send({ events: ['*'], description: null })
      .expect(200);
    expect(changed.body).toMatchObject({ events: ['*'], description: null, version: 2 });
    expect((await t.http().patch(`${hooks()}/${id}`).set(auth('manager')).send({}).expect(400)).body.code).toBe('webhook.nothingToChange');

    const rotated = await t.http().post(`${hooks()}/${id}/secret`).set(auth('manager')).expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect(rotated.body.version).toBe(3);

    // Officers and suppliers may not; another organisation's manager finds nothing.
    await t.http().get(hooks()).set(auth('officer')).expect(403);
    await t
      .http()
      .post(hooks())
      .set(auth('supplier'))
      .send({ url: receiver.url('/x'), events: ['*'] })
      .expect(403);
    expect((await t.http().get(hooks()).set(auth('otherOrgManager')).expect(403)).body.code).toBe('webhook.ownOrganisationOnly');
    await t.http().get(`${hooks()}/${id}`).set(auth('otherOrgManager')).expect(403);
    await t
      .http()
      .get(`${hooks(TAMPERE)}/${id}`)
      .set(auth('otherOrgManager'))
      .expect(404);

    await t.http().delete(`${hooks()}/${id}`).set(auth('manager')).expect(204);
    expect((await t.http().get(`${hooks()}/${id}`).set(auth('manager')).expect(404)).body.code).toBe('webhook.notFound');
  });

  it('refuses event names that are not in the catalogue, naming them', async () => {
    const res = await t
      .http()
      .post(hooks())
      .set(auth('manager'))
      .send({ url: receiver.url('/x'), events: ['plan.created', 'plan.exploded', 'dialogue.gossip'] })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'webhook.eventsUnknown', params: { events: 'plan.exploded, dialogue.gossip' } });
    expect(res.body.message).toContain('plan.exploded, dialogue.gossip');
  });

  it("delivers a plan's events in commit order as signed CloudEvents 1.0, the data exactly as the outbox stored it", async () => {
    const hook = await subscribe('/ordered', ['*']);
    const planId = await createPlan();
    for (const step of DIGIGREEN_WALK.slice(0, 4)) expect((await runStep(t, tokens, planId, step)).status).toBe(200);
    await settleOutbound(t);

    const outbox = await t.dataSource.manager.find(OutboxEventEntity, { where: { planId }, order: { position: 'ASC' } });
    const got = receiver.at('/ordered');
    expect(got.map((r) => r.event.id)).toEqual(outbox.map((e) => e.id));
    for (const [i, r] of got.entries()) {
      expect(r.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
      expect(r.event).toMatchObject({
        specversion: '1.0',
        id: outbox[i].id,
        source: `${t.env.PUBLIC_URL}/organisations/${ESPOO}`,
        type: outbox[i].type,
        subject: planId,
        datacontenttype: 'application/json',
        dataschema: `urn:procurement-planning-engine:events:${outbox[i].type}`,
      });
      expect(JSON.parse(r.body).data).toEqual(JSON.parse(outbox[i].data));
      expect(r.event.time).toBe(outbox[i].occurredAt.toISOString());
      expect(r.webhookId).toMatch(/^msg_[0-9a-f]{32}$/);
    }
    expect(new Set(got.map((r) => r.webhookId)).size).toBe(got.length);
    expect(got.map((r) => r.event.type).slice(0, 2)).toEqual(['plan.created', 'plan.stageChanged']);
    const log = await deliveries(hook.id);
    expect(log.map((d: { status: string }) => d.status)).toEqual(got.map(() => 'delivered'));
    await t.http().delete(`${hooks()}/${hook.id}`).set(auth('manager')).expect(204);
  });

  it('retries a receiver that fails three times on the schedule, then delivers with the same webhook-id; the log lists every attempt', async () => {
    const hook = await subscribe('/flaky', ['plan.created']);
    receiver.script('/flaky', { status: 500 }, { status: 500 }, { status: 502 });
    await createPlan();
    await settleOutbound(t);
    const sender = t.app.get(WebhookSender);

    // Each pause is the schedule's (5 s, 5 min, 30 min) ±20 %: not yet at 80 %, surely due at 120 %.
    for (const pause of [5 * SECOND, 5 * MINUTE, 30 * MINUTE]) {
      const before = receiver.at('/flaky').length;
      clock.advance(pause * 0.79);
      await sender.runDue();
      expect(receiver.at('/flaky')).toHaveLength(before);
      clock.advance(pause * 0.42);
      await sender.runDue();
      expect(receiver.at('/flaky')).toHaveLength(before + 1);
    }
    const got = receiver.at('/flaky');
    expect(got).toHaveLength(4);
    expect(new Set(got.map((r) => r.webhookId)).size).toBe(1);
    expect(new Set(got.map((r) => r.event.id)).size).toBe(1);

    const [delivery] = await deliveries(hook.id);
    expect(delivery).toMatchObject({ id: got[0].webhookId, status: 'delivered', lastStatus: 204, lastError: null, nextAttemptAt: null });
    expect(delivery.attempts.map((a: { status: number }) => a.status)).toEqual([500, 500, 502, 204]);
    expect(delivery.attempts[0]).toEqual({
      at: expect.any(String),
      status: 500,
      error: 'The receiver answered 500 Internal Server Error',
      durationMs: expect.any(Number),
    });
    expect(delivery.attempts[3].error).toBeNull();
    await t.http().delete(`${hooks()}/${hook.id}`).set(auth('manager')).expect(204);
  });

  it('honours Retry-After on 429 and 503 (seconds or an HTTP date)', async () => {
    const hook = await subscribe('/busy', ['plan.created']);
    // The receiver's own Date says when "now" is for it, so the hour asked is an hour however long the test takes.
    const theirNow = Date.now();
    receiver.script(
      '/busy',
      { status: 429, headers: { 'Retry-After': '120' } },
      { status: 503, headers: { Date: new Date(theirNow).toUTCString(), 'Retry-After': new Date(theirNow + 3600 * SECOND).toUTCString() } },
    );
    await createPlan();
    await settleOutbound(t);
    const sender = t.app.get(WebhookSender);

    const [waiting] = await deliveries(hook.id);
    expect(Date.parse(waiting.nextAttemptAt) - clock.now().getTime()).toBe(120 * SECOND);
    clock.advance(119 * SECOND);
    await sender.runDue();
    expect(receiver.at('/busy')).toHaveLength(1);
    clock.advance(SECOND);
    await sender.runDue();
    expect(receiver.at('/busy')).toHaveLength(2);

    const [again] = await deliveries(hook.id);
    const asked = Date.parse(again.nextAttemptAt) - clock.now().getTime();
    // An hour, read against the answer's Date header.
    expect(asked).toBe(3600 * SECOND);
    clock.advance(asked);
    await sender.runDue();
    expect(receiver.at('/busy')).toHaveLength(3);
    expect((await deliveries(hook.id))[0].status).toBe('delivered');
    await t.http().delete(`${hooks()}/${hook.id}`).set(auth('manager')).expect(204);
  });

  it('disables a webhook whose receiver answers 410 Gone, shows it in the API, and sends it nothing more until enabled again', async () => {
    const hook = await subscribe('/gone', ['plan.created']);
    receiver.script('/gone', { status: 410 });
    await createPlan();
    await settleOutbound(t);

    const read = await t.http().get(`${hooks()}/${hook.id}`).set(auth('manager')).expect(200);
    expect(read.body).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('410 Gone'), disabledAt: clock.now().toISOString(), version: 2 });
    expect((await deliveries(hook.id))[0]).toMatchObject({ status: 'failed', lastStatus: 410 });

    await createPlan();
    await settleOutbound(t);
    expect(receiver.at('/gone')).toHaveLength(1);
    expect(await deliveries(hook.id)).toHaveLength(1);
    const refused = await t
      .http()
      .post(`${hooks()}/${hook.id}/deliveries/${receiver.at('/gone')[0].webhookId}/redeliver`)
      .set(auth('manager'))
      .expect(409);
    expect(refused.body.code).toBe('webhook.disabled');

    const enabled = await t.http().patch(`${hooks()}/${hook.id}`).set(auth('manager')).set('If-Match', '"2"').send({ enabled: true }).expect(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
    await createPlan();
    await settleOutbound(t);
    expect(receiver.at('/gone')).toHaveLength(2);
    await t.http().delete(`${hooks()}/${hook.id}`).set(auth('manager')).expect(204);
  });

  it('sends a delivery again by hand with the same webhook-id', async () => {
    const hook = await subscribe('/again', ['plan.created']);
    await createPlan();
    await settleOutbound(t);
    const [first] = receiver.at('/again');

    const res = await t.http().post(`${hooks()}/${hook.id}/deliveries/${first.webhookId}/redeliver`).set(auth('manager')).expect(202);
    expect(res.body).toMatchObject({ id: first.webhookId, status: 'pending', nextAttemptAt: clock.now().toISOString() });
    await settleOutbound(t);
    const got = receiver.at('/again');
    expect(got).toHaveLength(2);
    expect(got[1].webhookId).toBe(first.webhookId);
    expect(got[1].event.id).toBe(first.event.id);
    const [delivery] = await deliveries(hook.id);
    expect(delivery.status).toBe('delivered');
    expect(delivery.attempts).toHaveLength(2);
    await t
      .http()
      .post(`${hooks()}/${hook.id}/deliveries/msg_${'0'.repeat(32)}/redeliver`)
      .set(auth('manager'))
      .expect(404);
    await t.http().delete(`${hooks()}/${hook.id}`).set(auth('manager')).expect(204);
  });

  it('pages the delivery log newest first', async () => {
    const hook = await subscribe('/paged', ['plan.created']);
    for (let i = 0; i < 3; i += 1) {
      await createPlan(`Plan ${i}`);
      clock.advance(SECOND);
    }
    await settleOutbound(t);
    const first = await t.http().get(`${hooks()}/${hook.id}/deliveries?limit=2`).set(auth('manager')).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await t.http().get(`${hooks()}/${hook.id}/deliveries?limit=2&cursor=${first.body.nextCursor}`).set(auth('manager')).expect(200);
    expect(second.body).toMatchObject({ nextCursor: null });
    const titles = [...first.body.items, ...second.body.items].map(
      (d: { id: string }) => receiver.at('/paged').find((r) => r.webhookId === d.id)!.event.data!.plan,
    );
    expect(titles.map((p) => (p as { title: string }).title)).toEqual(['Plan 2', 'Plan 1', 'Plan 0']);
    await t.http().delete(`${hooks()}/${hook.id}`).set(auth('manager')).expect(204);
  });

  it('delivers nothing of a change that was rolled back: a refused event, or a unit of work that failed after writing its events', async () => {
    const hook = await subscribe('/rollback', ['*']);
    const planId = await createPlan();
    await settleOutbound(t);
    const before = receiver.at('/rollback').length;

    await t.http().post(`/procurements/${planId}/events`).set(auth('officer')).send({ type: 'START_MARKET_DIALOGUE' }).expect(409);
    const plan = await t.dataSource.manager.findOneByOrFail(ProcurementPlanEntity, { id: planId });
    const writer = t.app.get(OutboxWriter);
    await expect(
      t.app.get(UnitOfWork).run(async (manager) => {
        await writer.append(
          manager,
          plan,
          [
            {
              type: 'plan.cancelled',
              data: {
                plan: {
                  id: plan.id,
                  ocid: plan.ocid,
                  title: plan.title,
                  organisationId: ESPOO,
                  stage: 'cancelled',
                  version: 9,
                  workflow: { id: 'digigreen-planning', version: 1 },
                },
                actor: null,
                reason: 'never',
              },
            },
          ],
          clock.now(),
        );
        throw new Error('The change failed after writing its events');
      }),
    ).rejects.toThrow('failed after writing');
    await settleOutbound(t);
    expect(receiver.at('/rollback')).toHaveLength(before);
    expect(await deliveries(hook.id)).toHaveLength(before);
    await t.http().delete(`${hooks()}/${hook.id}`).set(auth('manager')).expect(204);
  });

  it("never carries a supplier's answers, questions or comments, nor who asked, through a whole market dialogue", async () => {
    const hook = await subscribe('/dialogue', ['*']);
    const fixture = await planInDialogue(
      t,
      { officer: tokens.officer, manager: tokens.manager, supplier: tokens.a, otherSupplier: tokens.b },
      { now: clock.now() },
    );
    const dialogue = (suffix: string) => `/procurements/${fixture.planId}/dialogue${suffix}`;
    await t
      .http()
      .put(dialogue(`/rounds/${fixture.rounds.rfi}/response`))
      .set(auth('a'))
      .send({ answers: RFI_ANSWERS })
      .expect(200);
    await t
      .http()
      .post(dialogue(`/rounds/${fixture.rounds.draft}/comments`))
      .set(auth('a'))
      .send({ itemId: 'award-1', comment: 'Our secret recycling partner is Kierto Oy.' })
      .expect(201);
    await t
      .http()
      .post(dialogue(`/rounds/${fixture.rounds.rfi}/answers`))
      .set(auth('officer'))
      .send({ questionIds: [fixture.question], text: 'Yes: maintenance for the whole contract period.' })
      .expect(201);
    await settleOutbound(t);

    const bodies = receiver.at('/dialogue').map((r) => r.body);
    const types = receiver.at('/dialogue').map((r) => r.event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'dialogue.supplierRegistered',
        'dialogue.questionAsked',
        'dialogue.responseReceived',
        'dialogue.draftCommentReceived',
        'dialogue.answerPublished',
      ]),
    );
    const secrets = [
      String(RFI_ANSWERS.find((a) => a.questionId === 'warranty')!.value),
      'Will the contract include maintenance?',
      'Our secret recycling partner is Kierto Oy.',
      registrationOf('Borealis IT Ab', false).contact.email,
    ];
    for (const secret of secrets) expect(bodies.filter((b) => b.includes(secret))).toEqual([]);
    // The question and its answer name no asker: neither Borealis's business id nor its name.
    const qa = receiver.at('/dialogue').filter((r) => r.event.type === 'dialogue.questionAsked' || r.event.type === 'dialogue.answerPublished');
    expect(qa.length).toBeGreaterThanOrEqual(2);
    for (const r of qa) {
      expect(r.body).not.toContain(suppliers.b.businessId);
      expect(r.body).not.toContain('Borealis');
      expect(r.body).not.toContain(suppliers.b.sub);
    }
    await t.http().delete(`${hooks()}/${hook.id}`).set(auth('manager')).expect(204);
  });
});

describe('Webhooks: private and loopback targets', () => {
  let t: TestApp;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
  });

  afterAll(async () => {
    await t?.close({ dropDatabase: true });
    await receiver.stop();
  });

  it('refuses a host outside WEBHOOK_ALLOWED_HOSTS, before any lookup (the tests allow only this machine)', async () => {
    const allowListed = await createTestApp();
    try {
      const manager = await allowListed.token(people.manager);
      const res = await allowListed
        .http()
        .post(`/organisations/${ESPOO}/webhooks`)
        .set('Authorization', `Bearer ${manager}`)
        .send({ url: 'https://cases.example.org/hook', events: ['*'] });
      expect(res.body).toMatchObject({ statusCode: 400, code: 'webhook.urlHostNotAllowed', params: { host: 'cases.example.org' } });
      expect(allowListed.env.WEBHOOK_ALLOWED_HOSTS).toEqual(['127.0.0.1', 'localhost', '::1']);
    } finally {
      await allowListed.close({ dropDatabase: true });
    }
  });

  it('refuses http, loopback, private, link-local, CGNAT, unspecified, multicast and metadata addresses unless WEBHOOK_ALLOW_PRIVATE=true', async () => {
    // Without the tests' allow-list, so that the address rules themselves answer.
    t = await createTestApp({ env: { WEBHOOK_ALLOWED_HOSTS: '' } });
    const manager = await t.token(people.manager);
    const post = (url: string) =>
      t
        .http()
        .post(`/organisations/${ESPOO}/webhooks`)
        .set('Authorization', `Bearer ${manager}`)
        .send({ url, events: ['*'] });
    expect((await post(receiver.url('/x'))).body).toMatchObject({ statusCode: 400, code: 'webhook.urlScheme', params: { scheme: 'http', allowed: 'https' } });
    expect((await post('not a url')).body.code).toBe('webhook.urlInvalid');
    const refused = [
      'https://127.0.0.1/hook',
      'https://127.8.9.10/hook',
      'https://localhost/hook',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://10.1.2.3/hook',
      'https://172.20.0.1/hook',
      'https://192.168.1.1/hook',
      'https://[fc00::1]/hook',
      'https://[fd12:3456::1]/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://[fe80::1]/hook',
      'https://100.64.0.1/hook',
      'https://0.0.0.0/hook',
      'https://[::]/hook',
      'https://224.0.0.1/hook',
      'https://[ff02::1]/hook',
      'https://2130706433/hook',
    ];
    const answers = [];
    for (const url of refused) {
      const res = await post(url);
      answers.push({ url, status: res.status, code: res.body.code });
    }
    expect(answers).toEqual(refused.map((url) => ({ url, status: 400, code: 'webhook.urlPrivate' })));
    const res = await post('https://169.254.169.254/latest/meta-data/');
    expect(res.body.params).toEqual({ host: '169.254.169.254', address: '169.254.169.254', range: 'link-local' });
    await t.close({ dropDatabase: true });
  });

  it('checks the address again at each delivery: a webhook made while private targets were allowed gets refused attempts once they are not', async () => {
    const database = await createTestDatabase();
    const allowed = await createTestApp({ database, env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    const manager = await allowed.token(people.manager);
    const created = await allowed
      .http()
      .post(`/organisations/${ESPOO}/webhooks`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ url: receiver.url('/rebound').replace('127.0.0.1', 'localhost'), events: ['plan.created'] })
      .expect(201);
    receiver.secretFor('/rebound', created.body.secret);
    await allowed.close();

    t = await createTestApp({ database });
    await t
      .http()
      .post('/procurements')
      .set('Authorization', `Bearer ${await t.token(people.officer)}`)
      .send(newPlan())
      .expect(201);
    await settleOutbound(t);
    expect(receiver.received).toEqual([]);
    const log = await t.http().get(`/organisations/${ESPOO}/webhooks/${created.body.id}/deliveries`).set('Authorization', `Bearer ${manager}`).expect(200);
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({ status: 'pending', lastStatus: null });
    expect(log.body.items[0].attempts).toEqual([
      {
        at: expect.any(String),
        status: null,
        error: expect.stringMatching(/^Refused: localhost is (127\.0\.0\.1|::1), a loopback address/),
        durationMs: expect.any(Number),
      },
    ]);
  });
});
