import { randomUUID } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from './support/create-test-app';
import { registrationOf, suppliers } from './support/dialogue';
import { newPlan, people } from './support/factories';
import { must, planInDialogue, type DialogueFixture, type FixtureTokens } from './support/route-fixtures';

/**
 * Tokens, limits, input and visibility rules that an attack on the service found open (issue 9):
 * one row for each, on the real app. Each asserts the behaviour the fix brought; before it, each
 * row answered otherwise (a 2xx, another budget, a 500 on PostgreSQL).
 */

const secret = new TextEncoder().encode(TEST_JWT_SECRET);
const bearer = (token: string) => `Bearer ${token}`;

/** A token with exactly these claims: no defaults, so a test can leave out `exp` or move `iat`. */
async function rawToken(t: TestApp, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(t.env.AUTH_ISSUER ?? 'procurement-planning-engine/dev')
    .sign(secret);
}

const now = () => Math.floor(Date.now() / 1000);
const cursorOf = (position: object) => Buffer.from(JSON.stringify(position)).toString('base64url');
/** Matches the ISO pattern, but 30 February is no date: it used to pass every cursor check. */
const IMPOSSIBLE = '2026-02-30T00:00:00.000Z';

/** The four base64url spellings of one signature: its last character carries two bits nobody reads. */
function signatureSpellings(token: string): string[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(token.at(-1)!);
  return [0, 1, 2, 3].map((bits) => token.slice(0, -1) + alphabet[(last & ~3) | bits]);
}

