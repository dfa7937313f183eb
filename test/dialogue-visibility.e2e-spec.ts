import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { ManualClock } from '../src/common/clock';
import { CATALOGUES } from '../src/i18n/catalogue';
import { createTestApp, type TestApp } from './support/create-test-app';
import { DAY, dialogueState, periods, registrationOf, RFI_QUESTIONNAIRE, suppliers } from './support/dialogue';
import { DIGIGREEN_WALK, newPlan, people } from './support/factories';

const HOUR = 60 * 60 * 1000;

/**
 * The visibility matrix of the market dialogue: every dialogue route × every kind of caller, with the
 * status and the content each one must get. A supplier sees the notice, published Q&A, shared material,
 * the summary and only its own registration, responses, questions and comments; officers of the owning
 * organisation see everything; managers see counts; nobody from another organisation sees anything.
 */

// ------------------------------------------------------------------ the routes and the personas

/** Every dialogue route, relative to /procurements/:id. The OpenAPI guard below fails when the controller gains one. */
const ROUTES = [
  'GET /dialogue',
  'GET /dialogue/registrations',
  'GET /dialogue/rounds',
  'GET /dialogue/rounds/:roundId',
  'GET /dialogue/rounds/:roundId/responses',
  'GET /dialogue/rounds/:roundId/questions',
  'GET /dialogue/rounds/:roundId/comments',
  'GET /dialogue/rounds/:roundId/meetings',
  'POST /dialogue/registrations',
  'PATCH /dialogue/registration',
  'POST /dialogue/rounds',
  'PATCH /dialogue/rounds/:roundId',
  'PUT /dialogue/rounds/:roundId/response',
  'POST /dialogue/rounds/:roundId/questions',
  'POST /dialogue/rounds/:roundId/answers',
  'POST /dialogue/rounds/:roundId/comments',
  'POST /dialogue/rounds/:roundId/meetings',
  'PUT /dialogue/rounds/:roundId/meetings/booking',
  'DELETE /dialogue/rounds/:roundId/meetings/booking',
  'POST /dialogue/rounds/:roundId/meetings/:meetingId/minutes',
] as const;
type Route = (typeof ROUTES)[number];
type ReadRoute = Extract<Route, `GET ${string}`>;
type WriteRoute = Exclude<Route, ReadRoute>;

const PERSONAS = ['owner', 'otherOrg', 'a', 'b', 'manager', 'anonymous'] as const;
type Persona = (typeof PERSONAS)[number];
const PERSONA_LABEL: Record<Persona, string> = {
  owner: 'owning officer',
  otherOrg: "other organisation's officer",
  a: 'supplier A',
  b: 'supplier B',
  manager: 'manager',
  anonymous: 'no token',
};

type RoundName = 'rfi' | 'oneToOne' | 'draft' | 'spare';
/** Which of the fixture's rounds a route's :roundId names. */
const ROUND_OF: Partial<Record<Route, RoundName>> = {
  'GET /dialogue/rounds/:roundId': 'rfi',
  'GET /dialogue/rounds/:roundId/responses': 'rfi',
  'GET /dialogue/rounds/:roundId/questions': 'rfi',
  'GET /dialogue/rounds/:roundId/comments': 'draft',
  'GET /dialogue/rounds/:roundId/meetings': 'oneToOne',
  'PATCH /dialogue/rounds/:roundId': 'draft',
  'PUT /dialogue/rounds/:roundId/response': 'rfi',
  'POST /dialogue/rounds/:roundId/questions': 'rfi',
  'POST /dialogue/rounds/:roundId/answers': 'rfi',
  'POST /dialogue/rounds/:roundId/comments': 'draft',
  'POST /dialogue/rounds/:roundId/meetings': 'spare',
  'PUT /dialogue/rounds/:roundId/meetings/booking': 'spare',
  'DELETE /dialogue/rounds/:roundId/meetings/booking': 'spare',
  'POST /dialogue/rounds/:roundId/meetings/:meetingId/minutes': 'oneToOne',
};

// ------------------------------------------------------------------ what only some may see

const A_ID = suppliers.a.businessId;
const B_ID = suppliers.b.businessId;
const A_SECRET = 'A-SECRET-MARKER';
const B_RESPONSE = 'B-RESPONSE-MARKER';
const A_OPEN_QUESTION = 'A-OPEN-QUESTION-MARKER';
const B_OPEN_QUESTION = 'B-OPEN-QUESTION-MARKER';
const A_COMMENT = 'A-COMMENT-MARKER';
const B_COMMENT = 'B-COMMENT-MARKER';
const MINUTES = 'MINUTES-MARKER';
const A_NAME = 'Aurora Refurb Oy';
const B_NAME = 'Borealis IT Ab';
/** Published to every registered supplier: not secret, but askers stay anonymous. */
const PUBLISHED_QUESTION = 'May devices come from several manufacturers?';
const PUBLISHED_ANSWER = 'Yes: several manufacturers are accepted.';
const SHARED_TITLE = 'Battery test protocol';
/** B's question that the matrix's answer row publishes. */
const B_PLAIN_QUESTION = 'Will the contract include maintenance?';
const MATRIX_ANSWER = 'Yes: maintenance for the whole contract period.';
const SUMMARY_INPUT_USE = 'Warranty and battery-health criteria added to the technical specification.';

