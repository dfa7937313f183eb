import { ManualClock } from '../src/common/clock';
import { createTestApp, type TestApp } from './support/create-test-app';
import { DAY, dialogueState, periods, registrationOf, RFI_QUESTIONNAIRE, suppliers } from './support/dialogue';
import { DIGIGREEN_WALK, newPlan, people } from './support/factories';
import { ocdsSchemaAvailable, releasePackageValidator } from './support/ocds-schema';

type Who = 'officer' | 'manager' | 'a' | 'b' | 'c' | 'd';

describe('A market dialogue with three suppliers of two kinds', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  const tokens = {} as Record<Who, string>;
  let planId: string;
  let rfiId: string;
  let meetingsRoundId: string;
  let rfi: { closesAt: string };
  const asked: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ clock });
    tokens.officer = await t.token(people.officer);
    tokens.manager = await t.token(people.manager);
    for (const key of ['a', 'b', 'c', 'd'] as const) tokens[key] = await t.token(suppliers[key]);
    const created = await t.http().post('/procurements').set('Authorization', `Bearer ${tokens.officer}`).send(newPlan()).expect(201);
    planId = created.body.id;
    for (const step of DIGIGREEN_WALK.slice(0, 4)) await event(step.event);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  const path = (suffix = '') => `/procurements/${planId}/dialogue${suffix}`;
  const get = (who: Who, suffix = '') => t.http().get(path(suffix)).set('Authorization', `Bearer ${tokens[who]}`);
  const post = (who: Who, suffix: string, body: object) => t.http().post(path(suffix)).set('Authorization', `Bearer ${tokens[who]}`).send(body);
  const put = (who: Who, suffix: string, body: object) => t.http().put(path(suffix)).set('Authorization', `Bearer ${tokens[who]}`).send(body);

  async function event(body: Record<string, unknown>, expected = 200) {
    const res = await t.http().post(`/procurements/${planId}/events`).set('Authorization', `Bearer ${tokens.officer}`).send(body);
    expect({ type: body.type, status: res.status, body: res.status === expected ? undefined : res.body }).toEqual({
      type: body.type,
      status: expected,
      body: undefined,
    });
    return res;
  }

  /** A refusal: the expected 4xx, its message naming the rule, and nothing stored changed. */
  async function refused(send: () => Promise<{ status: number; body: { message: string; details?: unknown } }>, status: number, rule: RegExp) {
    const before = await dialogueState(t, planId);
    const res = await send();
    expect({ status: res.status, message: res.body.message }).toEqual({ status, message: expect.stringMatching(rule) });
    expect(await dialogueState(t, planId)).toEqual(before);
    return res;
  }

  const fullAnswers = (warranty: string, confidential = false) => [
    { questionId: 'warranty', value: warranty, ...(confidential ? { confidentiality: 'buyerOnly', rationale: 'Our pricing model is a trade secret.' } : {}) },
    { questionId: 'batteryLife', value: 80 },
    { questionId: 'grade', value: 'A' },
    { questionId: 'takeBack', value: true },
  ];

  const openPlans = async (who: Who) =>
    (await t.http().get('/dialogue/open-plans?limit=100').set('Authorization', `Bearer ${tokens[who]}`).expect(200)).body.items as Array<{
      planId: string;
      registered?: boolean;
    }>;

  it('shows nothing to suppliers until the engagement notice is published, then the notice, and lists the plan for them to find', async () => {
    await get('a').expect(404);
    expect((await openPlans('a')).map((p) => p.planId)).not.toContain(planId);
    await event(DIGIGREEN_WALK[4].event);
    const res = await get('a').expect(200);
    expect(res.body).toMatchObject({ notice: { title: 'Market dialogue: refurbished laptops' }, registration: null, rounds: [] });
    expect((await openPlans('a')).find((p) => p.planId === planId)).toMatchObject({
      registered: false,
      stage: 'marketAnalysis',
      notice: { title: 'Market dialogue: refurbished laptops' },
    });
  });

  it('lets suppliers register interest, once each, with the SME flag', async () => {
    await post('a', '/registrations', registrationOf('Aurora Refurb Oy', true)).expect(201);
    expect((await openPlans('a')).find((p) => p.planId === planId)).toMatchObject({ registered: true });
    await event({ type: 'START_MARKET_DIALOGUE' });
    await post('b', '/registrations', registrationOf('Borealis IT Ab', true)).expect(201);
    await post('c', '/registrations', registrationOf('Continental Devices SE', false)).expect(201);
    await refused(() => post('a', '/registrations', registrationOf('Aurora Refurb Oy', true)), 409, /already registered/);
    const officerView = await get('officer').expect(200);
    expect(officerView.body.counts).toMatchObject({ registeredSuppliers: 3, smeSuppliers: 2 });
    const managerView = await get('manager').expect(200);
    expect(managerView.body.counts).toMatchObject({ registeredSuppliers: 3, smeSuppliers: 2 });
    expect(managerView.body.registrations).toBeUndefined();
  });

  it('opens an RFI and a one-to-one round whose deadlines become timers', async () => {
    const now = clock.now();
    const created = await post('officer', '/rounds', {
      type: 'rfi',
      title: 'RFI: refurbished laptops',
      description: 'Tell us what the market can deliver.',
      ...periods(now, { questions: 3, clarifications: 5, closes: 7 }),
      questionnaire: RFI_QUESTIONNAIRE,
    }).expect(201);
    rfiId = created.body.id;
    rfi = created.body;
    expect(created.body).toMatchObject({ status: 'open', extensions: 0 });
    const meetings = await post('officer', '/rounds', {
      type: 'oneToOne',
      title: 'One-to-one meetings',
      description: 'Forty-five minutes with each supplier.',
      ...periods(now, { questions: 8, clarifications: 9, closes: 10 }),
    }).expect(201);
    meetingsRoundId = meetings.body.id;
    const timers = await t.dataSource.query(
      t.database.driver === 'postgres'
        ? 'SELECT key FROM timers WHERE plan_id = $1 AND status = $2'
        : 'SELECT key FROM timers WHERE plan_id = ? AND status = ?',
      [planId, 'pending'],
    );
    expect(timers.map((r: { key: string }) => r.key).sort()).toEqual(
      [
        `round:${rfiId}:clarifications`,
        `round:${rfiId}:close`,
        `round:${meetingsRoundId}:clarifications`,
        `round:${meetingsRoundId}:close`,
        // Suppliers are reminded 48 hours before each round closes.
        `reminder:roundClosing:${rfiId}`,
        `reminder:roundClosing:${meetingsRoundId}`,
      ].sort(),
    );
  });

  it('refuses responses from an unregistered supplier and incomplete ones, naming each question', async () => {
    await refused(() => put('d', `/rounds/${rfiId}/response`, { answers: fullAnswers('2 years') }), 403, /Register interest first/);
    const res = await refused(
      () =>
        put('a', `/rounds/${rfiId}/response`, {
          answers: [
            { questionId: 'warranty', value: '3 years' },
            { questionId: 'batteryLife', value: 'lots' },
          ],
        }),
      422,
      /incomplete or invalid/,
    );
    expect(res.body.details).toEqual(['batteryLife: must be a number in %', 'takeBack: is mandatory and has no answer']);
    await refused(
      () => put('a', `/rounds/${rfiId}/response`, { answers: [{ questionId: 'warranty', value: 'x', confidentiality: 'buyerOnly' }] }),
      400,
      /rationale/,
    );
  });

  it('keeps a buyerOnly answer from every other supplier, and every version of an updated response', async () => {
    await put('a', `/rounds/${rfiId}/response`, { answers: fullAnswers('SECRET-PRICING: 36 months incl. battery', true) }).expect(200);
    await put('b', `/rounds/${rfiId}/response`, { answers: fullAnswers('24 months') }).expect(200);
    clock.advance(DAY);
    const updated = await put('a', `/rounds/${rfiId}/response`, { answers: fullAnswers('SECRET-PRICING: 48 months incl. battery', true) }).expect(200);
    expect(updated.body.version).toBe(2);

    const own = await get('a', `/rounds/${rfiId}/responses`).expect(200);
    expect(own.body).toHaveLength(1);
    expect(own.body[0].versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(own.body[0].latest.answers[0]).toMatchObject({ confidentiality: 'buyerOnly', value: 'SECRET-PRICING: 48 months incl. battery' });

    const officer = await get('officer', `/rounds/${rfiId}/responses`).expect(200);
    expect(officer.body.map((r: { businessId: string }) => r.businessId).sort()).toEqual([suppliers.a.businessId, suppliers.b.businessId]);

    for (const other of ['b', 'c'] as const) {
      for (const suffix of ['', `/rounds/${rfiId}/responses`, `/rounds/${rfiId}/questions`, `/rounds/${rfiId}`, '/rounds']) {
        const seen = await get(other, suffix).expect(200);
        expect(JSON.stringify(seen.body)).not.toContain('SECRET-PRICING');
      }
    }
  });

  it('publishes one answer to two duplicate questions to every registered supplier, askers anonymous', async () => {
    asked.a = (await post('a', `/rounds/${rfiId}/questions`, { question: 'May devices come from several manufacturers?' }).expect(201)).body.id;
    asked.c = (await post('c', `/rounds/${rfiId}/questions`, { question: 'Can we offer more than one brand?' }).expect(201)).body.id;
    await refused(() => post('d', `/rounds/${rfiId}/questions`, { question: 'Unregistered?' }), 403, /Register interest first/);

    const beforeAnswer = await get('b', `/rounds/${rfiId}/questions`).expect(200);
    expect(beforeAnswer.body).toEqual({ published: [], mine: [] });
    await refused(() => event({ type: 'SKIP_CO_DEVELOPMENT', reason: 'No pilot needed.' }, 409), 409, /clarification question has a published answer/);

    await post('officer', `/rounds/${rfiId}/answers`, { questionIds: [asked.a, asked.c], text: 'Yes: several manufacturers are accepted.' }).expect(201);
    await refused(() => post('officer', `/rounds/${rfiId}/answers`, { questionIds: [asked.a], text: 'Again.' }), 409, /Already answered/);

    const seenByB = await get('b', `/rounds/${rfiId}/questions`).expect(200);
    expect(seenByB.body.published).toHaveLength(1);
    const published = seenByB.body.published[0];
    expect(published).toMatchObject({ kind: 'answer', text: 'Yes: several manufacturers are accepted.' });
    expect(published.questions.map((q: { question: string }) => q.question)).toEqual([
      'May devices come from several manufacturers?',
      'Can we offer more than one brand?',
    ]);
    const hashes = published.questions.map((q: { askedBy: string }) => q.askedBy);
    expect(hashes[0]).toMatch(/^anon-[0-9a-f]{16}$/);
    expect(hashes[0]).not.toEqual(hashes[1]);
    const text = JSON.stringify(seenByB.body);
    for (const s of Object.values(suppliers)) expect(text).not.toContain(s.businessId);
    const aQuestions = await get('a', `/rounds/${rfiId}/questions`).expect(200);
    expect(aQuestions.body.mine).toEqual([expect.objectContaining({ id: asked.a, answered: true })]);
  });

  it('holds a meeting only after one has been offered to every registered supplier, and after its slot', async () => {
    const slot = (hours: number) => new Date(clock.now().getTime() + 2 * DAY + hours * 60 * 60 * 1000).toISOString();
    const offered = await post('officer', `/rounds/${meetingsRoundId}/meetings`, {
      startsAt: [slot(0), slot(1), slot(2), slot(3)],
      durationMinutes: 45,
    }).expect(201);
    expect(offered.body.offered).toHaveLength(3);
    await post('d', '/registrations', registrationOf('Delta Repair Oy', false)).expect(201);
    const aMeeting = offered.body.offered.find((m: { businessId: string }) => m.businessId === suppliers.a.businessId);
    await put('a', `/rounds/${meetingsRoundId}/meetings/booking`, { slotId: offered.body.slots[0].id }).expect(200);
    await refused(
      () => post('officer', `/rounds/${meetingsRoundId}/meetings/${aMeeting.id}/minutes`, { minutes: 'Discussed warranty.' }),
      409,
      /offered to every registered supplier/,
    );
    // No new slots: the round's slots are offered to the supplier registered since.
    const more = await post('officer', `/rounds/${meetingsRoundId}/meetings`, {}).expect(201);
    expect(more.body.offered.map((m: { businessId: string }) => m.businessId)).toEqual([suppliers.d.businessId]);
    clock.advance(2 * DAY + 60 * 60 * 1000);
    await post('officer', `/rounds/${meetingsRoundId}/meetings/${aMeeting.id}/minutes`, {
      minutes: 'Aurora explained their battery refurbishment. Confidential pricing discussed.',
      sharedMaterial: [{ title: 'Battery test protocol', url: 'https://example.org/battery-protocol.pdf' }],
    }).expect(201);
    const seenByC = await get('c', `/rounds/${meetingsRoundId}/meetings`).expect(200);
    expect(seenByC.body.sharedMaterial).toEqual([expect.objectContaining({ title: 'Battery test protocol' })]);
    expect(JSON.stringify(seenByC.body)).not.toContain('Confidential pricing');
  });

  it('refuses a late response once the round has closed, and changes nothing already submitted', async () => {
    clock.set(new Date(Date.parse(rfi.closesAt) + 60_000));
    await refused(() => put('b', `/rounds/${rfiId}/response`, { answers: fullAnswers('36 months') }), 409, new RegExp(`Round closed at ${rfi.closesAt}`));
    // Its two deadlines, its closing reminder (void: the round closed meanwhile) and the officer's digest of responses.
    expect(await t.fireDueTimers()).toBe(4);
    await refused(() => put('a', `/rounds/${rfiId}/response`, { answers: fullAnswers('SECRET-PRICING: 60 months', true) }), 409, /Round closed at/);
    const own = await get('a', `/rounds/${rfiId}/responses`).expect(200);
    expect(own.body[0].latest).toMatchObject({
      version: 2,
      answers: expect.arrayContaining([expect.objectContaining({ value: 'SECRET-PRICING: 48 months incl. battery' })]),
    });
    const round = await get('b', `/rounds/${rfiId}`).expect(200);
    expect(round.body).toMatchObject({ status: 'closed', closedAt: clock.now().toISOString() });
  });

  it('leaves marketDialogue only when every round has closed and the summary is published', async () => {
    const refusal = await refused(() => event({ type: 'SKIP_CO_DEVELOPMENT', reason: 'No pilot needed.' }, 409), 409, /refused in stage marketDialogue/);
    expect(refusal.body).toMatchObject({ unmet: [{ id: 'dialogue.summaryPublished' }, { id: 'dialogue.roundsClosed' }] });
    clock.set(new Date(Date.parse(rfi.closesAt) + 4 * DAY));
    // The meetings round's two deadlines and its closing reminder.
    expect(await t.fireDueTimers()).toBe(3);
    await event(DIGIGREEN_WALK[6].event);
    const left = await event({ type: 'SKIP_CO_DEVELOPMENT', reason: 'The market is mature; no pilot needed.' });
    expect(left.body.stage).toBe('criteriaAndStrategy');

    const history = await t.http().get(`/procurements/${planId}/history?limit=100`).set('Authorization', `Bearer ${tokens.officer}`).expect(200);
    const closes = history.body.items.filter(
      (e: { type: string; payload: { deadline: string } }) => e.type === 'DIALOGUE_ROUND_DEADLINE' && e.payload.deadline === 'close',
    );
    expect(closes.map((e: { payload: { roundId: string } }) => e.payload.roundId).sort()).toEqual([rfiId, meetingsRoundId].sort());
    expect(closes.every((e: { actor: { role: string } }) => e.actor.role === 'system')).toBe(true);
    const types = history.body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['SCHEDULE_DIALOGUE_ROUND', 'ANSWER_PUBLISHED', 'MEETINGS_OFFERED', 'MEETING_HELD']));

    const summary = await get('b').expect(200);
    expect(summary.body.summary).toMatchObject({ inputUse: 'Warranty and battery-health criteria added to the technical specification.' });
  });

  it('exports the plan as OCDS with its dialogue milestones and nothing buyerOnly or supplier-identifying', async () => {
    const res = await t.http().get(`/procurements/${planId}/ocds`).set('Authorization', `Bearer ${tokens.officer}`).expect(200);
    if (ocdsSchemaAvailable()) expect(releasePackageValidator()(res.body)).toEqual({ ok: true, errors: [] });
    const release = res.body.releases[0];
    expect(release.planning.milestones.filter((m: { type: string }) => m.type === 'engagement')).toHaveLength(2);
    expect(release.planning.documents.map((d: { documentType: string }) => d.documentType)).toEqual(['plannedProcurementNotice', 'marketStudies']);
    const text = JSON.stringify(res.body);
    for (const secret of ['SECRET-PRICING', 'Confidential pricing', ...Object.values(suppliers).map((s) => s.businessId)]) expect(text).not.toContain(secret);
  });
});
