import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { ManualClock } from '../src/common/clock';
import { MailSender } from '../src/mail/mail.sender';
import { createTestApp, type TestApp } from './support/create-test-app';
import { DAY, periods, registrationOf, RFI_QUESTIONNAIRE, suppliers } from './support/dialogue';
import { AWARD_CRITERIA, DIGIGREEN_WALK, ESPOO, newPlan, people } from './support/factories';
import { Inbox, type ReceivedMail } from './notifications-mail.smtp';
import { settleOutbound } from './support/outbound';

/**
 * E-mail through a real SMTP server on 127.0.0.1: who is told what, in which language, and nothing to
 * whom is not registered; retries when the server refuses or is down; a reminder that came due while
 * the service was stopped. Messages are flushed deterministically: dispatch the outbox, then one pass
 * of the sender (`MailSender.runDue()`).
 */

const HOUR = 3_600_000;
const PUBLIC_URL = 'https://plans.example.fi';
const NOTICE_TITLE = 'Market dialogue: refurbished laptops';
const WORKING_TITLE = newPlan().title;

const staff = {
  officer: { ...people.officer, email: 'anna.officer@city-of-espoo.example.fi', locale: 'fi-FI' },
  manager: { ...people.manager, email: 'maija.manager@city-of-espoo.example.fi', locale: 'sv' },
  secondManager: { sub: 'manager-erik', name: 'Erik Manager', role: 'manager', org: ESPOO, email: 'erik.manager@city-of-espoo.example.com' },
  otherOrgManager: { ...people.otherOrgManager, email: 'timo.manager@city-of-tampere.example.fi', locale: 'fi' },
} as const;

/** Suppliers a (fi), b (sv), c (en) and e (sv, registers late); d never registers. */
const supplierE = { sub: 'supplier-e-user', name: 'Eero (Eko Laptops Oy)', role: 'supplier', businessId: '5555555-5' } as const;
const address = {
  a: 'sales@aurorarefurboy.example',
  b: 'sales@borealisitab.example',
  c: 'sales@continentaldevicesse.example',
  e: 'sales@ekolaptopsoy.example',
};

const helsinki = (language: 'fi' | 'sv' | 'en', at: string) =>
  new Intl.DateTimeFormat({ fi: 'fi-FI', sv: 'sv-FI', en: 'en-FI' }[language], { timeZone: 'Europe/Helsinki', dateStyle: 'full', timeStyle: 'short' }).format(
    new Date(at),
  );

const byRecipient = (mails: ReceivedMail[]) => Object.fromEntries(mails.map((m) => [m.to.join(','), m]));