const PRIVATE_TO_A = [A_ID, A_NAME, A_SECRET, A_OPEN_QUESTION, A_COMMENT];
const PRIVATE_TO_B = [B_ID, B_NAME, B_RESPONSE, B_OPEN_QUESTION, B_COMMENT];
const BUYER_ONLY = [MINUTES];
const EVERY_SECRET = [...PRIVATE_TO_A, ...PRIVATE_TO_B, ...BUYER_ONLY];
/** Strings a persona must never receive, in any body, on any route. */
const NEVER_SHOWN: Record<Persona, string[]> = {
  owner: [],
  otherOrg: EVERY_SECRET,
  a: [...PRIVATE_TO_B, ...BUYER_ONLY],
  b: [...PRIVATE_TO_A, ...BUYER_ONLY],
  manager: EVERY_SECRET,
  anonymous: EVERY_SECRET,
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
};

// ------------------------------------------------------------------ expected outcomes

/** Everything the fixture created, filled in by beforeAll. */
interface Fixture {
  planId: string;
  rounds: Record<RoundName, string>;
  draftClosesAt: string;
  questions: { aPublished: string; aOpen: string; bOpen: string; bPlain: string };
  meetings: { a: string; b: string };
  /** The oneToOne round's slots A and B booked; the spare round's slots once the matrix offers them. */
  slots: { a: string; b: string; spare: string[] };
  now: () => Date;
}

