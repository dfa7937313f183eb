/**
 * Every error code the API answers with: its HTTP status and what it means. The texts a person reads
 * are in the catalogues (src/i18n/messages/errors.*.ts), keyed by the same codes; docs/errors.md is
 * generated from this table and the catalogues (`npm run docs:errors`).
 *
 * A code names one meaning, not one call site: the domain error classes accept only codes of their
 * own status, so the table and the answers cannot drift apart.
 */
export const ERROR_CODES = {
  // ------------------------------------------------------------------ the HTTP layer
  internal: { status: 500, meaning: 'Anything unexpected; the answer reveals nothing, the log has the request id.' },
  'route.notFound': { status: 404, meaning: 'No route answers this method and path.' },
  'request.malformedJson': { status: 400, meaning: 'The body is not valid JSON.' },
  'request.emptyJson': { status: 400, meaning: 'The Content-Type says JSON but the body is empty.' },
  'request.tooLarge': { status: 413, meaning: 'The body is larger than BODY_LIMIT_BYTES.' },
  'request.unsupportedMediaType': { status: 415, meaning: 'The route takes no body of this Content-Type.' },
  'request.invalidUuid': { status: 400, meaning: 'A path parameter that must be a UUID is not one.' },
  'request.refused': { status: 400, meaning: 'Another client error of the HTTP layer; the status says which.' },
  'request.ifMatchFormat': { status: 400, meaning: 'If-Match does not hold a plan version as ETag returns it.' },
  'request.organisationId': { status: 400, meaning: 'An organisation id in the query has characters ids do not have.' },
  'rateLimit.reads': { status: 429, meaning: 'The caller sent more reads this minute than RATE_LIMIT_READS_PER_MINUTE.' },
  'rateLimit.writes': { status: 429, meaning: 'The caller sent more writes this minute than RATE_LIMIT_WRITES_PER_MINUTE.' },
  'database.unreachable': { status: 503, meaning: 'The database does not answer; nothing was done, send the request again after Retry-After.' },
  'database.locked': { status: 503, meaning: 'The SQLite file is locked by another writer; nothing was done, send the request again after Retry-After.' },
  'health.notReady': { status: 503, meaning: 'The readiness probe found a dependency down.' },
  'service.unavailable': { status: 503, meaning: 'The service cannot answer right now.' },

  // ------------------------------------------------------------------ validation (400)
  'validation.failed': {
    status: 400,
    meaning: 'One or more fields break a rule; `details` names each field once with its rule (the validation.* codes below).',
  },
  'validation.required': { status: 400, meaning: 'A required field is missing or null.' },
  'validation.unknownField': { status: 400, meaning: 'A field the route does not take.' },
  'validation.body': { status: 400, meaning: 'The body is not an object of the expected shape.' },
  'validation.string': { status: 400, meaning: 'The field must be a string.' },
  'validation.blank': { status: 400, meaning: 'The text holds no character a reader can see.' },
  'validation.maxLength': { status: 400, meaning: 'The text is longer than the field allows.' },
  'validation.minLength': { status: 400, meaning: 'The text is shorter than the field needs.' },
  'validation.number': { status: 400, meaning: 'The field must be a finite number.' },
  'validation.integer': { status: 400, meaning: 'The field must be a whole number.' },
  'validation.min': { status: 400, meaning: 'The number is below the smallest allowed.' },
  'validation.max': { status: 400, meaning: 'The number is above the largest allowed.' },
  'validation.decimals': { status: 400, meaning: 'The number has more decimals than the field keeps.' },
  'validation.boolean': { status: 400, meaning: 'The field must be true or false.' },
  'validation.object': { status: 400, meaning: 'The field must be an object.' },
  'validation.array': { status: 400, meaning: 'The field must be an array.' },
  'validation.arrayMinSize': { status: 400, meaning: 'The array has fewer items than needed.' },
  'validation.arrayMaxSize': { status: 400, meaning: 'The array has more items than allowed.' },
  'validation.arrayUnique': { status: 400, meaning: 'The array repeats an item.' },
  'validation.oneOf': { status: 400, meaning: 'The value is not one of those the field takes.' },
  'validation.dateTime': { status: 400, meaning: 'The field must be an ISO 8601 date and time.' },
  'validation.uuid': { status: 400, meaning: 'The field must be a UUID.' },
  'validation.url': { status: 400, meaning: 'The field must be an http(s) URL.' },
  'validation.email': { status: 400, meaning: 'The field must be an e-mail address.' },
  'validation.currency': { status: 400, meaning: 'The field must be an upper-case ISO 4217 currency code.' },
  'validation.format': { status: 400, meaning: 'The text does not have the format the field needs (a CPV code, a phone number, an id).' },
  'validation.invalid': { status: 400, meaning: 'The field breaks a rule not listed above.' },

  // ------------------------------------------------------------------ hostile input (400)
  'input.nulCharacter': { status: 400, meaning: 'A string holds a NUL character.' },
  'input.loneSurrogate': { status: 400, meaning: 'A string holds a lone UTF-16 surrogate.' },
  'input.invisibleOnly': { status: 400, meaning: 'A body string holds only white space or invisible characters.' },
  'input.tooDeep': { status: 400, meaning: 'The input is nested deeper than 32 levels.' },
  'input.forbiddenKey': { status: 400, meaning: 'A field named __proto__, constructor or prototype.' },
  'input.keyNulCharacter': { status: 400, meaning: 'A field name holds a NUL character.' },
  'input.keyLoneSurrogate': { status: 400, meaning: 'A field name holds a lone UTF-16 surrogate.' },

  // ------------------------------------------------------------------ authentication and access
  'auth.headerRequired': { status: 401, meaning: 'No Authorization header.' },
  'auth.headerFormat': { status: 401, meaning: 'The Authorization header is not "Bearer <token>".' },
  'auth.tokenInvalid': { status: 401, meaning: 'The token does not verify.' },
  'auth.tokenExpired': { status: 401, meaning: 'The token has expired.' },
  'auth.tokenNoExpiry': { status: 401, meaning: 'The token has no exp claim.' },
  'auth.tokenFromFuture': { status: 401, meaning: 'The token was issued in the future.' },
  'auth.claimRejected': { status: 401, meaning: 'A claim (issuer, audience, …) is not accepted.' },
  'auth.claimNotString': { status: 401, meaning: 'A claim that must be a string is not.' },
  'auth.claimControlCharacters': { status: 401, meaning: 'A claim holds control characters.' },
  'auth.claimLoneSurrogate': { status: 401, meaning: 'A claim holds a lone UTF-16 surrogate.' },
  'auth.claimInvisible': { status: 401, meaning: 'A claim holds only invisible characters.' },
  'auth.claimTooLong': { status: 401, meaning: 'A claim is longer than its column.' },
  'auth.subjectMissing': { status: 401, meaning: 'The token has no sub claim.' },
  'auth.roleUnknown': { status: 401, meaning: 'The role claim is not one of the roles.' },
  'auth.organisationMissing': { status: 401, meaning: 'An officer or manager token has no org claim.' },
  'auth.businessIdMissing': { status: 401, meaning: 'A supplier token has no businessId claim.' },
  'auth.providerUnreachable': {
    status: 503,
    meaning:
      'The identity provider (OIDC_ISSUER, AUTH_JWKS_URL) does not answer, so no token can be checked; nothing was done, send the request again after Retry-After.',
  },
  'auth.roleRefused': { status: 403, meaning: 'The route is for other roles.' },

  // ------------------------------------------------------------------ plans and the workflow engine
  'plan.notFound': { status: 404, meaning: 'No such plan, or one of another organisation (the answers are the same).' },
  'plan.suppliersNoAccess': { status: 403, meaning: 'Suppliers do not see internal plans.' },
  'plan.ownOrganisationOnly': { status: 403, meaning: "A list of another organisation's plans was asked for." },
  'plan.nothingToChange': { status: 400, meaning: 'A PATCH without fields.' },
  'plan.versionMismatch': { status: 412, meaning: 'If-Match names another version than the stored one.' },
  'plan.concurrentChange': { status: 409, meaning: 'Another request changed the plan between our read and our write.' },
  'plan.teamOnly': {
    status: 403,
    meaning:
      "An officer outside the plan's team (its owner and members) tried to change the plan, its dialogue or its criteria; other officers of the organisation read.",
  },
  'plan.teamChangeRefused': {
    status: 403,
    meaning: "Only managers of the organisation (and admins) change a plan's owner; the owner and managers change its members.",
  },
  'plan.teamMemberUnknown': {
    status: 422,
    meaning: 'A team member or owner is not an officer of the organisation known to the service (people become known by signing in once).',
  },
  'threshold.smallProcurementAtOrAboveNational': {
    status: 422,
    meaning: 'The small-procurement workflow is for plans below the national threshold; the estimated value (without VAT) is at or above it.',
  },
  'threshold.directAwardAtOrAboveNational': {
    status: 422,
    meaning: 'A direct award (belowThresholdDirect) is allowed only below the national threshold; the estimated value is at or above it.',
  },
  'threshold.directiveProcedureRequired': { status: 422, meaning: "From the EU threshold up only the directive's procedures may be used." },
  'threshold.valueNotInEuro': { status: 422, meaning: 'The thresholds are in euros: a rule that depends on them needs the estimated value in EUR.' },
  'organisation.ownOnly': { status: 403, meaning: "Another organisation's profile." },
  'notice.termsMissing': {
    status: 422,
    meaning:
      'The eForms notice lacks business terms (named by their BT ids, each with where it comes from in `details`): the organisation profile or the notice must state them.',
  },
  'notice.notPublished': { status: 404, meaning: 'The plan has no notice of this subtype (its engagement notice is not published, or was waived).' },
  'notice.versionNotFound': { status: 404, meaning: 'The notice has no such version.' },
  'pagination.cursorInvalid': { status: 400, meaning: 'The cursor was not returned by this list.' },
  'pagination.cursorSortMismatch': { status: 400, meaning: 'The cursor belongs to a list with another sort order.' },
  'workflow.unknown': { status: 400, meaning: 'A plan was created with a workflow id or version that does not exist.' },
  'workflow.versionNotFound': { status: 404, meaning: 'GET /workflows/:id/versions/:version of a version that does not exist.' },
  'workflow.notFound': { status: 404, meaning: 'The path names a workflow id the service does not run.' },
  'workflow.migrationNotFound': { status: 404, meaning: 'No migration moves plans of this workflow from the version `from` to the version `to`.' },
  'event.bodyNotObject': { status: 400, meaning: 'The event body is not a JSON object.' },
  'event.typeRequired': { status: 400, meaning: 'The event body has no type.' },
  'event.typeFormat': { status: 400, meaning: 'The event type is not in UPPER_SNAKE_CASE.' },
  'event.unknown': { status: 400, meaning: "The event is not one of the plan's workflow version." },
  'event.internal': { status: 400, meaning: 'The event is recorded by the service itself and cannot be sent.' },
  'event.payloadInvalid': {
    status: 400,
    meaning: "The payload does not match the event's JSON Schema; `details` names each field once with its rule, as for validation.failed.",
  },
  'event.roleRefused': { status: 403, meaning: 'The event is sent by other roles.' },
  'approval.fourEyes': { status: 403, meaning: 'A requirement about the person is unmet (four-eyes: the requester may not approve); `unmet` lists it.' },
  'transition.refused': { status: 409, meaning: 'The workflow does not take the event now; `unmet` lists every unmet requirement.' },
  'transition.impossible': { status: 409, meaning: 'The workflow does not take the event in this stage and names no requirement.' },

  // ------------------------------------------------------------------ market dialogue
  'dialogue.notInWorkflow': { status: 409, meaning: "The plan's workflow has no market dialogue." },
  'dialogue.roundTypeNotOffered': { status: 409, meaning: "The plan's workflow version does not offer dialogue rounds of this type." },
  'dialogue.notRunning': { status: 409, meaning: 'The plan is not in its market dialogue stage.' },
  'dialogue.registrationClosed': { status: 409, meaning: 'Suppliers can no longer register interest in this stage.' },
  'dialogue.alreadyRegistered': { status: 409, meaning: 'The business has registered interest in this plan already.' },
  'dialogue.officerOnly': { status: 403, meaning: "Only an officer of the plan's organisation may do this." },
  'dialogue.managersSeeCounts': { status: 403, meaning: 'Managers see the dialogue as counts only.' },
  'dialogue.adminsSeeCounts': { status: 403, meaning: 'Platform admins see the dialogue as counts only.' },
  'dialogue.suppliersOnly': { status: 403, meaning: 'The route is for suppliers.' },
  'dialogue.registerFirst': { status: 403, meaning: 'The supplier has not registered interest in the plan.' },
  'dialogue.roundNotFound': { status: 404, meaning: 'No such round in this plan.' },
  'dialogue.roundNotOpen': { status: 409, meaning: 'The round opens later.' },
  'dialogue.roundClosed': { status: 409, meaning: 'The round has closed.' },
  'dialogue.roundClosedNoExtension': { status: 409, meaning: 'A closed round cannot be extended.' },
  'dialogue.roundDatesInvalid': { status: 400, meaning: "The round's dates are out of order or in the past; `details` lists each problem." },
  'dialogue.extensionInvalid': { status: 400, meaning: 'The new dates of an extension are not later than the old ones; `details` lists each problem.' },
  'dialogue.questionnaireRequired': { status: 400, meaning: 'An RFI round needs a questionnaire.' },
  'dialogue.questionnaireOnlyRfi': { status: 400, meaning: 'Only RFI rounds have a questionnaire.' },
  'dialogue.draftItemsRequired': { status: 400, meaning: 'A draft consultation round needs draft items.' },
  'dialogue.draftItemsOnlyConsultation': { status: 400, meaning: 'Only draft consultation rounds have draft items.' },
  'dialogue.draftItemRepeated': { status: 400, meaning: 'Two draft items have the same id.' },
  'dialogue.questionnaireInvalid': { status: 400, meaning: 'The questionnaire cannot be answered as written; `details` lists each problem.' },
  'dialogue.questionnaireLocalOrigin': {
    status: 422,
    meaning:
      'A question or option of the questionnaire restricts or favours suppliers by origin, the rule of criteria.localOrigin; asking where a supplier is remains allowed.',
  },
  'dialogue.noQuestionnaire': { status: 400, meaning: 'Questionnaire responses to a round that is not an RFI.' },
  'dialogue.responseInvalid': { status: 422, meaning: 'A questionnaire response is incomplete or invalid; `details` lists each answer.' },
  'dialogue.noDraftItems': { status: 400, meaning: 'Comments on a round that is not a draft consultation.' },
  'dialogue.draftItemUnknown': { status: 422, meaning: 'The comment names a draft item the round does not have.' },
  'dialogue.questionTooLong': { status: 422, meaning: 'The clarification question is longer than DIALOGUE_MAX_QUESTION_LENGTH.' },
  'dialogue.questionLimit': { status: 429, meaning: 'The supplier has asked DIALOGUE_MAX_QUESTIONS_PER_ROUND questions in this round.' },
  'dialogue.questionsNotYet': { status: 409, meaning: 'Clarification questions are taken once the round opens.' },
  'dialogue.questionsClosed': { status: 409, meaning: "The round's deadline for clarification questions has passed." },
  'dialogue.answersClosed': { status: 409, meaning: 'The deadline for publishing answers has passed; a dismissal with its reason may still be published.' },
  'dialogue.questionNotFound': { status: 404, meaning: 'An answer names questions the round does not have.' },
  'dialogue.alreadyAnswered': { status: 409, meaning: 'An answer names questions already answered.' },
  'dialogue.noMeetings': { status: 400, meaning: 'Meetings in a round that is not one-to-one.' },
  'dialogue.meetingInPast': { status: 400, meaning: 'A meeting was proposed for a time already past.' },
  'dialogue.nobodyRegistered': { status: 409, meaning: 'No supplier to offer a meeting to.' },
  'dialogue.everyoneOffered': { status: 409, meaning: 'Every registered supplier already has a meeting offer.' },
  'dialogue.meetingNotFound': { status: 404, meaning: 'No such meeting in the round.' },
  'dialogue.meetingHeld': { status: 409, meaning: "The meeting's minutes are recorded already." },
  'dialogue.equalTreatment': { status: 409, meaning: 'A meeting is held before every registered supplier has been offered one (equal treatment).' },
  'dialogue.slotsRequired': { status: 400, meaning: 'Meetings offered in a round that has no slots, without new slots.' },
  'dialogue.slotDurationRequired': { status: 400, meaning: "The round's first slots are offered without their duration." },
  'dialogue.slotDurationFixed': { status: 409, meaning: "Slots of another duration than the round's: every supplier is offered the same." },
  'dialogue.slotsInvalid': { status: 400, meaning: 'New slots in the past, before the round opens, or overlapping; `details` names each.' },
  'dialogue.slotNotFound': { status: 404, meaning: 'No such meeting slot in the round.' },
  'dialogue.slotTaken': { status: 409, meaning: 'Another supplier booked the slot first.' },
  'dialogue.slotPassed': { status: 409, meaning: 'The slot has begun: it can no longer be booked, moved or declined.' },
  'dialogue.noMeetingOffer': { status: 409, meaning: 'The supplier has not been offered a meeting in the round yet.' },
  'dialogue.meetingNotBooked': { status: 409, meaning: 'Minutes of a meeting the supplier has not booked a slot for.' },
  'dialogue.meetingNotOver': { status: 409, meaning: "Minutes before the booked slot's time is over." },

  // ------------------------------------------------------------------ criteria and life-cycle cost
  'criteria.stageLocked': { status: 409, meaning: 'Criteria are changed only in the criteria stage.' },
  'criteria.notFound': { status: 404, meaning: 'No such criterion in the plan.' },
  'criteria.templateFixed': { status: 400, meaning: 'A criterion keeps the template it was added with.' },
  'criteria.templateUnknown': { status: 422, meaning: 'No criterion template with this id.' },
  'criteria.invalid': { status: 422, meaning: 'The criterion breaks a rule of its kind; `details` lists each problem.' },
  'criteria.localOrigin': {
    status: 422,
    meaning:
      'The criterion restricts or favours suppliers, their staff or products by nationality, location, residence, seat or distance (TFEU art. 18, 49 and 56; Directive 2014/24/EU art. 18(1)); params name the field, the phrase and the rule (docs/criteria.md).',
  },
  'criteria.weightsOverTotal': { status: 422, meaning: 'Award criteria weights would sum to more than 100.' },
  'criteria.weightsNotTotal': { status: 422, meaning: 'A full set of award criteria must weigh exactly 100.' },
  'lcc.stageLocked': { status: 409, meaning: 'The life-cycle cost model is changed only in the criteria stage.' },
  'lcc.notFound': { status: 404, meaning: 'The plan has no life-cycle cost model.' },
  'lcc.optionNamesRepeat': { status: 422, meaning: 'Two options of the model have the same name.' },

  // ------------------------------------------------------------------ strategy, portfolio, audit
  'strategy.planClosed': { status: 409, meaning: "A closed plan's strategic goals no longer change." },
  'strategy.goalsUnknown': { status: 422, meaning: "Goal ids that are not the organisation's strategic goals." },
  'strategy.ownOrganisationOnly': { status: 403, meaning: "Another organisation's goals." },
  'portfolio.managersOnly': { status: 403, meaning: 'The portfolio is for managers and admins.' },
  'portfolio.ownOrganisationOnly': { status: 403, meaning: "Another organisation's portfolio." },
  'checkpoint.bodyRequired': { status: 400, meaning: 'No checkpoint in the body.' },
  'checkpoint.signatureInvalid': { status: 422, meaning: 'The checkpoint is not signed by this service.' },
  'checkpoint.rootMismatch': { status: 422, meaning: "The checkpoint's heads do not add up to its root hash." },

  // ------------------------------------------------------------------ Hilma statistics (docs/notices.md#hilma-statistics)
  'hilmaStatistics.planClosed': { status: 409, meaning: "A closed plan's answers to Hilma's statistical questions no longer change." },
  'hilmaStatistics.notAsked': {
    status: 422,
    meaning:
      'An override of a follow-up question Hilma does not ask given the other answers (listedGreenCriteriaUsed without an environmental yes, howManyOpportunitiesIsEstimated without an employment condition).',
  },

  // ------------------------------------------------------------------ webhooks
  'webhook.ownOrganisationOnly': { status: 403, meaning: "Another organisation's webhooks (as for its portfolio and goals)." },
  'webhook.notFound': { status: 404, meaning: 'No such webhook in the organisation.' },
  'webhook.deliveryNotFound': { status: 404, meaning: 'No such delivery of the webhook.' },
  'webhook.eventsUnknown': { status: 400, meaning: 'events names types that are not in the event catalogue (docs/events.md); `details` lists each.' },
  'webhook.urlInvalid': { status: 400, meaning: 'The webhook URL is not an absolute URL with a host.' },
  'webhook.urlScheme': { status: 400, meaning: 'The webhook URL is not https (http is accepted only when WEBHOOK_ALLOW_PRIVATE=true).' },
  'webhook.urlHostNotAllowed': { status: 400, meaning: 'The webhook URL names a host outside WEBHOOK_ALLOWED_HOSTS, the hosts this installation may send to.' },
  'webhook.urlPrivate': {
    status: 400,
    meaning: 'The webhook URL is, or resolves to, a loopback, private, link-local, carrier-grade NAT, unspecified, multicast or metadata address.',
  },
  'webhook.urlUnresolvable': { status: 400, meaning: "The webhook URL's host name does not resolve." },
  'webhook.nothingToChange': { status: 400, meaning: 'A PATCH of a webhook without fields.' },
  'webhook.versionMismatch': { status: 412, meaning: 'If-Match names another version of the webhook than the stored one.' },
  'webhook.disabled': { status: 409, meaning: 'A delivery of a disabled webhook cannot be sent again; enable the webhook first.' },
  'webhook.deliveryInFlight': { status: 409, meaning: 'The delivery is being sent right now.' },
  'webhook.limit': { status: 422, meaning: 'The organisation has the most webhooks allowed.' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes answered with `status`: each domain error class takes only these. */
export type CodeOfStatus<S extends number> = { [C in ErrorCode]: (typeof ERROR_CODES)[C]['status'] extends S ? C : never }[ErrorCode];

/** The rule codes a field of `validation.failed` names (details[].code). */
export type ValidationRule = Extract<ErrorCode, `validation.${string}`>;