describe('E-mail: the dialogue scenario', () => {
  const inbox = new Inbox();
  const clock = new ManualClock('2027-01-04T07:00:00.000Z');
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let planId: string;
  let rfi: { id: string; closesAt: string; questionsUntil: string };

  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const event = async (who: string, body: object, expected = 200) => {
    const res = await t.http().post(`/procurements/${planId}/events`).set(auth(who)).send(body);
    expect({ status: res.status, body: res.status === expected ? null : res.body }).toEqual({ status: expected, body: null });
  };
  const dialogue = (suffix = '') => `/procurements/${planId}/dialogue${suffix}`;
  /** Every message of the scenario, to check at the end who was never written to. */
  const everything: ReceivedMail[] = [];
  const received = async () => {
    await settleOutbound(t);
    const mails = inbox.take();
    everything.push(...mails);
    return mails;
  };

  beforeAll(async () => {
    await inbox.start();
    t = await createTestApp({
      clock,
      env: { SMTP_URL: `smtp://127.0.0.1:${inbox.port}`, MAIL_FROM: 'Hankintasuunnittelu <noreply@plans.example.fi>', PUBLIC_URL },
    });
    for (const [key, claims] of Object.entries(staff)) tokens[key] = await t.token(claims);
    for (const key of ['a', 'b', 'c', 'd'] as const) tokens[key] = await t.token(suppliers[key]);
    tokens.e = await t.token(supplierE);
    // Managers are in the directory once they have used the service; Erik wants no reminders.
    await t.http().get('/me/notifications').set(auth('manager')).expect(200);
    await t.http().get('/me/notifications').set(auth('otherOrgManager')).expect(200);
    await t.http().put('/me/notifications').set(auth('secondManager')).send({ language: 'en', reminders: false }).expect(200);

    planId = (await t.http().post('/procurements').set(auth('officer')).send(newPlan()).expect(201)).body.id;
    for (const step of DIGIGREEN_WALK.slice(0, 5)) await event('officer', step.event);
    await t
      .http()
      .post(dialogue('/registrations'))
      .set(auth('a'))
      .send({ ...registrationOf('Aurora Refurb Oy', true), language: 'fi' })
      .expect(201);
    // No language given: the request's.
    const b = await t
      .http()
      .post(dialogue('/registrations'))
      .set(auth('b'))
      .set('Accept-Language', 'sv-FI, en;q=0.5')
      .send(registrationOf('Borealis IT Ab', true))
      .expect(201);
    expect(b.body).toMatchObject({ language: 'sv', reminders: true });
    await t
      .http()
      .post(dialogue('/registrations'))
      .set(auth('c'))
      .send({ ...registrationOf('Continental Devices SE', false), language: 'en' })
      .expect(201);
    await event('officer', DIGIGREEN_WALK[5].event);
    // Registrations and stage changes are nobody's e-mail.
    expect(await received()).toEqual([]);
  });

  afterAll(async () => {
    await t?.close({ dropDatabase: true });
    await inbox.stop();
  });

  it('tells every registered supplier of a new round, each in its language, with the dates in Helsinki time', async () => {
    const res = await t
      .http()
      .post(dialogue('/rounds'))
      .set(auth('officer'))
      .send({
        type: 'rfi',
        title: 'RFI: refurbished laptops',
        description: 'Tell us what the market can deliver.',
        ...periods(clock.now(), { questions: 3, clarifications: 5, closes: 7 }),
        questionnaire: RFI_QUESTIONNAIRE,
      })
      .expect(201);
    rfi = res.body;
    const mails = await received();
    expect(mails.map((m) => m.to.join()).sort()).toEqual([address.a, address.b, address.c].sort());
    const to = byRecipient(mails);
    const expected = {
      [address.a]: { language: 'fi', subject: `Uusi vuoropuhelukierros: ${NOTICE_TITLE}`, closes: 'Päättyy', zone: 'Suomen aikaa' },
      [address.b]: { language: 'sv', subject: `Ny dialogrunda: ${NOTICE_TITLE}`, closes: 'Stängs', zone: 'finsk tid' },
      [address.c]: { language: 'en', subject: `New dialogue round: ${NOTICE_TITLE}`, closes: 'Closes', zone: 'Finnish time' },
    } as const;
    for (const [recipient, want] of Object.entries(expected)) {
      const mail = to[recipient];
      expect({ subject: mail.subject, language: mail.headers['content-language'], from: mail.headers.from }).toEqual({
        subject: want.subject,
        language: want.language,
        from: 'Hankintasuunnittelu <noreply@plans.example.fi>',
      });
      // The supplier reads the notice's title, never the buyer's working title; the buyer is named.
      expect(mail.text).not.toContain(WORKING_TITLE);
      expect(mail.text).toContain(ESPOO);
      expect(mail.text).toContain(`RFI: refurbished laptops`);
      expect(mail.text).toContain(`${want.closes}: ${helsinki(want.language, rfi.closesAt)} (${want.zone})`);
      expect(mail.text).toContain(`${PUBLIC_URL}/app/dialogues/${planId}`);
      expect(mail.html).toContain(`<html lang="${want.language}">`);
      expect(mail.html).toContain(`<a href="${PUBLIC_URL}/app/dialogues/${planId}">`);
      expect(mail.html.match(/<h1\b/g)).toHaveLength(1);
      expect(mail.html).not.toMatch(/<img\b/);
    }
  });

  it('lets a supplier change its own registration: language, reminders, address (on the audit trail)', async () => {
    const res = await t.http().patch(dialogue('/registration')).set(auth('c')).send({ reminders: false }).expect(200);
    expect(res.body).toMatchObject({ language: 'en', reminders: false, contact: { email: address.c } });
    // Nothing changed: nothing recorded.
    await t.http().patch(dialogue('/registration')).set(auth('c')).send({ reminders: false }).expect(200);
    await t.http().patch(dialogue('/registration')).set(auth('d')).send({ reminders: false }).expect(403);
    await t.http().patch(dialogue('/registration')).set(auth('c')).send({ language: 'de' }).expect(400);
    // A new address applies to every message from now on.
    const moved = await t.http().patch(dialogue('/registration')).set(auth('b')).send({ email: 'tarjoukset@borealis.example' }).expect(200);
    expect(moved.body).toMatchObject({ language: 'sv', contact: { email: 'tarjoukset@borealis.example' } });
    address.b = 'tarjoukset@borealis.example';
    const history = await t.http().get(`/procurements/${planId}/history?limit=100`).set(auth('officer')).expect(200);
    const updates = (history.body.items as Array<{ type: string; payload: Record<string, unknown> }>).filter((e) => e.type === 'SUPPLIER_REGISTRATION_UPDATED');
    expect(updates.map((e) => e.payload)).toEqual([
      expect.objectContaining({ businessId: suppliers.c.businessId, changed: ['reminders'], reminders: false }),
      expect.objectContaining({ businessId: suppliers.b.businessId, changed: ['email'] }),
    ]);
    expect(JSON.stringify(updates)).not.toContain('tarjoukset@');
    expect(await received()).toEqual([]);
  });

  it('tells the owner of a new question, never who asked; the HTML escapes what the supplier wrote', async () => {
    const question = 'Can devices ship with <script>alert(1)</script> & "Linux" preinstalled?';
    await t
      .http()
      .post(dialogue(`/rounds/${rfi.id}/questions`))
      .set(auth('a'))
      .send({ question })
      .expect(201);
    const mails = await received();
    expect(mails.map((m) => m.to.join())).toEqual([staff.officer.email]);
    const [mail] = mails;
    expect(mail.headers['content-language']).toBe('fi');
    expect(mail.subject).toBe(`Uusi lisäkysymys: ${WORKING_TITLE}`);
    expect(mail.text).toContain(question);
    expect(mail.text).toContain(`${PUBLIC_URL}/app/plans/${planId}/dialogue`);
    for (const asker of ['Aurora', suppliers.a.businessId, address.a, suppliers.a.name]) {
      expect(mail.text).not.toContain(asker);
      expect(mail.html).not.toContain(asker);
    }
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Linux&quot;');
    expect(mail.html).not.toContain('<script>');
  });

  it('sends the published answer, with the question, to every registered supplier in its language and to nobody else', async () => {
    const questions = await t
      .http()
      .get(dialogue(`/rounds/${rfi.id}/questions`))
      .set(auth('officer'))
      .expect(200);
    const questionId = questions.body.all[0].id as string;
    const answer = 'Yes: devices may ship with any operating system the school IT approves.';
    await t
      .http()
      .post(dialogue(`/rounds/${rfi.id}/answers`))
      .set(auth('officer'))
      .send({ questionIds: [questionId], text: answer })
      .expect(201);
    const mails = await received();
    expect(mails.map((m) => m.to.join()).sort()).toEqual([address.a, address.b, address.c].sort());
    const to = byRecipient(mails);
    expect([to[address.a].subject, to[address.b].subject, to[address.c].subject]).toEqual([
      `Vastaus julkaistu: ${NOTICE_TITLE}`,
      `Svar publicerat: ${NOTICE_TITLE}`,
      `Answer published: ${NOTICE_TITLE}`,
    ]);
    for (const mail of mails) {
      expect(mail.text).toContain(answer);
      expect(mail.text).toContain('preinstalled?');
      expect(mail.text).not.toContain(suppliers.a.businessId);
      // The asker is named to nobody: Aurora's own message names it only as the addressee.
      if (mail.to[0] !== address.a) expect(mail.text).not.toContain('Aurora');
    }
    expect(to[address.b].text).toContain('Kompletterande frågor:');
    expect(to[address.a].text).toContain('Lisäkysymykset:');
  });

  it('tells of an extended deadline with the old and the new one', async () => {
    const closesAt = new Date(new Date(rfi.closesAt).getTime() + 2 * DAY).toISOString();
    await t
      .http()
      .patch(dialogue(`/rounds/${rfi.id}`))
      .set(auth('officer'))
      .send({ closesAt })
      .expect(200);
    const mails = await received();
    expect(mails.map((m) => m.to.join()).sort()).toEqual([address.a, address.b, address.c].sort());
    const en = byRecipient(mails)[address.c];
    expect(en.subject).toBe(`Deadlines extended: ${NOTICE_TITLE}`);
    expect(en.text).toContain(`Closes: was ${helsinki('en', rfi.closesAt)} (Finnish time), now ${helsinki('en', closesAt)} (Finnish time)`);
    expect(byRecipient(mails)[address.a].text).toContain(`Päättyy: aiemmin ${helsinki('fi', rfi.closesAt)}`);
    rfi = { ...rfi, closesAt };
  });

  it('tells each supplier offered a meeting the free slots, only those newly offered, and the owner of each booking', async () => {
    const round = await t
      .http()
      .post(dialogue('/rounds'))
      .set(auth('officer'))
      .send({
        type: 'oneToOne',
        title: 'One-to-one meetings',
        description: 'Forty-five minutes with each supplier.',
        ...periods(clock.now(), { questions: 12, clarifications: 13, closes: 14 }),
      })
      .expect(201);
    expect(await received()).toHaveLength(3);
    const first = new Date(clock.now().getTime() + 3 * DAY).toISOString();
    const firstSecond = new Date(Date.parse(first) + HOUR).toISOString();
    const offeredSlots = await t
      .http()
      .post(dialogue(`/rounds/${round.body.id}/meetings`))
      .set(auth('officer'))
      .send({ startsAt: [first, firstSecond], durationMinutes: 45 })
      .expect(201);
    const offered = await received();
    expect(offered.map((m) => m.to.join()).sort()).toEqual([address.a, address.b, address.c].sort());
    expect(byRecipient(offered)[address.b].text).toContain(`Ledig tid: ${helsinki('sv', first)} (finsk tid)`);
    expect(byRecipient(offered)[address.b].text).toContain(`Ledig tid: ${helsinki('sv', firstSecond)} (finsk tid)`);
    expect(byRecipient(offered)[address.b].text).toContain('Längd: 45 minuter');

    // The owner hears of a booking, in their language; the other suppliers hear nothing.
    await t
      .http()
      .put(dialogue(`/rounds/${round.body.id}/meetings/booking`))
      .set(auth('a'))
      .send({ slotId: offeredSlots.body.slots[0].id })
      .expect(200);
    const booked = await received();
    expect(booked.map((m) => m.to.join())).toEqual([staff.officer.email]);
    expect(booked[0].subject).toBe(`Tapaaminen varattu: ${WORKING_TITLE}`);
    expect(booked[0].text).toContain('Aurora Refurb Oy');

    // A supplier registering now was told nothing of what happened before it registered.
    await t
      .http()
      .post(dialogue('/registrations'))
      .set(auth('e'))
      .send({ ...registrationOf('Eko Laptops Oy', true), language: 'sv' })
      .expect(201);
    expect(await received()).toEqual([]);
    const second = new Date(clock.now().getTime() + 4 * DAY).toISOString();
    await t
      .http()
      .post(dialogue(`/rounds/${round.body.id}/meetings`))
      .set(auth('officer'))
      .send({ startsAt: [second] })
      .expect(201);
    const late = await received();
    expect(late.map((m) => m.to.join())).toEqual([address.e]);
    expect(late[0].subject).toBe(`Erbjudande om enskilt möte: ${NOTICE_TITLE}`);
    expect(late[0].text).toContain(helsinki('sv', second));
    expect(late[0].text).toContain(helsinki('sv', firstSecond));
    expect(late[0].text).not.toContain(helsinki('sv', first));
    expect(late[0].text).toContain('45 minuter');
  });

  it('reminds, 48 hours before a round closes, the suppliers who did not opt out, once', async () => {
    clock.set(new Date(new Date(rfi.closesAt).getTime() - 47 * HOUR));
    await t.fireDueTimers();
    const mails = await received();
    expect(mails.map((m) => m.to.join()).sort()).toEqual([address.a, address.b, address.e].sort());
    const fi = byRecipient(mails)[address.a];
    expect(fi.subject).toBe(`Muistutus: vuoropuhelukierros päättyy pian: ${NOTICE_TITLE}`);
    expect(fi.text).toContain(`Päättyy: ${helsinki('fi', rfi.closesAt)} (Suomen aikaa)`);
    expect(fi.text).toContain(`Lisäkysymykset viimeistään: ${helsinki('fi', rfi.questionsUntil)}`);
    await t.fireDueTimers();
    expect(await received()).toEqual([]);
  });

  it("tells the organisation's managers of an approval request, and reminds those who want reminders once after APPROVAL_REMINDER_DAYS", async () => {
    clock.set(new Date(clock.now().getTime() + 15 * DAY));
    await t.fireDueTimers();
    await event('officer', DIGIGREEN_WALK[6].event);
    const summary = await received();
    expect(summary.map((m) => m.to.join()).sort()).toEqual([address.a, address.b, address.c, address.e].sort());
    expect(byRecipient(summary)[address.c].text).toContain(String((DIGIGREEN_WALK[6].event as { summary: string }).summary));
    for (const step of DIGIGREEN_WALK.slice(7, 13)) {
      if (step.prepare) await t.http().put(`/procurements/${planId}/criteria`).set(auth('officer')).send(AWARD_CRITERIA).expect(200);
      await event('officer', step.event);
    }
    expect(await received()).toEqual([]);
    await event('officer', { type: 'REQUEST_APPROVAL' });
    const requested = await received();
    expect(requested.map((m) => m.to.join()).sort()).toEqual([staff.secondManager.email, staff.manager.email].sort());
    const sv = byRecipient(requested)[staff.manager.email];
    expect({ subject: sv.subject, language: sv.headers['content-language'] }).toEqual({ subject: `Begäran om godkännande: ${WORKING_TITLE}`, language: 'sv' });
    expect(sv.text).toContain(`Anna Officer begär godkännande av upphandlingsplanen ”${WORKING_TITLE}”.`);
    expect(sv.text).toContain(`${PUBLIC_URL}/app/plans/${planId}`);
    expect(byRecipient(requested)[staff.secondManager.email].subject).toBe(`Approval requested: ${WORKING_TITLE}`);

    clock.advance(t.env.APPROVAL_REMINDER_DAYS * DAY);
    await t.fireDueTimers();
    const reminded = await received();
    expect(reminded.map((m) => m.to.join())).toEqual([staff.manager.email]);
    expect(reminded[0].subject).toBe(`Påminnelse: godkännandet har väntat i ${t.env.APPROVAL_REMINDER_DAYS} dagar: ${WORKING_TITLE}`);
    clock.advance(t.env.APPROVAL_REMINDER_DAYS * DAY);
    await t.fireDueTimers();
    expect(await received()).toEqual([]);
  });

  it('tells the owner of the decision, and the registered suppliers of the cancellation', async () => {
    await event('manager', { type: 'RETURN_FOR_REVISION', reason: 'Add the battery replacement service.' });
    const decided = await received();
    expect(decided.map((m) => m.to.join())).toEqual([staff.officer.email]);
    expect(decided[0].subject).toBe(`Hankintasuunnitelma palautettu korjattavaksi: ${WORKING_TITLE}`);
    expect(decided[0].text).toContain('Add the battery replacement service.');

    await event('manager', { type: 'CANCEL', reason: 'The budget was withdrawn.' });
    const cancelled = await received();
    expect(cancelled.map((m) => m.to.join()).sort()).toEqual([address.a, address.b, address.c, address.e].sort());
    expect(byRecipient(cancelled)[address.b].subject).toBe(`Marknadsdialogen avbruten: ${NOTICE_TITLE}`);
    expect(byRecipient(cancelled)[address.a].text).toContain('The budget was withdrawn.');
  });

  it("wrote to nobody but the registered suppliers, the owner and the organisation's managers, and sent every message", async () => {
    const recipients = new Set(everything.flatMap((m) => m.to));
    // Borealis had its first message at the address it registered with, every later one at its new one.
    const registeredFirst = 'sales@borealisitab.example';
    expect([...recipients].sort()).toEqual(
      [address.a, registeredFirst, address.b, address.c, address.e, staff.officer.email, staff.manager.email, staff.secondManager.email].sort(),
    );
    const rows = await t.dataSource.query<Array<{ recipient: string; status: string }>>('SELECT recipient, status FROM mail_messages');
    expect(rows).toHaveLength(everything.length);
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
  });
});