interface Outcome {
  status: number;
  /** 4xx: what the message must say. */
  message?: RegExp;
  /** 2xx: what the body must hold. */
  content?: (body: unknown, f: Fixture) => void;
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ok = (status: number, content: Outcome['content']): Outcome => ({ status, content });
const noToken: Outcome = { status: 401, message: /^An Authorization: Bearer <token> header is required\.$/ };
const hidden: Outcome = { status: 404, message: /^Procurement plan [0-9a-f-]{36} does not exist\.$/ };
const countsOnly: Outcome = { status: 403, message: new RegExp(`^${literal(CATALOGUES.en['dialogue.managersSeeCounts'])}$`) };
const onlyFor = (role: 'officer' | 'supplier', caller: Persona): Outcome => ({
  status: 403,
  message: new RegExp(
    `^This route is for ${role}; your role is ${caller === 'manager' ? 'manager' : caller === 'a' || caller === 'b' ? 'supplier' : 'officer'}\\.$`,
  ),
});
const alreadyRegistered = (who: 'a' | 'b'): Outcome => ({
  status: 409,
  message: new RegExp(`^Business ${literal(suppliers[who].businessId)} has already registered interest in this plan\\.$`),
});

/** A route only officers of the owning organisation may use. */
const officerWrite = (content: Outcome['content']): Record<Persona, Outcome> => ({
  owner: ok(201, content),
  otherOrg: hidden,
  a: onlyFor('officer', 'a'),
  b: onlyFor('officer', 'b'),
  manager: onlyFor('officer', 'manager'),
  anonymous: noToken,
});

/** A route only suppliers may use (the role check comes first, so another organisation's officer gets 403). */
const supplierWrite = (a: Outcome, b: Outcome): Record<Persona, Outcome> => ({
  owner: onlyFor('supplier', 'owner'),
  otherOrg: onlyFor('supplier', 'otherOrg'),
  a,
  b,
  manager: onlyFor('supplier', 'manager'),
  anonymous: noToken,
});

const list = <T>(body: unknown) => body as T[];
const obj = <T>(body: unknown) => body as T;

interface PublishedAnswer {
  text: string;
  questions: Array<{ id: string; question: string; askedBy: string }>;
}

/** Published Q&A as every registered supplier and officer sees it: the asker only as a pseudonym. */
function expectPublishedQa(published: unknown, f: Fixture) {
  expect(published).toEqual([
    expect.objectContaining({
      kind: 'answer',
      text: PUBLISHED_ANSWER,
      questions: [
        { id: f.questions.aPublished, question: PUBLISHED_QUESTION, askedBy: expect.stringMatching(/^anon-[0-9a-f]{16}$/), askedAt: expect.any(String) },
      ],
    }),
  ]);
  for (const answer of list<PublishedAnswer>(published)) {
    expect(answer).not.toHaveProperty('businessId');
    for (const q of answer.questions) expect(Object.keys(q).sort()).toEqual(['askedAt', 'askedBy', 'id', 'question']);
  }
}

/** The fixture's counts: meetingsOffered is 2 (A's held meeting and B's offer). */
const EXPECTED_COUNTS = {
  registeredSuppliers: 2,
  smeSuppliers: 1,
  rounds: 4,
  responses: 2,
  questions: 4,
  unansweredQuestions: 3,
  draftComments: 2,
  meetingsOffered: 2,
  meetingsHeld: 1,
};

function supplierOverview(me: 'a' | 'b') {
  return (body: unknown, f: Fixture) => {
    expect(body).toMatchObject({
      planId: f.planId,
      notice: { title: 'Market dialogue: refurbished laptops' },
      summary: { inputUse: SUMMARY_INPUT_USE },
      registration: { businessId: suppliers[me].businessId, name: me === 'a' ? A_NAME : B_NAME },
      sharedMaterial: [expect.objectContaining({ roundId: f.rounds.oneToOne, title: SHARED_TITLE })],
    });
    expect(list<unknown>(obj<{ rounds: unknown }>(body).rounds)).toHaveLength(4);
    expectPublishedQa(obj<{ publishedAnswers: unknown }>(body).publishedAnswers, f);
    for (const key of ['counts', 'registrations', 'responses', 'noticeWaiver']) expect(body).not.toHaveProperty(key);
  };
}

function roundsList(body: unknown, f: Fixture) {
  expect(
    list<{ id: string }>(body)
      .map((r) => r.id)
      .sort(),
  ).toEqual(Object.values(f.rounds).sort());
  expect(list<{ status: string }>(body).every((r) => r.status === 'open')).toBe(true);
}

function rfiRound(body: unknown, f: Fixture) {
  expect(body).toMatchObject({ id: f.rounds.rfi, type: 'rfi', status: 'open', questionnaire: RFI_QUESTIONNAIRE });
}

const READS: Record<ReadRoute, Record<Persona, Outcome>> = {
  'GET /dialogue': {
    owner: ok(200, (body, f) => {
      expect(body).toMatchObject({
        planId: f.planId,
        notice: { title: 'Market dialogue: refurbished laptops' },
        summary: { inputUse: SUMMARY_INPUT_USE },
        counts: EXPECTED_COUNTS,
      });
      const registrations = list<{ businessId: string; contact: { email: string } }>(obj<{ registrations: unknown }>(body).registrations);
      expect(registrations.map((r) => r.businessId)).toEqual([A_ID, B_ID]);
      expect(registrations.every((r) => r.contact.email.includes('@'))).toBe(true);
    }),
    otherOrg: hidden,
    a: ok(200, supplierOverview('a')),
    b: ok(200, supplierOverview('b')),
    manager: ok(200, (body, f) => {
      expect(body).toMatchObject({ planId: f.planId, notice: { title: 'Market dialogue: refurbished laptops' }, counts: EXPECTED_COUNTS });
      for (const key of ['registrations', 'responses', 'registration', 'publishedAnswers', 'sharedMaterial']) expect(body).not.toHaveProperty(key);
    }),
    anonymous: noToken,
  },
  'GET /dialogue/registrations': {
    owner: ok(200, (body) => {
      expect(body).toEqual([
        expect.objectContaining({ businessId: A_ID, name: A_NAME, sme: true, contact: expect.objectContaining({ email: expect.any(String) }) }),
        expect.objectContaining({ businessId: B_ID, name: B_NAME, sme: false }),
      ]);
    }),
    otherOrg: hidden,
    a: ok(200, (body) => expect(body).toEqual([expect.objectContaining({ businessId: A_ID, name: A_NAME })])),
    b: ok(200, (body) => expect(body).toEqual([expect.objectContaining({ businessId: B_ID, name: B_NAME })])),
    manager: countsOnly,
    anonymous: noToken,
  },
  'GET /dialogue/rounds': {
    owner: ok(200, roundsList),
    otherOrg: hidden,
    a: ok(200, roundsList),
    b: ok(200, roundsList),
    manager: ok(200, roundsList),
    anonymous: noToken,
  },
  'GET /dialogue/rounds/:roundId': {
    owner: ok(200, rfiRound),
    otherOrg: hidden,
    a: ok(200, rfiRound),
    b: ok(200, rfiRound),
    manager: ok(200, rfiRound),
    anonymous: noToken,
  },
  'GET /dialogue/rounds/:roundId/responses': {
    owner: ok(200, (body) => {
      expect(body).toEqual([
        expect.objectContaining({
          businessId: A_ID,
          latest: expect.objectContaining({
            version: 1,
            answers: expect.arrayContaining([expect.objectContaining({ value: expect.stringContaining(A_SECRET), confidentiality: 'buyerOnly' })]),
          }),
        }),
        expect.objectContaining({
          businessId: B_ID,
          latest: expect.objectContaining({
            version: 1,
            answers: expect.arrayContaining([expect.objectContaining({ value: expect.stringContaining(B_RESPONSE), confidentiality: 'public' })]),
          }),
        }),
      ]);
    }),
    otherOrg: hidden,
    a: ok(200, (body) => {
      expect(body).toEqual([expect.objectContaining({ businessId: A_ID, versions: [expect.objectContaining({ version: 1 })] })]);
      expect(JSON.stringify(body)).toContain(A_SECRET);
    }),
    b: ok(200, (body) => {
      expect(body).toEqual([expect.objectContaining({ businessId: B_ID, versions: [expect.objectContaining({ version: 1 })] })]);
      expect(JSON.stringify(body)).toContain(B_RESPONSE);
    }),
    manager: countsOnly,
    anonymous: noToken,
  },
  'GET /dialogue/rounds/:roundId/questions': {
    owner: ok(200, (body, f) => {
      const { published, all } = obj<{ published: unknown; all: Array<{ id: string; businessId: string; askedBy: string; answered: boolean }> }>(body);
      expectPublishedQa(published, f);
      expect(all.map((q) => [q.id, q.businessId, q.answered])).toEqual([
        [f.questions.aPublished, A_ID, true],
        [f.questions.aOpen, A_ID, false],
        [f.questions.bOpen, B_ID, false],
        [f.questions.bPlain, B_ID, false],
      ]);
      expect(all.every((q) => /^anon-[0-9a-f]{16}$/.test(q.askedBy))).toBe(true);
      expect(body).not.toHaveProperty('mine');
    }),
    otherOrg: hidden,
    a: ok(200, (body, f) => {
      const { published, mine } = obj<{ published: unknown; mine: Array<{ id: string; question: string; answered: boolean }> }>(body);
      expectPublishedQa(published, f);
      expect(mine.map((q) => [q.id, q.answered])).toEqual([
        [f.questions.aPublished, true],
        [f.questions.aOpen, false],
      ]);
      expect(mine[1].question).toContain(A_OPEN_QUESTION);
      expect(body).not.toHaveProperty('all');
    }),
    b: ok(200, (body, f) => {
      const { published, mine } = obj<{ published: unknown; mine: Array<{ id: string; question: string }> }>(body);
      expectPublishedQa(published, f);
      expect(mine).toEqual([
        expect.objectContaining({ id: f.questions.bOpen, question: expect.stringContaining(B_OPEN_QUESTION), answered: false }),
        expect.objectContaining({ id: f.questions.bPlain, question: B_PLAIN_QUESTION, answered: false }),
      ]);
      expect(body).not.toHaveProperty('all');
    }),
    manager: countsOnly,
    anonymous: noToken,
  },
  'GET /dialogue/rounds/:roundId/comments': {
    owner: ok(200, (body) => {
      expect(body).toEqual([
        expect.objectContaining({ businessId: A_ID, itemId: 'award-1', comment: expect.stringContaining(A_COMMENT), confidentiality: 'buyerOnly' }),
        expect.objectContaining({ businessId: B_ID, itemId: 'award-1', comment: expect.stringContaining(B_COMMENT), confidentiality: 'public' }),
      ]);
    }),
    otherOrg: hidden,
    a: ok(200, (body) =>
      expect(body).toEqual([expect.objectContaining({ businessId: A_ID, comment: expect.stringContaining(A_COMMENT), confidentiality: 'buyerOnly' })]),
    ),
    b: ok(200, (body) => expect(body).toEqual([expect.objectContaining({ businessId: B_ID, comment: expect.stringContaining(B_COMMENT) })])),
    manager: countsOnly,
    anonymous: noToken,
  },
  'GET /dialogue/rounds/:roundId/meetings': {
    owner: ok(200, (body, f) => {
      expect(body).toEqual({
        durationMinutes: 45,
        slots: [
          expect.objectContaining({ id: f.slots.a, booking: expect.objectContaining({ meetingId: f.meetings.a, businessId: A_ID, name: A_NAME }) }),
          expect.objectContaining({ id: f.slots.b, booking: expect.objectContaining({ meetingId: f.meetings.b, businessId: B_ID, name: B_NAME }) }),
        ],
        all: expect.arrayContaining([
          expect.objectContaining({
            id: f.meetings.a,
            businessId: A_ID,
            slotId: f.slots.a,
            minutes: expect.stringContaining(MINUTES),
            sharedMaterial: [expect.objectContaining({ title: SHARED_TITLE })],
          }),
          expect.objectContaining({ id: f.meetings.b, businessId: B_ID, slotId: f.slots.b, heldAt: null, minutes: null }),
        ]),
      });
    }),
    otherOrg: hidden,
    a: ok(200, (body, f) => {
      expect(body).toEqual({
        durationMinutes: 45,
        freeSlots: [],
        mine: [expect.objectContaining({ id: f.meetings.a, slotId: f.slots.a, heldAt: expect.any(String) })],
        sharedMaterial: [expect.objectContaining({ roundId: f.rounds.oneToOne, title: SHARED_TITLE })],
      });
      expect(obj<{ mine: object[] }>(body).mine[0]).not.toHaveProperty('minutes');
    }),
    b: ok(200, (body, f) => {
      expect(body).toEqual({
        durationMinutes: 45,
        freeSlots: [],
        mine: [expect.objectContaining({ id: f.meetings.b, slotId: f.slots.b, heldAt: null })],
        sharedMaterial: [expect.objectContaining({ roundId: f.rounds.oneToOne, title: SHARED_TITLE })],
      });
      expect(obj<{ mine: object[] }>(body).mine[0]).not.toHaveProperty('minutes');
    }),
    manager: countsOnly,
    anonymous: noToken,
  },
};

const rfiAnswers = (warranty: string, buyerOnly: boolean) => [
  { questionId: 'warranty', value: warranty, ...(buyerOnly ? { confidentiality: 'buyerOnly', rationale: 'Our pricing model is a trade secret.' } : {}) },
  { questionId: 'batteryLife', value: 80 },
  { questionId: 'grade', value: 'A' },
  { questionId: 'takeBack', value: true },
];

interface WriteSpec {
  /** A fresh valid body; refused callers send the same one the allowed caller sends. */
  body: (persona: Persona, f: Fixture) => object | undefined;
  outcomes: Record<Persona, Outcome>;
}

/** In the order the rows run: each success leaves the fixture as the later rows need it. */
const WRITES: Record<WriteRoute, WriteSpec> = {
  'POST /dialogue/registrations': {
    body: () => registrationOf('Matrix Supplier Oy', true),
    // A and B pass the role check but are registered already; nobody else may register.
    outcomes: supplierWrite(alreadyRegistered('a'), alreadyRegistered('b')),
  },
  'PATCH /dialogue/registration': {
    body: () => ({ language: 'sv', reminders: false }),
    // Each supplier changes its own registration, and sees nobody else's.
    outcomes: supplierWrite(
      ok(200, (body) => expect(body).toEqual(expect.objectContaining({ businessId: A_ID, name: A_NAME, language: 'sv', reminders: false }))),
      ok(200, (body) => expect(body).toEqual(expect.objectContaining({ businessId: B_ID, name: B_NAME, language: 'sv', reminders: false }))),
    ),
  },
  'POST /dialogue/rounds': {
    body: (_p, f) => ({
      type: 'supplierDay',
      title: 'Supplier day',
      description: 'An open day for every registered supplier.',
      ...periods(f.now(), { questions: 2, clarifications: 3, closes: 4 }),
    }),
    outcomes: officerWrite((body) => expect(body).toMatchObject({ type: 'supplierDay', status: 'open', extensions: 0 })),
  },
  'PATCH /dialogue/rounds/:roundId': {
    body: (_p, f) => ({ closesAt: new Date(Date.parse(f.draftClosesAt) + DAY).toISOString() }),
    outcomes: {
      ...officerWrite(undefined),
      owner: ok(200, (body, f) =>
        expect(body).toMatchObject({ id: f.rounds.draft, closesAt: new Date(Date.parse(f.draftClosesAt) + DAY).toISOString(), extensions: 1 }),
      ),
    },
  },
  'PUT /dialogue/rounds/:roundId/response': {
    body: (p) => ({ answers: p === 'a' ? rfiAnswers(`${A_SECRET}: 48 months incl. battery`, true) : rfiAnswers(`${B_RESPONSE}: 36 months`, false) }),
    outcomes: supplierWrite(
      ok(200, (body) =>
        expect(body).toMatchObject({
          businessId: A_ID,
          version: 2,
          answers: [{ confidentiality: 'buyerOnly', value: `${A_SECRET}: 48 months incl. battery` }, {}, {}, {}],
        }),
      ),
      ok(200, (body) =>
        expect(body).toMatchObject({ businessId: B_ID, version: 2, answers: [{ confidentiality: 'public', value: `${B_RESPONSE}: 36 months` }, {}, {}, {}] }),
      ),
    ),
  },
  'POST /dialogue/rounds/:roundId/questions': {
    body: (p) => ({ question: `Is a framework agreement planned? (asked by ${p})` }),
    outcomes: supplierWrite(
      ok(201, (body) => {
        expect(body).toMatchObject({ question: 'Is a framework agreement planned? (asked by a)', answered: false, answerId: null });
        expect(body).not.toHaveProperty('businessId');
      }),
      ok(201, (body) => expect(body).toMatchObject({ question: 'Is a framework agreement planned? (asked by b)', answered: false })),
    ),
  },
  'POST /dialogue/rounds/:roundId/answers': {
    body: (_p, f) => ({ questionIds: [f.questions.bPlain], text: MATRIX_ANSWER }),
    outcomes: officerWrite((body, f) => {
      expect(body).toMatchObject({
        kind: 'answer',
        text: MATRIX_ANSWER,
        questions: [{ id: f.questions.bPlain, question: B_PLAIN_QUESTION, askedBy: expect.stringMatching(/^anon-/) }],
      });
      expect(JSON.stringify(body)).not.toContain(B_ID);
    }),
  },
  'POST /dialogue/rounds/:roundId/comments': {
    body: (p) => ({ itemId: 'award-1', comment: `Please weigh repairability too (supplier ${p}).` }),
    outcomes: supplierWrite(
      ok(201, (body) => expect(body).toMatchObject({ businessId: A_ID, itemId: 'award-1', confidentiality: 'public' })),
      ok(201, (body) => expect(body).toMatchObject({ businessId: B_ID, itemId: 'award-1', confidentiality: 'public' })),
    ),
  },
  'POST /dialogue/rounds/:roundId/meetings': {
    body: (_p, f) => ({ startsAt: [2 * DAY, 2 * DAY + HOUR].map((after) => new Date(f.now().getTime() + after).toISOString()), durationMinutes: 30 }),
    outcomes: officerWrite((body, f) => {
      const offered = list<{ roundId: string; businessId: string }>(obj<{ offered: unknown }>(body).offered);
      expect(offered.map((m) => [m.roundId, m.businessId]).sort()).toEqual([
        [f.rounds.spare, A_ID],
        [f.rounds.spare, B_ID],
      ]);
      f.slots.spare = list<{ id: string }>(obj<{ slots: unknown }>(body).slots).map((s) => s.id);
    }),
  },
  'PUT /dialogue/rounds/:roundId/meetings/booking': {
    body: (p, f) => ({ slotId: f.slots.spare[p === 'b' ? 1 : 0] ?? randomUUID() }),
    outcomes: supplierWrite(
      ok(200, (body, f) => expect(body).toMatchObject({ roundId: f.rounds.spare, slotId: f.slots.spare[0] })),
      ok(200, (body, f) => expect(body).toMatchObject({ roundId: f.rounds.spare, slotId: f.slots.spare[1] })),
    ),
  },
  'DELETE /dialogue/rounds/:roundId/meetings/booking': {
    body: () => undefined,
    outcomes: supplierWrite(
      ok(200, (body) => expect(body).toMatchObject({ slotId: null, declinedAt: expect.any(String) })),
      ok(200, (body) => expect(body).toMatchObject({ slotId: null, declinedAt: expect.any(String) })),
    ),
  },
  'POST /dialogue/rounds/:roundId/meetings/:meetingId/minutes': {
    body: () => ({
      minutes: 'Borealis presented its take-back logistics.',
      sharedMaterial: [{ title: 'Take-back flow chart', text: 'Collection, wiping, grading.' }],
    }),
    outcomes: officerWrite((body, f) => {
      expect(body).toMatchObject({
        id: f.meetings.b,
        businessId: B_ID,
        heldAt: f.now().toISOString(),
        sharedMaterial: [{ title: 'Take-back flow chart', url: null }],
      });
    }),
  },
};

interface MatrixRow {
  label: string;
  route: Route;
  persona: Persona;
  outcome: Outcome;
}

const rowsOf = (routes: Route[], outcomeOf: (route: Route, persona: Persona) => Outcome): MatrixRow[] =>
  routes.flatMap((route) =>
    PERSONAS.map((persona) => {
      const outcome = outcomeOf(route, persona);
      return { label: `${route} as ${PERSONA_LABEL[persona]} → ${outcome.status}`, route, persona, outcome };
    }),
  );

const READ_ROWS = rowsOf(Object.keys(READS) as ReadRoute[], (route, persona) => READS[route as ReadRoute][persona]);
const WRITE_ROWS = rowsOf(Object.keys(WRITES) as WriteRoute[], (route, persona) => WRITES[route as WriteRoute].outcomes[persona]);

// ------------------------------------------------------------------ the suite

describe('Market dialogue visibility matrix: every route × every kind of caller', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  const tokens = {} as Record<Exclude<Persona, 'anonymous'>, string>;
  const f = { rounds: {}, questions: {}, meetings: {}, slots: { spare: [] as string[] }, now: () => clock.now() } as Fixture;
  const tick = () => clock.advance(1000);

  /** Sends one request as one persona; `planId` defaults to the fixture's plan. */
  function call(route: Route, persona: Persona, body?: object, planId = f.planId) {
    const [method, template] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
    const round = ROUND_OF[route];
    const url = `/procurements/${planId}${template}`.replace(':roundId', round ? f.rounds[round] : '').replace(':meetingId', f.meetings.b);
    const http = t.http();
    const req =
      method === 'GET'
        ? http.get(url)
        : method === 'POST'
          ? http.post(url)
          : method === 'PUT'
            ? http.put(url)
            : method === 'DELETE'
              ? http.delete(url)
              : http.patch(url);
    if (persona !== 'anonymous') void req.set('Authorization', `Bearer ${tokens[persona]}`);
    return body === undefined ? req : req.send(body);
  }

  /** A step of the fixture that must succeed; its body is shown when it does not. */
  async function must(res: Promise<Response> | Response, status: number) {
    const done = await res;
    expect({ status: done.status, body: done.status === status ? undefined : done.body }).toEqual({ status, body: undefined });
    return done.body;
  }

  /** The status, the JSON error shape of a refusal or the content of a success, and no secret the persona may not see. */
  function expectOutcome(res: Response, row: MatrixRow) {
    const { outcome, persona } = row;
    expect({ status: res.status, body: res.status === outcome.status ? undefined : res.body }).toEqual({ status: outcome.status, body: undefined });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    if (outcome.status >= 400) {
      expect(res.body).toEqual({
        statusCode: outcome.status,
        error: REASON[outcome.status],
        code: expect.stringMatching(/^[a-z]+(\.[A-Za-z]+)*$/),
        message: expect.stringMatching(outcome.message ?? /./),
        params: expect.any(Object),
      });
    } else {
      expect(res.body).not.toHaveProperty('statusCode');
      outcome.content?.(res.body, f);
    }
    const text = JSON.stringify(res.body);
    for (const secret of NEVER_SHOWN[persona]) expect({ persona, leaked: text.includes(secret) ? secret : undefined }).toEqual({ persona, leaked: undefined });
  }

  /** Another organisation learns nothing: its answer is the one for a plan that does not exist. */
  async function expectSameAsMissingPlan(row: MatrixRow, res: Response, body?: object) {
    const missing = randomUUID();
    const other = await call(row.route, row.persona, body, missing);
    const params = res.body.params?.planId === f.planId ? { ...res.body.params, planId: missing } : res.body.params;
    expect({ status: other.status, body: other.body }).toEqual({
      status: res.status,
      body: { ...res.body, message: res.body.message.replace(f.planId, missing), params },
    });
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
    tokens.owner = await t.token(people.officer);
    tokens.otherOrg = await t.token(people.otherOrgOfficer);
    tokens.manager = await t.token(people.manager);
    tokens.a = await t.token(suppliers.a);
    tokens.b = await t.token(suppliers.b);
    const as = (persona: Exclude<Persona, 'anonymous'>) => `Bearer ${tokens[persona]}`;

    f.planId = (await must(t.http().post('/procurements').set('Authorization', as('owner')).send(newPlan()), 201)).id;
    for (const step of [...DIGIGREEN_WALK.slice(0, 6), DIGIGREEN_WALK[6]]) {
      await must(
        t
          .http()
          .post(`/procurements/${f.planId}/events`)
          .set('Authorization', as(step.by === 'manager' ? 'manager' : 'owner'))
          .send(step.event),
        200,
      );
    }
    const dialogue = (suffix: string) => `/procurements/${f.planId}/dialogue${suffix}`;
    const post = (persona: Exclude<Persona, 'anonymous'>, suffix: string, body: object) =>
      t.http().post(dialogue(suffix)).set('Authorization', as(persona)).send(body);

    await must(post('a', '/registrations', registrationOf(A_NAME, true)), 201);
    tick();
    await must(post('b', '/registrations', registrationOf(B_NAME, false)), 201);
    tick();

    const window = periods(clock.now(), { questions: 3, clarifications: 5, closes: 7 });
    const round = async (name: RoundName, body: object) => {
      f.rounds[name] = (await must(post('owner', '/rounds', { ...window, ...body }), 201)).id;
      tick();
    };
    await round('rfi', {
      type: 'rfi',
      title: 'RFI: refurbished laptops',
      description: 'Tell us what the market can deliver.',
      questionnaire: RFI_QUESTIONNAIRE,
    });
    await round('oneToOne', { type: 'oneToOne', title: 'One-to-one meetings', description: 'Forty-five minutes with each supplier.' });
    await round('draft', {
      type: 'draftConsultation',
      title: 'Draft award criteria',
      description: 'Comment on the draft criteria.',
      draftItems: [{ id: 'award-1', title: 'Award criterion: life-cycle CO2e', text: 'Points for lower life-cycle CO2e per device.' }],
    });
    await round('spare', { type: 'oneToOne', title: 'Follow-up meetings', description: 'A second meeting for those who want one.' });
    f.draftClosesAt = window.closesAt;

    await must(
      t
        .http()
        .put(dialogue(`/rounds/${f.rounds.rfi}/response`))
        .set('Authorization', as('a'))
        .send({ answers: rfiAnswers(`${A_SECRET}: 36 months`, true) }),
      200,
    );
    await must(
      t
        .http()
        .put(dialogue(`/rounds/${f.rounds.rfi}/response`))
        .set('Authorization', as('b'))
        .send({ answers: rfiAnswers(`${B_RESPONSE}: 24 months`, false) }),
      200,
    );
    tick();

    f.questions.aPublished = (await must(post('a', `/rounds/${f.rounds.rfi}/questions`, { question: PUBLISHED_QUESTION }), 201)).id;
    tick();
    f.questions.aOpen = (
      await must(post('a', `/rounds/${f.rounds.rfi}/questions`, { question: `${A_OPEN_QUESTION}: can we bid with our pricing model?` }), 201)
    ).id;
    tick();
    f.questions.bOpen = (await must(post('b', `/rounds/${f.rounds.rfi}/questions`, { question: `${B_OPEN_QUESTION}: may we bid as a consortium?` }), 201)).id;
    tick();
    f.questions.bPlain = (await must(post('b', `/rounds/${f.rounds.rfi}/questions`, { question: B_PLAIN_QUESTION }), 201)).id;
    tick();
    await must(post('owner', `/rounds/${f.rounds.rfi}/answers`, { questionIds: [f.questions.aPublished], text: PUBLISHED_ANSWER }), 201);
    tick();

    await must(
      post('a', `/rounds/${f.rounds.draft}/comments`, {
        itemId: 'award-1',
        comment: `${A_COMMENT}: our CO2e figures rely on a proprietary process.`,
        confidentiality: 'buyerOnly',
        rationale: 'The process is a trade secret.',
      }),
      201,
    );
    tick();
    await must(post('b', `/rounds/${f.rounds.draft}/comments`, { itemId: 'award-1', comment: `${B_COMMENT}: please use the PEF method.` }), 201);
    tick();

    const startsAt = [DAY, DAY + HOUR].map((after) => new Date(clock.now().getTime() + after).toISOString());
    const offered = await must(post('owner', `/rounds/${f.rounds.oneToOne}/meetings`, { startsAt, durationMinutes: 45 }), 201);
    const meetings = list<{ id: string; businessId: string }>(offered.offered);
    f.meetings.a = meetings.find((m) => m.businessId === A_ID)!.id;
    f.meetings.b = meetings.find((m) => m.businessId === B_ID)!.id;
    [f.slots.a, f.slots.b] = list<{ id: string }>(offered.slots).map((s) => s.id);
    const booking = dialogue(`/rounds/${f.rounds.oneToOne}/meetings/booking`);
    await must(t.http().put(booking).set('Authorization', as('a')).send({ slotId: f.slots.a }), 200);
    await must(t.http().put(booking).set('Authorization', as('b')).send({ slotId: f.slots.b }), 200);
    clock.advance(DAY + 2 * HOUR);
    await must(
      post('owner', `/rounds/${f.rounds.oneToOne}/meetings/${f.meetings.a}/minutes`, {
        minutes: `${MINUTES}: Aurora explained their battery refurbishment and its confidential pricing.`,
        sharedMaterial: [{ title: SHARED_TITLE, url: 'https://example.org/battery-protocol.pdf' }],
      }),
      201,
    );
    tick();
  });

