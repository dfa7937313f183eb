import { apiSchemas, arrayOf, boolean, instant, integer, nullable, nullableRef, number, object, page, ref, string, uuid, type SchemaObject } from '../common/openapi';

const confidentiality: SchemaObject = { type: 'string', enum: ['public', 'buyerOnly'] };

/**
 * What a supplier may answer to one RFI question: text, a number, an option, options (multiple
 * choice), yes or no, or a document reference, as the question's type asks.
 */
export const ANSWER_VALUE: SchemaObject = {
  description: 'text, singleChoice, documentRef: a string; number: a number; yesNo: a boolean; multiChoice: an array of options.',
  oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
};

/** What the views in dialogue.views.ts and the dialogue's services return, as OpenAPI schemas. */
export const DIALOGUE_SCHEMAS = apiSchemas({
  EngagementNotice: object({ title: string, description: string, process: string, plannedStart: string, plannedEnd: string, publishedAt: instant }, [
    'plannedStart',
    'plannedEnd',
  ]),
  DialogueSummary: object({ summary: string, inputUse: string, publishedAt: instant }, ['inputUse']),
  Question: object(
    {
      id: string,
      text: string,
      type: { type: 'string', enum: ['text', 'number', 'singleChoice', 'multiChoice', 'yesNo', 'documentRef'] },
      mandatory: boolean,
      maxLength: integer,
      unit: string,
      min: number,
      max: number,
      options: arrayOf(string),
    },
    ['maxLength', 'unit', 'min', 'max', 'options'],
  ),
  Round: object({
    id: uuid,
    type: { type: 'string', enum: ['rfi', 'supplierDay', 'oneToOne', 'draftConsultation'] },
    title: string,
    description: string,
    status: { type: 'string', enum: ['scheduled', 'open', 'closed', 'cancelled'] },
    opensAt: instant,
    questionsUntil: instant,
    clarificationsUntil: instant,
    closesAt: instant,
    closedAt: nullable(instant),
    extensions: integer,
    questionnaire: arrayOf(ref('Question')),
    draftItems: arrayOf(object({ id: string, title: string, text: string })),
  }),
  Registration: object({
    id: uuid,
    businessId: string,
    name: string,
    contact: object({ name: string, email: string, phone: nullable(string) }),
    sme: boolean,
    language: { type: 'string', enum: ['fi', 'sv', 'en'], description: "The language of the supplier's e-mails." },
    reminders: { ...boolean, description: 'Whether the supplier is reminded before a round closes.' },
    registeredAt: instant,
  }),
  ResponseVersion: object({
    id: uuid,
    roundId: uuid,
    businessId: string,
    version: integer,
    answers: arrayOf(object({ questionId: string, value: ANSWER_VALUE, confidentiality, rationale: nullable(string) }, ['confidentiality', 'rationale'])),
    submittedAt: instant,
  }),
  SupplierResponses: object({ businessId: string, latest: ref('ResponseVersion'), versions: arrayOf(ref('ResponseVersion')) }),
  OwnQuestion: object({ id: uuid, roundId: uuid, question: string, askedAt: instant, answered: boolean, answerId: nullable(uuid) }),
  OfficerQuestion: {
    allOf: [ref('OwnQuestion'), object({ businessId: string, askedBy: { ...string, description: 'The asker’s pseudonym within the plan.' } })],
  },
  PublishedAnswer: object({
    id: uuid,
    roundId: uuid,
    kind: { type: 'string', enum: ['answer', 'dismissal'] },
    text: string,
    publishedAt: instant,
    questions: arrayOf(object({ id: uuid, question: string, askedBy: string, askedAt: instant })),
  }),
  Questions: {
    description: 'Suppliers: `published` and `mine`; officers: `published`, `all` a page at a time and `nextCursor`.',
    ...object({ published: arrayOf(ref('PublishedAnswer')), mine: arrayOf(ref('OwnQuestion')), all: arrayOf(ref('OfficerQuestion')), nextCursor: nullable(string) }, [
      'mine',
      'all',
      'nextCursor',
    ]),
  },
  DraftComment: object({
    id: uuid,
    roundId: uuid,
    businessId: string,
    itemId: string,
    comment: string,
    confidentiality,
    rationale: nullable(string),
    submittedAt: instant,
  }),
  MeetingSlot: object({
    id: uuid,
    startsAt: instant,
    endsAt: instant,
    durationMinutes: integer,
    booking: {
      ...object({ meetingId: uuid, businessId: string, name: nullable(string), bookedAt: instant }),
      nullable: true,
      description: 'The supplier that booked the slot; null while it is free.',
    },
  }),
  FreeSlot: object({ id: uuid, startsAt: instant, endsAt: instant, durationMinutes: integer }),
  Meeting: object({
    id: uuid,
    roundId: uuid,
    businessId: string,
    name: nullable(string),
    durationMinutes: integer,
    offeredAt: instant,
    slotId: { ...nullable(uuid), description: 'The booked slot; null until the supplier books one (or after it declined).' },
    startsAt: nullable(instant),
    endsAt: nullable(instant),
    bookedAt: nullable(instant),
    declinedAt: nullable(instant),
    heldAt: nullable(instant),
    minutes: nullable(string),
    sharedMaterial: arrayOf(object({ title: string, url: nullable(string), text: nullable(string) }, ['url', 'text'])),
  }),
  SupplierMeeting: object({
    id: uuid,
    roundId: uuid,
    durationMinutes: integer,
    offeredAt: instant,
    slotId: nullable(uuid),
    startsAt: nullable(instant),
    endsAt: nullable(instant),
    bookedAt: nullable(instant),
    declinedAt: nullable(instant),
    heldAt: nullable(instant),
  }),
  SharedMaterial: object({ roundId: uuid, sharedAt: instant, title: string, url: nullable(string), text: nullable(string) }, ['url', 'text']),
  Meetings: {
    description:
      'The round’s slot duration (null before any slot). Officers: every slot with its booking (`slots`) and `all` meetings with minutes; suppliers: the slots still free to book (`freeSlots`, never who booked the others), their own meeting with its booked slot (`mine`) and all shared material.',
    ...object(
      {
        durationMinutes: nullable(integer),
        slots: arrayOf(ref('MeetingSlot')),
        freeSlots: arrayOf(ref('FreeSlot')),
        mine: arrayOf(ref('SupplierMeeting')),
        sharedMaterial: arrayOf(ref('SharedMaterial')),
        all: arrayOf(ref('Meeting')),
      },
      ['slots', 'freeSlots', 'mine', 'sharedMaterial', 'all'],
    ),
  },
  MeetingsOffered: object({ durationMinutes: integer, slots: arrayOf(ref('MeetingSlot')), offered: arrayOf(ref('Meeting')) }),
  DialogueCounts: object({
    registeredSuppliers: integer,
    smeSuppliers: integer,
    rounds: integer,
    responses: integer,
    questions: integer,
    unansweredQuestions: integer,
    draftComments: integer,
    meetingsOffered: integer,
    meetingsHeld: integer,
  }),
  DialogueOverview: {
    description:
      'Everyone: the notice, rounds and summary. Officers add `noticeWaiver`, `counts` and `registrations`; managers and admins `counts`; a registered supplier its `registration`, `publishedAnswers` and `sharedMaterial` (an unregistered one `registration: null`).',
    ...object(
      {
        planId: uuid,
        title: string,
        stage: string,
        notice: nullableRef('EngagementNotice'),
        rounds: arrayOf(ref('Round')),
        summary: nullableRef('DialogueSummary'),
        noticeWaiver: { type: 'object', nullable: true, additionalProperties: true },
        counts: ref('DialogueCounts'),
        registrations: arrayOf(ref('Registration')),
        registration: nullableRef('Registration'),
        publishedAnswers: arrayOf(ref('PublishedAnswer')),
        sharedMaterial: arrayOf(ref('SharedMaterial')),
      },
      ['noticeWaiver', 'counts', 'registrations', 'registration', 'publishedAnswers', 'sharedMaterial'],
    ),
  },
  OpenPlanPage: page(
    object(
      {
        planId: uuid,
        title: string,
        buyer: string,
        cpvCode: string,
        stage: string,
        openSince: instant,
        notice: nullableRef('EngagementNotice'),
        registered: { ...boolean, description: 'Suppliers: whether they have registered.' },
      },
      ['registered'],
    ),
  ),
});