describe('E-mail without SMTP_URL', () => {
  it('says so once and writes no message', async () => {
    const logged = jest.spyOn(Logger.prototype, 'log');
    const t = await createTestApp();
    try {
      expect(logged.mock.calls.filter(([message]) => typeof message === 'string' && message.startsWith('E-mail is off'))).toEqual([
        ['E-mail is off: SMTP_URL is not set'],
      ]);
      const officer = await t.token(staff.officer);
      const planId = (await t.http().post('/procurements').set('Authorization', `Bearer ${officer}`).send(newPlan()).expect(201)).body.id as string;
      for (const step of DIGIGREEN_WALK.slice(0, 5))
        await t.http().post(`/procurements/${planId}/events`).set('Authorization', `Bearer ${officer}`).send(step.event).expect(200);
      await t
        .http()
        .post(`/procurements/${planId}/dialogue/registrations`)
        .set('Authorization', `Bearer ${await t.token(suppliers.a)}`)
        .send(registrationOf('Aurora Refurb Oy', true))
        .expect(201);
      await t
        .http()
        .post(`/procurements/${planId}/events`)
        .set('Authorization', `Bearer ${officer}`)
        .send({ type: 'CANCEL', reason: 'Not needed.' })
        .expect(200);
      await settleOutbound(t);
      expect(await t.dataSource.query('SELECT id FROM mail_messages')).toEqual([]);
    } finally {
      logged.mockRestore();
      await t.close({ dropDatabase: true });
    }
  });
});