describe('Hardening: tokens, limits, input and visibility', () => {
  let t: TestApp;
  let tokens: FixtureTokens & { admin: string; unregistered: string };

  beforeAll(async () => {
    t = await createTestApp({ env: { DIALOGUE_MAX_QUESTIONS_PER_ROUND: '3', DIALOGUE_MAX_QUESTION_LENGTH: '200' } });
    tokens = {
      officer: await t.token(people.officer),
      manager: await t.token(people.manager),
      supplier: await t.token(suppliers.a),
      otherSupplier: await t.token(suppliers.b),
      admin: await t.token(people.admin),
      unregistered: await t.token(suppliers.c),
    };
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  const createPlan = (token: string, body: object = newPlan()) => t.http().post('/procurements').set('Authorization', bearer(token)).send(body);

  // ---------------------------------------------------------------- tokens

  describe('tokens', () => {
    it('refuses a token without "exp" with 401', async () => {
      const token = await rawToken(t, { ...people.officer, iat: now() });
      const res = await createPlan(token).expect(401);
      expect(res.body.message).toBe('The bearer token has no "exp" claim; tokens must expire.');
    });

    it('refuses a token issued more than a minute in the future with 401, and takes ordinary clock skew', async () => {
      const ahead = await rawToken(t, { ...people.officer, iat: now() + 120, exp: now() + 3600 });
      expect((await createPlan(ahead).expect(401)).body.message).toMatch(/"iat" claim/);
      const skewed = await rawToken(t, { ...people.officer, iat: now() + 30, exp: now() + 3600 });
      await createPlan(skewed).expect(201);
    });

    it.each([
      ['a lone surrogate in "name"', { name: 'Anna \ud800 Officer' }, /"name" claim contains a lone surrogate/],
      ['only zero-width spaces in "name"', { name: '\u200b\u200b\u200b' }, /"name" claim holds only invisible characters/],
      ['only invisible characters in "sub"', { sub: '\u2060\u200d' }, /"sub" claim holds only invisible characters/],
      ['a 150-character "org" (the column holds 100)', { org: 'o'.repeat(150) }, /"org" claim is longer than 100 characters/],
    ])('refuses %s with 401', async (_name, claims, message) => {
      const token = await t.token({ ...people.officer, ...claims });
      const res = await createPlan(token).expect(401);
      expect(res.body.message).toMatch(message);
    });

    it('takes an "org" as long as its column, on both drivers', async () => {
      const org = 'o'.repeat(100);
      const res = await createPlan(await t.token({ ...people.officer, org })).expect(201);
      expect(res.body.organisation).toBe(org);
    });

    it('stores claims in NFC: a decomposed name is stored composed', async () => {
      const res = await createPlan(await t.token({ ...people.officer, sub: 'officer-amelie', name: 'Ame\u0301lie Officer' })).expect(201);
      expect(res.body.owner).toEqual({ id: 'officer-amelie', name: 'Am\u00e9lie Officer' });
    });
  });

  // ---------------------------------------------------------------- body strings and currency

  describe('body strings', () => {
    it.each([
      ['a title of zero-width spaces', { title: '\u200b\u200b\u200b' }, /title: must not consist of invisible characters only/],
      ['a title of a zero-width space and blanks', { title: ' \u200b\u2060 ' }, /title: must not consist of invisible characters only/],
      ['a lone surrogate in the title', { title: 'Laptops \udc00 for schools' }, /title: must not contain lone surrogates/],
      ['a lone surrogate in the description', { description: '\ud83d' }, /description: must not contain lone surrogates/],
    ])('refuses %s with 400', async (_name, fields, message) => {
      const res = await createPlan(tokens.officer, newPlan(fields)).expect(400);
      expect(res.body.message).toMatch(message);
    });

    it('stores body text in NFC', async () => {
      const res = await createPlan(tokens.officer, newPlan({ title: 'Cafe\u0301 chairs' })).expect(201);
      expect(res.body.title).toBe('Caf\u00e9 chairs');
    });

    it.each(['eur', 'Eur', 'XYZ'])('refuses the currency %s on create, update and life-cycle cost with 400', async (currency) => {
      expect((await createPlan(tokens.officer, newPlan({ estimatedValue: { amount: 1000, currency } })).expect(400)).body.message).toMatch(/currency/);
      const planId = (await must(createPlan(tokens.officer), 201)).id as string;
      const patch = await t
        .http()
        .patch(`/procurements/${planId}`)
        .set('Authorization', bearer(tokens.officer))
        .send({ estimatedValue: { amount: 1000, currency } });
      expect(patch.status).toBe(400);
      const lcc = await t
        .http()
        .put(`/procurements/${planId}/life-cycle-cost`)
        .set('Authorization', bearer(tokens.officer))
        .send({ currency, years: 5, discountRatePercent: 4, carbonPricePerTonne: 100, method: 'NPV.', tendererData: ['Price'], options: [] });
      expect({ status: lcc.status, message: lcc.body.message }).toEqual({ status: 400, message: expect.stringMatching(/currency/) });
    });
  });

  // ---------------------------------------------------------------- business ids

  describe('business ids', () => {
    let dialogue: DialogueFixture;

    beforeAll(async () => {
      dialogue = await planInDialogue(t, tokens);
    });

    it.each([
      ['full-width digits', '\uff11\uff11\uff11\uff11\uff11\uff11\uff11-\uff11'],
      ['a zero-width space', '1111111-1\u200b'],
      ['blanks around it', ' 1111111-1 '],
    ])('treats a business id with %s as the business it looks like', async (_name, businessId) => {
      const lookAlike = await t.token({ ...suppliers.a, sub: `look-alike-${randomUUID()}`, businessId });
      const res = await t
        .http()
        .post(`/procurements/${dialogue.planId}/dialogue/registrations`)
        .set('Authorization', bearer(lookAlike))
        .send(registrationOf('Aurora Look-alike Oy', true))
        .expect(409);
      expect(res.body.message).toBe(`Business ${suppliers.a.businessId} has already registered interest in this plan.`);
    });
  });

  // ---------------------------------------------------------------- cursors

  describe('cursors', () => {
    let dialogue: DialogueFixture;
    beforeAll(async () => {
      dialogue = await planInDialogue(t, tokens);
    });

    const dated = { at: IMPOSSIBLE, id: randomUUID() };
    const sorted = { s: 'createdAt', o: 'desc', ...dated };
    const ROUTES: Array<[string, () => string, keyof typeof tokens]> = [
      ['GET /procurements', () => `/procurements?sort=createdAt&order=desc&cursor=${cursorOf(sorted)}`, 'officer'],
      ['GET /portfolio/plans', () => `/portfolio/plans?sort=createdAt&order=desc&cursor=${cursorOf(sorted)}`, 'manager'],
      ['GET /ocds/releases', () => `/ocds/releases?cursor=${cursorOf(dated)}`, 'officer'],
      ['GET /dialogue/open-plans', () => `/dialogue/open-plans?cursor=${cursorOf(dated)}`, 'supplier'],
      [
        'GET …/questions',
        () => `/procurements/${dialogue.planId}/dialogue/rounds/${dialogue.rounds.rfi}/questions?cursor=${cursorOf({ askedAt: IMPOSSIBLE, id: dated.id })}`,
        'officer',
      ],
      ['GET …/history', () => `/procurements/${dialogue.planId}/history?cursor=${cursorOf({ seq: 1, at: IMPOSSIBLE })}`, 'officer'],
    ];

    it.each(ROUTES)('%s refuses a cursor with an impossible date (or a field it never wrote) with 400', async (_route, path, who) => {
      const res = await t.http().get(path()).set('Authorization', bearer(tokens[who]));
      expect({ status: res.status, message: res.body.message }).toEqual({ status: 400, message: 'cursor: is not a cursor this list returned.' });
    });
  });

  // ---------------------------------------------------------------- visibility

  describe('visibility', () => {
    let dialogue: DialogueFixture;
    beforeAll(async () => {
      dialogue = await planInDialogue(t, tokens);
    });

    const get = (token: string, suffix: string) => t.http().get(`/procurements/${dialogue.planId}/dialogue${suffix}`).set('Authorization', bearer(token));

    it('shows a platform admin the dialogue as counts: no registrations, contacts or askers', async () => {
      const res = await get(tokens.admin, '').expect(200);
      expect(res.body.counts).toMatchObject({ registeredSuppliers: 2, questions: 1 });
      for (const key of ['registrations', 'noticeWaiver', 'registration', 'publishedAnswers']) expect(res.body).not.toHaveProperty(key);
      expect(JSON.stringify(res.body)).not.toMatch(/sales@|1111111-1|2222222-2/);
    });

    it.each([
      ['registrations', () => '/registrations'],
      ['responses', () => `/rounds/${dialogue.rounds.rfi}/responses`],
      ['questions', () => `/rounds/${dialogue.rounds.rfi}/questions`],
      ['comments', () => `/rounds/${dialogue.rounds.draft}/comments`],
      ['meetings', () => `/rounds/${dialogue.rounds.oneToOne}/meetings`],
    ])('refuses a platform admin the %s list with 403', async (_name, suffix) => {
      const res = await get(tokens.admin, suffix()).expect(403);
      expect(res.body.message).toMatch(/^Platform admins manage the platform, not buyers' dialogues/);
    });

    it.each([
      ['responses', () => `/rounds/${dialogue.rounds.rfi}/responses`],
      ['comments', () => `/rounds/${dialogue.rounds.draft}/comments`],
    ])('refuses a supplier that has not registered the %s list with 403', async (_name, suffix) => {
      const res = await get(tokens.unregistered, suffix()).expect(403);
      expect(res.body.message).toBe(`Register interest first: POST /procurements/${dialogue.planId}/dialogue/registrations.`);
    });
  });

  describe('a cancelled plan', () => {
    let dialogue: DialogueFixture;
    let cancelledAt: number;

    beforeAll(async () => {
      dialogue = await planInDialogue(t, tokens);
      const res = await must(
        t
          .http()
          .post(`/procurements/${dialogue.planId}/events`)
          .set('Authorization', bearer(tokens.officer))
          .send({ type: 'CANCEL', reason: 'The school merger was called off.' }),
        200,
      );
      expect(res.stage).toBe('cancelled');
      cancelledAt = Date.parse(res.stageEnteredAt as string);
    });

    it.each(['officer', 'supplier', 'manager'] as const)('reads its rounds as cancelled, with the time, to the %s', async (who) => {
      const rounds = (await t.http().get(`/procurements/${dialogue.planId}/dialogue/rounds`).set('Authorization', bearer(tokens[who])).expect(200))
        .body as Array<{ status: string; closedAt: string }>;
      expect(rounds).toHaveLength(4);
      for (const round of rounds) {
        expect(round.status).toBe('cancelled');
        expect(Date.parse(round.closedAt)).toBe(cancelledAt);
      }
      const one = await t
        .http()
        .get(`/procurements/${dialogue.planId}/dialogue/rounds/${dialogue.rounds.rfi}`)
        .set('Authorization', bearer(tokens[who]))
        .expect(200);
      expect(one.body).toMatchObject({ status: 'cancelled', closedAt: new Date(cancelledAt).toISOString() });
    });

    it('is no longer listed among the plans open for registration', async () => {
      for (const who of ['supplier', 'officer'] as const) {
        const res = await t.http().get('/dialogue/open-plans?limit=100').set('Authorization', bearer(tokens[who])).expect(200);
        expect((res.body.items as Array<{ planId: string }>).map((p) => p.planId)).not.toContain(dialogue.planId);
      }
    });
  });

  describe('open plans', () => {
    it("shows a supplier the published notice's title, not the buyer's working title", async () => {
      const dialogue = await planInDialogue(t, tokens);
      const items = (await t.http().get('/dialogue/open-plans?limit=100').set('Authorization', bearer(tokens.supplier)).expect(200)).body.items as Array<
        Record<string, unknown>
      >;
      const item = items.find((p) => p.planId === dialogue.planId);
      expect(item).toMatchObject({
        title: 'Market dialogue: refurbished laptops',
        registered: true,
        notice: expect.objectContaining({ title: 'Market dialogue: refurbished laptops' }),
      });
      expect(JSON.stringify(item)).not.toContain(newPlan().title);
    });
  });

  // ---------------------------------------------------------------- flooding

  describe('flooding', () => {
    let dialogue: DialogueFixture;
    const ask = (question: string) =>
      t
        .http()
        .post(`/procurements/${dialogue.planId}/dialogue/rounds/${dialogue.rounds.rfi}/questions`)
        .set('Authorization', bearer(tokens.supplier))
        .send({ question });

    beforeAll(async () => {
      dialogue = await planInDialogue(t, tokens);
    });

    it('refuses a question longer than DIALOGUE_MAX_QUESTION_LENGTH with 422 naming the limit', async () => {
      const res = await ask('Q'.repeat(201)).expect(422);
      expect(res.body.message).toBe('question: at most 200 characters (DIALOGUE_MAX_QUESTION_LENGTH).');
      await ask('Q'.repeat(200)).expect(201);
    });

    it('refuses a supplier more than DIALOGUE_MAX_QUESTIONS_PER_ROUND questions in one round with 429 naming the limit', async () => {
      await ask('Second question?').expect(201);
      await ask('Third question?').expect(201);
      const res = await ask('Fourth question?').expect(429);
      expect(res.body.message).toBe('A supplier may ask at most 3 questions in one round (DIALOGUE_MAX_QUESTIONS_PER_ROUND); you have asked 3.');
      // Another supplier has a budget of its own.
      await t
        .http()
        .post(`/procurements/${dialogue.planId}/dialogue/rounds/${dialogue.rounds.rfi}/questions`)
        .set('Authorization', bearer(tokens.otherSupplier))
        .send({ question: 'Is a pilot planned?' })
        .expect(201);
    });

    it("pages the officer's question list", async () => {
      const path = `/procurements/${dialogue.planId}/dialogue/rounds/${dialogue.rounds.rfi}/questions`;
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await t
          .http()
          .get(`${path}?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set('Authorization', bearer(tokens.officer))
          .expect(200);
        expect((res.body.all as unknown[]).length).toBeLessThanOrEqual(2);
        seen.push(...(res.body.all as Array<{ id: string }>).map((q) => q.id));
        cursor = res.body.nextCursor as string | null;
        pages++;
      } while (cursor);
      // The fixture's question, the supplier's three, the other supplier's second.
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(5);
    });
  });
});

describe('Hardening: rate limits keyed by verified identity', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_WRITES_PER_MINUTE: '3', RATE_LIMIT_READS_PER_MINUTE: '5' } });
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  const list = (authorization?: string) => {
    const req = t.http().get('/procurements');
    return authorization ? req.set('Authorization', authorization) : req;
  };

  it('gives the four spellings of one signature, and a second token of the same person, one read budget', async () => {
    const token = await t.token(people.manager);
    const spellings = signatureSpellings(token);
    expect(new Set(spellings).size).toBe(4);
    for (const spelling of spellings) await list(bearer(spelling)).expect(200);
    await list(bearer(await t.token(people.manager, '2h'))).expect(200);
    const res = await list(bearer(token)).expect(429);
    expect(res.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'rateLimit.reads',
      message: expect.stringMatching(/^At most 5 read requests a minute are accepted; retry in \d+ s\.$/),
      params: { max: 5, seconds: expect.any(Number) },
    });
  });

  it('gives writes a budget of their own, shared by every token of one person', async () => {
    const tokens = await Promise.all([1, 2, 3, 4].map((i) => t.token(people.officer, `${i}h`)));
    for (const token of tokens.slice(0, 3)) await t.http().post('/procurements').set('Authorization', bearer(token)).send(newPlan()).expect(201);
    const res = await t.http().post('/procurements').set('Authorization', bearer(tokens[3])).send(newPlan()).expect(429);
    expect(res.body.message).toMatch(/^At most 3 write requests a minute are accepted/);
    // Reads are counted apart, and another person is not affected.
    await list(bearer(tokens[0])).expect(200);
    await t
      .http()
      .post('/procurements')
      .set('Authorization', bearer(await t.token(people.secondOfficer)))
      .send(newPlan())
      .expect(201);
  });

  it('keys tokens that do not verify by address: invented identities get no budgets of their own', async () => {
    const forged = new TextEncoder().encode('an-attacker-secret-that-is-long-enough-0123456789');
    const invented = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        new SignJWT({ sub: `invented-${i}`, role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(forged),
      ),
    );
    for (const token of invented) await list(bearer(token)).expect(401);
    // The address's read budget is spent: even without a token the next read is refused.
    await list().expect(429);
    // Health probes come from one address without a token, and are never throttled.
    for (let i = 0; i < 3; i++) await t.http().get('/health/live').expect(200);
  });
});