  afterAll(async () => {
    await t?.close({ dropDatabase: true });
  });

  it('covers every dialogue route the API documents, each with all six personas', async () => {
    const doc = await t.http().get('/docs-json').expect(200);
    const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path === '/procurements/{id}/dialogue' || path.startsWith('/procurements/{id}/dialogue/'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    const listed = ROUTES.map((route) => route.replace(' /', ' /procurements/{id}/').replace(/:(\w+)/g, '{$1}')).sort();
    expect(listed).toEqual(documented);
    expect([...Object.keys(READS), ...Object.keys(WRITES)].sort()).toEqual([...ROUTES].sort());
    expect(READ_ROWS.length + WRITE_ROWS.length).toBe(ROUTES.length * PERSONAS.length);
  });

  describe('reads', () => {
    it.each(READ_ROWS)('$label', async (row) => {
      const res = await call(row.route, row.persona);
      expectOutcome(res, row);
      if (row.persona === 'otherOrg') await expectSameAsMissingPlan(row, res);
    });
  });

  it('counts every meeting offered, held or not, for officers and managers', async () => {
    for (const persona of ['owner', 'manager'] as const) {
      const res = await call('GET /dialogue', persona).expect(200);
      expect({ persona, counts: res.body.counts }).toEqual({ persona, counts: expect.objectContaining({ meetingsOffered: 2, meetingsHeld: 1 }) });
    }
  });

  // After the reads: the successful writes change what the reads above expect.
  describe('writes', () => {
    it.each(WRITE_ROWS)('$label', async (row) => {
      const body = WRITES[row.route as WriteRoute].body(row.persona, f);
      const before = await dialogueState(t, f.planId);
      const res = await call(row.route, row.persona, body);
      expectOutcome(res, row);
      const after = await dialogueState(t, f.planId);
      if (row.outcome.status >= 400) expect(after).toEqual(before);
      else expect(after).not.toEqual(before);
      if (row.persona === 'otherOrg') await expectSameAsMissingPlan(row, res, body);
      tick();
    });
  });

  it('still shows each supplier only its own material after every write', async () => {
    for (const persona of ['a', 'b'] as const) {
      for (const route of Object.keys(READS) as ReadRoute[]) {
        const res = await call(route, persona);
        expect({ route, status: res.status }).toEqual({ route, status: 200 });
        const text = JSON.stringify(res.body);
        for (const secret of NEVER_SHOWN[persona])
          expect({ route, persona, leaked: text.includes(secret) ? secret : undefined }).toEqual({ route, persona, leaked: undefined });
      }
    }
    const questions = await call('GET /dialogue/rounds/:roundId/questions', 'a');
    expect(list<PublishedAnswer>(questions.body.published).map((p) => p.text)).toEqual([PUBLISHED_ANSWER, MATRIX_ANSWER]);
    const meetings = await call('GET /dialogue/rounds/:roundId/meetings', 'a');
    expect(list<{ title: string }>(meetings.body.sharedMaterial).map((m) => m.title)).toEqual([SHARED_TITLE, 'Take-back flow chart']);
  });
});