describe('E-mail when the SMTP server refuses or is down, and after downtime', () => {
  const inbox = new Inbox();
  const clock = new ManualClock('2027-02-01T09:00:00.000Z');
  let t: TestApp;
  let officer: string;
  let supplier: string;
  const env = () => ({ SMTP_URL: `smtp://127.0.0.1:${inbox.port}`, PUBLIC_URL });

  /** A plan in the dialogue with supplier a registered; returns its id. */
  async function dialoguePlan(): Promise<string> {
    const planId = (await t.http().post('/procurements').set('Authorization', `Bearer ${officer}`).send(newPlan()).expect(201)).body.id as string;
    for (const step of DIGIGREEN_WALK.slice(0, 5))
      await t.http().post(`/procurements/${planId}/events`).set('Authorization', `Bearer ${officer}`).send(step.event).expect(200);
    await t
      .http()
      .post(`/procurements/${planId}/dialogue/registrations`)
      .set('Authorization', `Bearer ${supplier}`)
      .send({ ...registrationOf('Aurora Refurb Oy', true), language: 'en' })
      .expect(201);
    await t.http().post(`/procurements/${planId}/events`).set('Authorization', `Bearer ${officer}`).send(DIGIGREEN_WALK[5].event).expect(200);
    return planId;
  }

  const messagesOf = async (planId: string) =>
    t.dataSource.query<Array<{ id: string; kind: string; status: string; attempts: number; next_attempt_at: string | Date; last_error: string | null }>>(
      t.database.driver === 'postgres'
        ? 'SELECT id, kind, status, attempts, next_attempt_at, last_error FROM mail_messages WHERE plan_id = $1'
        : 'SELECT id, kind, status, attempts, next_attempt_at, last_error FROM mail_messages WHERE plan_id = ?',
      [planId],
    );

  beforeAll(async () => {
    await inbox.start();
    t = await createTestApp({ clock, env: env() });
    officer = await t.token(staff.officer);
    supplier = await t.token(suppliers.a);
  });

  afterAll(async () => {
    await t?.close({ dropDatabase: true });
    await inbox.stop();
  });

  it('tries a refused message again after a minute, after five more when the server is down, and sends it once it answers', async () => {
    const planId = await dialoguePlan();
    inbox.refuse = 'Mailbox busy, try again later';
    await t
      .http()
      .post(`/procurements/${planId}/dialogue/rounds`)
      .set('Authorization', `Bearer ${officer}`)
      .send({
        type: 'rfi',
        title: 'RFI: refurbished laptops',
        description: 'Tell us what the market can deliver.',
        ...periods(clock.now(), { questions: 3, clarifications: 5, closes: 7 }),
        questionnaire: RFI_QUESTIONNAIRE,
      })
      .expect(201);
    await settleOutbound(t);
    let [message] = await messagesOf(planId);
    expect(message).toMatchObject({ kind: 'dialogue.roundScheduled', status: 'pending', attempts: 1, last_error: expect.stringContaining('Mailbox busy') });
    expect(new Date(message.next_attempt_at).getTime()).toBe(clock.now().getTime() + 60_000);
    // Not due yet: nothing is tried.
    await t.app.get(MailSender).runDue();
    expect((await messagesOf(planId))[0].attempts).toBe(1);

    inbox.refuse = null;
    const port = inbox.port;
    await inbox.stop();
    clock.advance(60_000);
    await t.app.get(MailSender).runDue();
    [message] = await messagesOf(planId);
    expect(message).toMatchObject({ status: 'pending', attempts: 2 });
    expect(new Date(message.next_attempt_at).getTime()).toBe(clock.now().getTime() + 5 * 60_000);
    expect(inbox.take()).toEqual([]);

    await inbox.start(port);
    clock.advance(5 * 60_000);
    expect(await t.app.get(MailSender).runDue()).toBe(1);
    const mails = inbox.take();
    expect(mails.map((m) => [m.to.join(), m.subject])).toEqual([[address.a, `New dialogue round: ${NOTICE_TITLE}`]]);
    // The same Message-ID whatever the attempt: the row's.
    expect(mails[0].headers['message-id']).toBe(`<${message.id}@plans.example.fi>`);
    expect((await messagesOf(planId))[0]).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('sends a reminder that came due while the service was stopped when it starts again', async () => {
    const planId = await dialoguePlan();
    await t
      .http()
      .post(`/procurements/${planId}/dialogue/rounds`)
      .set('Authorization', `Bearer ${officer}`)
      .send({
        type: 'rfi',
        title: 'Second RFI',
        description: 'More questions.',
        ...periods(clock.now(), { questions: 1, clarifications: 2, closes: 3 }),
        questionnaire: RFI_QUESTIONNAIRE,
      })
      .expect(201);
    await settleOutbound(t);
    expect(inbox.take().map((m) => m.subject)).toEqual([`New dialogue round: ${NOTICE_TITLE}`]);
    const closesAt = clock.now().getTime() + 3 * DAY;
    await t.close();

    clock.set(new Date(closesAt - 40 * HOUR));
    t = await createTestApp({ database: t.database, clock, env: env() });
    await settleOutbound(t);
    const mails = inbox.take();
    expect(mails.map((m) => [m.to.join(), m.subject])).toEqual([[address.a, `Reminder: a dialogue round closes soon: ${NOTICE_TITLE}`]]);
    expect(mails[0].text).toContain('“Second RFI”');
    expect((await messagesOf(planId)).map((m) => [m.kind, m.status]).sort()).toEqual([
      ['dialogue.roundClosing', 'sent'],
      ['dialogue.roundScheduled', 'sent'],
    ]);
    // Exactly once: another poll sends nothing more.
    await t.fireDueTimers();
    await settleOutbound(t);
    expect(inbox.take()).toEqual([]);
  });
});
