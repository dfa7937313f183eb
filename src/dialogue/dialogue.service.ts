import { createHmac, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import type { PlanContext, RoundSchedule } from '../../workflows/common/context';
import type { RequirementId } from '../../workflows/common/requirements';
import type { Actor, PlanFacts } from '../../workflows/common/types';
import { WorkflowRegistry } from '../../workflows/registry';
import type { Caller } from '../common/auth/caller';
import { resolveSecret } from '../common/auth/jwt-secret';
import { Clock } from '../common/clock';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError, UnprocessableError } from '../common/errors';
import { Environment } from '../config/environment';
import { CursorCodec, instant, instantIdCursor, uuid, type PageQuery } from '../common/pagination';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditLogService } from '../engine/audit-log.service';
import { EngineService } from '../engine/engine.service';
import { FactsService, type FactsContributor } from '../engine/facts.service';
import { stageTagged } from '../engine/stage-tagged';
import type { Language } from '../i18n/language';
import { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { assertCanSeeDialogue, assertOwningOfficer, assertSeesDialogueContent, seesCountsOnly } from './dialogue-access';
import {
  DialogueRoundEntity,
  DraftCommentEntity,
  EnquiryAnswerEntity,
  EnquiryEntity,
  MeetingEntity,
  SupplierRegistrationEntity,
  SupplierResponseEntity,
  type ResponseAnswer,
} from './dialogue.entities';
import * as views from './dialogue.views';
import type { CreateRoundDto, ExtendRoundDto } from './dto/create-round.dto';
import type { PublishAnswerDto } from './dto/officer-input.dto';
import type { RegisterSupplierDto, UpdateRegistrationDto } from './dto/register-supplier.dto';
import type { AskQuestionDto, CommentDraftDto, SubmitResponseDto } from './dto/supplier-input.dto';
import { sharedMaterialOf } from './meetings.service';
import { checkQuestionnaire, responseProblems } from './questionnaire';

const OPEN_PLANS_CURSOR = instantIdCursor();
const QUESTIONS_CURSOR = new CursorCodec({ askedAt: instant, id: uuid });
/** The requirements whose facts this module counts from its tables (see contribute()). */
export const DIALOGUE_FACTS: readonly RequirementId[] = ['dialogue.questionsAnswered', 'dialogue.meetingsOfferedToAll', 'dialogue.heldWithSuppliers'];

/** A round may open a little in the past: the officer's clock and ours differ by seconds. */
const OPENS_AT_TOLERANCE_MS = 5 * 60 * 1000;

interface Loaded {
  plan: ProcurementPlanEntity;
  context: PlanContext;
}

interface LoadedRound extends Loaded {
  round: DialogueRoundEntity;
  schedule: RoundSchedule;
}

const actorOf = (caller: Caller): Actor => ({ id: caller.id, name: caller.name, role: caller.role });
const iso = (d: Date) => d.toISOString();

/**
 * The market dialogue with suppliers: rounds, responses, clarification Q&A, draft comments and
 * one-to-one meetings (MeetingsService). Every rule of fair dialogue that the law sets is checked here, on the server,
 * in the same transaction that stores the change.
 */
@Injectable()
export class DialogueService implements OnModuleInit, FactsContributor {
  readonly serves = DIALOGUE_FACTS;
  private readonly anonymisationKey: string;
  /** Against flooding: questions one supplier may ask in one round, and their length. */
  private readonly questionLimits: { perRound: number; length: number };

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly engine: EngineService,
    private readonly facts: FactsService,
    private readonly clock: Clock,
    private readonly audit: AuditLogService,
    @Inject(Environment) env: Environment,
    private readonly registry: WorkflowRegistry,
  ) {
    this.questionLimits = { perRound: env.DIALOGUE_MAX_QUESTIONS_PER_ROUND, length: env.DIALOGUE_MAX_QUESTION_LENGTH };
    this.anonymisationKey = resolveSecret(env.ANONYMISATION_SECRET, env.SQLITE_PATH, 'anonymisation-secret').secret;
  }

  onModuleInit(): void {
    this.facts.register(this);
    const audited = [
      ['registration', 'supplier registration', SupplierRegistrationEntity],
      ['round', 'dialogue round', DialogueRoundEntity],
      ['response', 'supplier response', SupplierResponseEntity],
      ['question', 'clarification question', EnquiryEntity],
      ['answer', 'published answer', EnquiryAnswerEntity],
      ['comment', 'draft comment', DraftCommentEntity],
    ] as const;
    for (const [kind, label, entity] of audited) this.audit.register<{ id: string }>({ kind, label, entity, chain: 'plan', idOf: (row) => row.id });
    this.engine.onCommit(async (manager, plan, change) => {
      if (plan.openToSuppliersAt === null && (change.type === 'PUBLISH_ENGAGEMENT_NOTICE' || change.type === 'START_MARKET_DIALOGUE')) {
        await manager.update(ProcurementPlanEntity, { id: plan.id }, { openToSuppliersAt: change.at });
        plan.openToSuppliersAt = change.at;
      }
    });
  }

  /** Plans open for registration: their notice is published or their dialogue started, and they have not moved on. Newest first. */
  async openPlans(query: { limit: number; cursor?: string; stage?: string }, caller: Caller) {
    const qb = this.dataSource
      .getRepository(ProcurementPlanEntity)
      .createQueryBuilder('p')
      .where('p.open_to_suppliers_at IS NOT NULL')
      .andWhere(stageTagged(this.registry, 'dialogue.registrationOpen'));
    if (query.stage) qb.andWhere('p.stage = :stage', { stage: query.stage });
    if (query.cursor) {
      const cursor = OPEN_PLANS_CURSOR.decode(query.cursor);
      qb.andWhere('(p.open_to_suppliers_at < :at OR (p.open_to_suppliers_at = :at AND p.id < :id))', { at: new Date(cursor.at), id: cursor.id });
    }
    const rows = await qb.orderBy('p.open_to_suppliers_at', 'DESC').addOrderBy('p.id', 'DESC').take(query.limit + 1).getMany();
    const page = rows.slice(0, query.limit);
    const registered =
      caller.role === 'supplier' && page.length > 0
        ? new Set(
            (await this.dataSource.getRepository(SupplierRegistrationEntity).find({ where: { planId: In(page.map((p) => p.id)), businessId: caller.businessId! } })).map(
              (r) => r.planId,
            ),
          )
        : new Set<string>();
    const last = page.at(-1);
    return {
      items: page.map((p) => ({
        planId: p.id,
        // The plan's own title is the buyer's working title; a supplier reads the published notice's.
        title: caller.role === 'supplier' ? (p.snapshot.context.engagementNotice?.title ?? p.title) : p.title,
        buyer: p.organisationId,
        cpvCode: p.cpvCode,
        stage: p.stage,
        openSince: p.openToSuppliersAt!.toISOString(),
        notice: views.notice(p.snapshot.context),
        ...(caller.role === 'supplier' ? { registered: registered.has(p.id) } : {}),
      })),
      nextCursor: rows.length > query.limit && last ? OPEN_PLANS_CURSOR.encode({ at: last.openToSuppliersAt!.toISOString(), id: last.id }) : null,
    };
  }

  /** Facts for leaving the dialogue: rounds held with suppliers, unanswered questions and suppliers never offered a meeting. */
  async contribute(manager: EntityManager, plan: ProcurementPlanEntity, facts: PlanFacts): Promise<void> {
    facts.dialogue.unansweredQuestions = await manager.count(EnquiryEntity, { where: { planId: plan.id, answerId: IsNull() } });
    const registered = await manager.find(SupplierRegistrationEntity, { where: { planId: plan.id }, select: { businessId: true, registeredAt: true } });
    facts.dialogue.registrations = registered.length;
    // No empty dialogues: a round counts as held when it closed with a supplier registered before its close.
    const closedAt = Object.values(plan.snapshot.context.dialogue.rounds).flatMap((r) => (r.closedAt === null ? [] : [new Date(r.closedAt)]));
    facts.dialogue.roundsHeldWithSuppliers = closedAt.filter((closed) => registered.some((r) => r.registeredAt <= closed)).length;
    const oneToOne = await manager.find(DialogueRoundEntity, { where: { planId: plan.id, type: 'oneToOne' }, select: { id: true } });
    if (oneToOne.length === 0) {
      facts.dialogue.suppliersWithoutMeetingOffer = 0;
      return;
    }
    const offers = await manager.find(MeetingEntity, { where: { planId: plan.id }, select: { roundId: true, businessId: true } });
    const offered = new Set(offers.map((m) => `${m.roundId}/${m.businessId}`));
    facts.dialogue.suppliersWithoutMeetingOffer = oneToOne.reduce(
      (missing, round) => missing + registered.filter((r) => !offered.has(`${round.id}/${r.businessId}`)).length,
      0,
    );
  }

  /** A stable pseudonym of a supplier within one plan; without the key nobody can link it to a business id. */
  private authorHash(planId: string, businessId: string): string {
    return `anon-${createHmac('sha256', this.anonymisationKey).update(`${planId}:${businessId}`).digest('hex').slice(0, 16)}`;
  }

  // ---------------------------------------------------------------- reading

  async overview(planId: string, caller: Caller) {
    const { plan, context } = await this.load(this.dataSource.manager, planId, caller);
    const manager = this.dataSource.manager;
    const rounds = await manager.find(DialogueRoundEntity, { where: { planId }, order: { opensAt: 'ASC' } });
    const now = this.clock.now();
    const base = {
      planId,
      title: plan.title,
      stage: plan.stage,
      notice: views.notice(context),
      rounds: rounds.map((r) => views.round(r, context.dialogue.rounds[r.id], now, this.dialogueEnd(plan))),
      summary: views.summary(context),
    };
    if (seesCountsOnly(caller)) return { ...base, counts: await this.counts(manager, planId) };
    if (caller.role === 'supplier') {
      const registration = await this.registrationOf(manager, planId, caller);
      if (!registration) return { ...base, registration: null };
      return {
        ...base,
        registration: views.registration(registration),
        publishedAnswers: await this.publishedAnswers(manager, planId),
        sharedMaterial: await sharedMaterialOf(manager, planId),
      };
    }
    return {
      ...base,
      noticeWaiver: context.noticeWaiver,
      counts: await this.counts(manager, planId),
      registrations: (await manager.find(SupplierRegistrationEntity, { where: { planId }, order: { registeredAt: 'ASC' } })).map(views.registration),
    };
  }

  async listRegistrations(planId: string, caller: Caller) {
    const manager = this.dataSource.manager;
    await this.load(manager, planId, caller);
    assertSeesDialogueContent(caller);
    const where = caller.role === 'supplier' ? { planId, businessId: caller.businessId! } : { planId };
    return (await manager.find(SupplierRegistrationEntity, { where, order: { registeredAt: 'ASC' } })).map(views.registration);
  }

  async listRounds(planId: string, caller: Caller) {
    const manager = this.dataSource.manager;
    const { plan, context } = await this.load(manager, planId, caller);
    const rounds = await manager.find(DialogueRoundEntity, { where: { planId }, order: { opensAt: 'ASC' } });
    return rounds.map((r) => views.round(r, context.dialogue.rounds[r.id], this.clock.now(), this.dialogueEnd(plan)));
  }

  async getRound(planId: string, roundId: string, caller: Caller) {
    const { plan, round, schedule } = await this.loadRound(this.dataSource.manager, planId, roundId, caller);
    return views.round(round, schedule, this.clock.now(), this.dialogueEnd(plan));
  }

  async listResponses(planId: string, roundId: string, caller: Caller) {
    const manager = this.dataSource.manager;
    await this.loadRound(manager, planId, roundId, caller);
    assertSeesDialogueContent(caller);
    if (caller.role === 'supplier') await this.requireRegistration(manager, planId, caller);
    const where = caller.role === 'supplier' ? { roundId, businessId: caller.businessId! } : { roundId };
    const rows = await manager.find(SupplierResponseEntity, { where, order: { businessId: 'ASC', version: 'ASC' } });
    return views.responses(rows);
  }

  async listQuestions(planId: string, roundId: string, caller: Caller, page: Pick<PageQuery, 'limit' | 'cursor'> = { limit: 20 }) {
    const manager = this.dataSource.manager;
    await this.loadRound(manager, planId, roundId, caller);
    assertSeesDialogueContent(caller);
    if (caller.role === 'supplier') {
      await this.requireRegistration(manager, planId, caller);
      const own = await manager.find(EnquiryEntity, { where: { roundId, businessId: caller.businessId! }, order: { askedAt: 'ASC' } });
      return { published: await this.publishedAnswers(manager, planId, roundId), mine: own.map(views.ownQuestion) };
    }
    // Suppliers could ask many questions: the officer's list comes in pages, oldest first.
    const qb = manager.createQueryBuilder(EnquiryEntity, 'q').where('q.round_id = :roundId', { roundId });
    if (page.cursor) {
      const after = QUESTIONS_CURSOR.decode(page.cursor);
      qb.andWhere('(q.asked_at > :at OR (q.asked_at = :at AND q.id > :id))', { at: new Date(after.askedAt), id: after.id });
    }
    const rows = await qb.orderBy('q.asked_at', 'ASC').addOrderBy('q.id', 'ASC').take(page.limit + 1).getMany();
    const all = rows.slice(0, page.limit);
    const last = all.at(-1);
    return {
      published: await this.publishedAnswers(manager, planId, roundId),
      all: all.map(views.officerQuestion),
      nextCursor: rows.length > page.limit && last ? QUESTIONS_CURSOR.encode({ askedAt: last.askedAt.toISOString(), id: last.id }) : null,
    };
  }

  async listComments(planId: string, roundId: string, caller: Caller) {
    const manager = this.dataSource.manager;
    await this.loadRound(manager, planId, roundId, caller);
    assertSeesDialogueContent(caller);
    if (caller.role === 'supplier') await this.requireRegistration(manager, planId, caller);
    const where = caller.role === 'supplier' ? { roundId, businessId: caller.businessId! } : { roundId };
    return (await manager.find(DraftCommentEntity, { where, order: { submittedAt: 'ASC' } })).map(views.comment);
  }

  // ---------------------------------------------------------------- suppliers

  /** `language`: the request's, for a registration that names none. */
  async register(planId: string, dto: RegisterSupplierDto, caller: Caller, language: Language) {
    return this.unitOfWork.run(async (manager) => {
      const { plan } = await this.load(manager, planId, caller, true);
      if (!this.engine.hasTag(plan, 'dialogue.registrationOpen')) throw new ConflictError('dialogue.registrationClosed', { stage: plan.stage });
      if (await this.registrationOf(manager, planId, caller)) {
        throw new ConflictError('dialogue.alreadyRegistered', { businessId: caller.businessId });
      }
      const row = Object.assign(new SupplierRegistrationEntity(), {
        id: randomUUID(),
        planId,
        businessId: caller.businessId!,
        name: dto.name,
        contactName: dto.contact.name,
        contactEmail: dto.contact.email,
        contactPhone: dto.contact.phone ?? null,
        sme: dto.sme,
        language: dto.language ?? language,
        reminders: dto.reminders ?? true,
        authorHash: this.authorHash(planId, caller.businessId!),
        registeredAt: this.clock.now(),
        registeredBy: caller.id,
      });
      await manager.insert(SupplierRegistrationEntity, row);
      await this.engine.record(
        manager,
        plan,
        'SUPPLIER_REGISTERED',
        actorOf(caller),
        { registrationId: row.id, businessId: row.businessId, supplierName: row.name, sme: row.sme },
        await this.audit.digestsOf(manager, 'registration', [row]),
      );
      return views.registration(row);
    });
  }

  /**
   * A supplier changes how it is written to: language, reminders, contact e-mail. Only its own
   * registration, at any stage (a cancelled dialogue still sends its last e-mail); a change is on the
   * trail with the row's digest, the address itself only there.
   */
  async updateRegistration(planId: string, dto: UpdateRegistrationDto, caller: Caller) {
    return this.unitOfWork.run(async (manager) => {
      const { plan } = await this.load(manager, planId, caller, true);
      const row = await this.registrationOf(manager, planId, caller);
      if (!row) throw new ForbiddenError('dialogue.registerFirst', { planId });
      const next = { language: dto.language ?? row.language, reminders: dto.reminders ?? row.reminders, contactEmail: dto.email ?? row.contactEmail };
      // Named as the body names them; the address itself is only in the row (and its digest on the trail).
      const changed = (['language', 'reminders', 'contactEmail'] as const).filter((field) => next[field] !== row[field]).map((field) => (field === 'contactEmail' ? 'email' : field));
      if (changed.length === 0) return views.registration(row);
      await manager.update(SupplierRegistrationEntity, { id: row.id }, next);
      Object.assign(row, next);
      await this.engine.record(
        manager,
        plan,
        'SUPPLIER_REGISTRATION_UPDATED',
        actorOf(caller),
        { registrationId: row.id, businessId: row.businessId, changed, language: row.language, reminders: row.reminders },
        await this.audit.digestsOf(manager, 'registration', [row]),
      );
      return views.registration(row);
    });
  }

  async submitResponse(planId: string, roundId: string, dto: SubmitResponseDto, caller: Caller) {
    return this.unitOfWork.run(async (manager) => {
      const loaded = await this.loadRound(manager, planId, roundId, caller, true);
      await this.requireRegistration(manager, planId, caller);
      if (loaded.round.type !== 'rfi') throw new BadRequestError('dialogue.noQuestionnaire', { roundType: loaded.round.type });
      this.requireRoundOpen(loaded);
      const answers: ResponseAnswer[] = dto.answers.map((a) => ({
        questionId: a.questionId,
        value: a.value,
        confidentiality: a.confidentiality ?? 'public',
        rationale: a.rationale ?? null,
      }));
      const problems = responseProblems(loaded.round.questionnaire, answers);
      if (problems.length > 0) throw new UnprocessableError('dialogue.responseInvalid', { problems: problems.join('; ') }, problems);
      const previous = await manager.findOne(SupplierResponseEntity, {
        where: { roundId, businessId: caller.businessId! },
        order: { version: 'DESC' },
      });
      const row = Object.assign(new SupplierResponseEntity(), {
        id: randomUUID(),
        roundId,
        planId,
        businessId: caller.businessId!,
        version: (previous?.version ?? 0) + 1,
        answers,
        submittedAt: this.clock.now(),
        submittedBy: caller.id,
      });
      await manager.save(SupplierResponseEntity, row);
      // Trade secrets stay out of the trail: it holds the response's digest, never its answers.
      await this.engine.record(
        manager,
        loaded.plan,
        'RESPONSE_SUBMITTED',
        actorOf(caller),
        { roundId, responseId: row.id, businessId: row.businessId, version: row.version, answers: answers.length, buyerOnlyAnswers: answers.filter((a) => a.confidentiality === 'buyerOnly').length },
        await this.audit.digestsOf(manager, 'response', [row]),
      );
      return views.responseVersion(row);
    });
  }

  async askQuestion(planId: string, roundId: string, dto: AskQuestionDto, caller: Caller) {
    if (dto.question.length > this.questionLimits.length) {
      throw new UnprocessableError('dialogue.questionTooLong', { max: this.questionLimits.length }, [
        `question: is ${dto.question.length} characters long; the limit is ${this.questionLimits.length}`,
      ]);
    }
    return this.unitOfWork.run(async (manager) => {
      const loaded = await this.loadRound(manager, planId, roundId, caller, true);
      await this.requireRegistration(manager, planId, caller);
      // Counted under the plan-row lock taken above, so concurrent questions cannot pass the limit together.
      const asked = await manager.count(EnquiryEntity, { where: { roundId, businessId: caller.businessId! } });
      if (asked >= this.questionLimits.perRound) {
        throw new TooManyRequestsError('dialogue.questionLimit', { max: this.questionLimits.perRound, asked });
      }
      this.requireRunning(loaded.plan);
      const now = this.clock.now();
      if (now < loaded.round.opensAt) throw new ConflictError('dialogue.questionsNotYet', { opensAt: iso(loaded.round.opensAt) });
      if (now >= loaded.round.questionsUntil || loaded.schedule.closedAt !== null) {
        throw new ConflictError('dialogue.questionsClosed', { until: iso(loaded.round.questionsUntil) });
      }
      const row = Object.assign(new EnquiryEntity(), {
        id: randomUUID(),
        roundId,
        planId,
        businessId: caller.businessId!,
        authorHash: this.authorHash(planId, caller.businessId!),
        question: dto.question,
        askedAt: now,
        answerId: null,
      });
      await manager.insert(EnquiryEntity, row);
      await this.engine.record(
        manager,
        loaded.plan,
        'QUESTION_ASKED',
        actorOf(caller),
        { roundId, questionId: row.id, authorHash: row.authorHash },
        await this.audit.digestsOf(manager, 'question', [row]),
      );
      return views.ownQuestion(row);
    });
  }

  async comment(planId: string, roundId: string, dto: CommentDraftDto, caller: Caller) {
    return this.unitOfWork.run(async (manager) => {
      const loaded = await this.loadRound(manager, planId, roundId, caller, true);
      await this.requireRegistration(manager, planId, caller);
      if (loaded.round.type !== 'draftConsultation') throw new BadRequestError('dialogue.noDraftItems', { roundType: loaded.round.type });
      if (!loaded.round.draftItems.some((item) => item.id === dto.itemId)) {
        throw new UnprocessableError('dialogue.draftItemUnknown', { itemId: dto.itemId }, [`itemId: ${dto.itemId} is not a draft item of this round`]);
      }
      this.requireRoundOpen(loaded);
      const row = Object.assign(new DraftCommentEntity(), {
        id: randomUUID(),
        roundId,
        planId,
        businessId: caller.businessId!,
        itemId: dto.itemId,
        comment: dto.comment,
        confidentiality: dto.confidentiality ?? 'public',
        rationale: dto.rationale ?? null,
        submittedAt: this.clock.now(),
      });
      await manager.insert(DraftCommentEntity, row);
      await this.engine.record(
        manager,
        loaded.plan,
        'DRAFT_COMMENT_SUBMITTED',
        actorOf(caller),
        { roundId, commentId: row.id, itemId: row.itemId, confidentiality: row.confidentiality },
        await this.audit.digestsOf(manager, 'comment', [row]),
      );
      return views.comment(row);
    });
  }

  // ---------------------------------------------------------------- officers

  async createRound(planId: string, dto: CreateRoundDto, caller: Caller) {
    return this.unitOfWork.run(async (manager) => {
      const { plan } = await this.load(manager, planId, caller, true);
      assertOwningOfficer(plan, caller);
      if (!this.engine.definitionFor(plan).events.SCHEDULE_DIALOGUE_ROUND) {
        throw new ConflictError('dialogue.notInWorkflow', { workflowId: plan.workflowId });
      }
      const dates = this.checkDates(dto, this.clock.now());
      const questionnaire = dto.questionnaire ?? [];
      const draftItems = dto.draftItems ?? [];
      if (dto.type === 'rfi' && questionnaire.length === 0) throw new BadRequestError('dialogue.questionnaireRequired');
      if (dto.type !== 'rfi' && questionnaire.length > 0) throw new BadRequestError('dialogue.questionnaireOnlyRfi', { roundType: dto.type });
      if (dto.type === 'draftConsultation' && draftItems.length === 0) {
        throw new BadRequestError('dialogue.draftItemsRequired');
      }
      if (dto.type !== 'draftConsultation' && draftItems.length > 0) throw new BadRequestError('dialogue.draftItemsOnlyConsultation', { roundType: dto.type });
      checkQuestionnaire(questionnaire);
      if (new Set(draftItems.map((i) => i.id)).size !== draftItems.length) throw new BadRequestError('dialogue.draftItemRepeated');

      const round = Object.assign(new DialogueRoundEntity(), {
        id: randomUUID(),
        planId,
        type: dto.type,
        title: dto.title,
        description: dto.description,
        ...dates,
        questionnaire: questionnaire.map((q) => ({ ...q })),
        draftItems: draftItems.map((i) => ({ ...i })),
        createdAt: this.clock.now(),
        createdBy: caller.id,
      });
      await manager.insert(DialogueRoundEntity, round);
      const updated = await this.engine.execute(
        manager,
        planId,
        {
          type: 'SCHEDULE_DIALOGUE_ROUND',
          payload: {
            roundId: round.id,
            type: round.type,
            opensAt: iso(round.opensAt),
            questionsUntil: iso(round.questionsUntil),
            clarificationsUntil: iso(round.clarificationsUntil),
            closesAt: iso(round.closesAt),
          },
        },
        actorOf(caller),
        { records: await this.audit.digestsOf(manager, 'round', [round]) },
      );
      return views.round(round, updated.snapshot.context.dialogue.rounds[round.id], this.clock.now());
    });
  }

  async extendRound(planId: string, roundId: string, dto: ExtendRoundDto, caller: Caller) {
    return this.unitOfWork.run(async (manager) => {
      const loaded = await this.loadRound(manager, planId, roundId, caller, true);
      assertOwningOfficer(loaded.plan, caller);
      const { round, schedule } = loaded;
      const now = this.clock.now();
      if (schedule.closedAt !== null || now >= round.closesAt) throw new ConflictError('dialogue.roundClosedNoExtension', { closesAt: iso(round.closesAt) });
      const next = {
        opensAt: round.opensAt,
        questionsUntil: dto.questionsUntil ? new Date(dto.questionsUntil) : round.questionsUntil,
        clarificationsUntil: dto.clarificationsUntil ? new Date(dto.clarificationsUntil) : round.clarificationsUntil,
        closesAt: dto.closesAt ? new Date(dto.closesAt) : round.closesAt,
      };
      const problems: string[] = [];
      for (const field of ['questionsUntil', 'clarificationsUntil', 'closesAt'] as const) {
        if (dto[field] === undefined) continue;
        if (next[field] < round[field]) problems.push(`${field}: deadlines can only be extended, not brought forward (now ${iso(round[field])})`);
        if (field === 'questionsUntil' && schedule.clarificationsClosedAt !== null) problems.push('questionsUntil: the clarification period has already ended');
        if (field === 'clarificationsUntil' && schedule.clarificationsClosedAt !== null) problems.push('clarificationsUntil: the clarification period has already ended');
      }
      problems.push(...orderProblems(next));
      if (Object.values(dto).every((v) => v === undefined)) problems.push('send at least one of questionsUntil, clarificationsUntil, closesAt');
      if (problems.length > 0) throw new BadRequestError('dialogue.extensionInvalid', { problems: problems.join('; ') }, problems);

      const previous = { opensAt: iso(round.opensAt), questionsUntil: iso(round.questionsUntil), clarificationsUntil: iso(round.clarificationsUntil), closesAt: iso(round.closesAt) };
      await manager.update(DialogueRoundEntity, { id: roundId }, next);
      const updated = await this.engine.execute(
        manager,
        planId,
        {
          type: 'EXTEND_DIALOGUE_ROUND',
          payload: {
            roundId,
            opensAt: iso(next.opensAt),
            questionsUntil: iso(next.questionsUntil),
            clarificationsUntil: iso(next.clarificationsUntil),
            closesAt: iso(next.closesAt),
            previous,
          },
        },
        actorOf(caller),
        { records: await this.audit.digestsOf(manager, 'round', [round]) },
      );
      return views.round(Object.assign(round, next), updated.snapshot.context.dialogue.rounds[roundId], now);
    });
  }

  async publishAnswer(planId: string, roundId: string, dto: PublishAnswerDto, caller: Caller) {
    return this.unitOfWork.run(async (manager) => {
      const loaded = await this.loadRound(manager, planId, roundId, caller, true);
      assertOwningOfficer(loaded.plan, caller);
      this.requireRunning(loaded.plan);
      const kind = dto.kind ?? 'answer';
      const now = this.clock.now();
      if (kind === 'answer' && (now >= loaded.round.clarificationsUntil || loaded.schedule.clarificationsClosedAt !== null)) {
        throw new ConflictError('dialogue.answersClosed', { until: iso(loaded.round.clarificationsUntil) });
      }
      const questions = await manager.find(EnquiryEntity, { where: { id: In(dto.questionIds), roundId } });
      const missing = dto.questionIds.filter((id) => !questions.some((q) => q.id === id));
      if (missing.length > 0) throw new NotFoundError('dialogue.questionNotFound', { questionIds: missing.join(', ') });
      const answered = questions.filter((q) => q.answerId !== null);
      if (answered.length > 0) throw new ConflictError('dialogue.alreadyAnswered', { questionIds: answered.map((q) => q.id).join(', ') });

      const answer = Object.assign(new EnquiryAnswerEntity(), {
        id: randomUUID(),
        roundId,
        planId,
        kind,
        text: dto.text,
        publishedAt: now,
        publishedBy: caller.id,
      });
      await manager.insert(EnquiryAnswerEntity, answer);
      await manager.update(EnquiryEntity, { id: In(dto.questionIds) }, { answerId: answer.id });
      await this.engine.record(manager, loaded.plan, kind === 'answer' ? 'ANSWER_PUBLISHED' : 'QUESTION_DISMISSED', actorOf(caller), {
        roundId,
        answerId: answer.id,
        questionIds: dto.questionIds,
        text: dto.text,
      }, [...(await this.audit.digestsOf(manager, 'answer', [answer])), ...(await this.audit.digestsOf(manager, 'question', questions))]);
      return views.publishedAnswer(answer, questions.map((q) => ({ ...q, answerId: answer.id })));
    });
  }

  // ---------------------------------------------------------------- helpers

  /** `lock`: the command changes the dialogue, so it holds the plan row until it commits (see EngineService.lockPlan). */
  private async load(manager: EntityManager, planId: string, caller: Caller, lock = false): Promise<Loaded> {
    const plan = lock ? await this.engine.lockPlan(manager, planId) : await manager.findOne(ProcurementPlanEntity, { where: { id: planId } });
    if (!plan) throw new NotFoundError('plan.notFound', { planId });
    assertCanSeeDialogue(plan, caller);
    return { plan, context: plan.snapshot.context };
  }

  private async loadRound(manager: EntityManager, planId: string, roundId: string, caller: Caller, lock = false): Promise<LoadedRound> {
    const loaded = await this.load(manager, planId, caller, lock);
    const round = await manager.findOne(DialogueRoundEntity, { where: { id: roundId, planId } });
    const schedule = loaded.context.dialogue.rounds[roundId];
    if (!round || !schedule) throw new NotFoundError('dialogue.roundNotFound', { roundId });
    return { ...loaded, round, schedule };
  }

  private registrationOf(manager: EntityManager, planId: string, caller: Caller): Promise<SupplierRegistrationEntity | null> {
    if (caller.role !== 'supplier') return Promise.resolve(null);
    return manager.findOne(SupplierRegistrationEntity, { where: { planId, businessId: caller.businessId! } });
  }

  private async requireRegistration(manager: EntityManager, planId: string, caller: Caller): Promise<void> {
    if (caller.role !== 'supplier') throw new ForbiddenError('dialogue.suppliersOnly');
    if (!(await this.registrationOf(manager, planId, caller))) {
      throw new ForbiddenError('dialogue.registerFirst', { planId });
    }
  }

  private requireRunning(plan: ProcurementPlanEntity): void {
    if (!this.engine.hasTag(plan, 'dialogue.running')) throw new ConflictError('dialogue.notRunning', { stage: plan.stage });
  }

  /**
   * How the dialogue ended when the plan has left it: cancelled with the plan, or closed as the plan
   * moved on. Leaving the stage cancels the rounds' deadline timers, so their rows never record it.
   */
  private dialogueEnd(plan: ProcurementPlanEntity): views.DialogueEnd | null {
    if (this.engine.hasTag(plan, 'dialogue.running')) return null;
    return { status: this.engine.hasTag(plan, 'plan.cancelled') ? 'cancelled' : 'closed', at: plan.stageEnteredAt };
  }

  /** Responses and comments: only between opening and closing, and never once the round has closed. */
  private requireRoundOpen({ plan, round, schedule }: LoadedRound): void {
    this.requireRunning(plan);
    const now = this.clock.now();
    if (now < round.opensAt) throw new ConflictError('dialogue.roundNotOpen', { opensAt: iso(round.opensAt) });
    if (now >= round.closesAt || schedule.closedAt !== null) throw new ConflictError('dialogue.roundClosed', { closesAt: iso(round.closesAt) });
  }

  private checkDates(dto: CreateRoundDto, now: Date) {
    const dates = {
      opensAt: new Date(dto.opensAt),
      questionsUntil: new Date(dto.questionsUntil),
      clarificationsUntil: new Date(dto.clarificationsUntil),
      closesAt: new Date(dto.closesAt),
    };
    const problems = orderProblems(dates);
    if (dates.opensAt.getTime() < now.getTime() - OPENS_AT_TOLERANCE_MS) problems.push('opensAt: must not be in the past');
    if (dates.closesAt <= now) problems.push('closesAt: must be in the future');
    if (problems.length > 0) throw new BadRequestError('dialogue.roundDatesInvalid', { problems: problems.join('; ') }, problems);
    return dates;
  }

  private async counts(manager: EntityManager, planId: string) {
    const registrations = await manager.find(SupplierRegistrationEntity, { where: { planId }, select: { id: true, sme: true } });
    const meetings = await manager.find(MeetingEntity, { where: { planId }, select: { id: true, heldAt: true } });
    const responders = await manager
      .createQueryBuilder(SupplierResponseEntity, 'r')
      .select('COUNT(DISTINCT r.round_id || \'/\' || r.business_id)', 'count')
      .where('r.plan_id = :planId', { planId })
      .getRawOne<{ count: string | number }>();
    return {
      registeredSuppliers: registrations.length,
      smeSuppliers: registrations.filter((r) => r.sme).length,
      rounds: await manager.count(DialogueRoundEntity, { where: { planId } }),
      responses: Number(responders?.count ?? 0),
      questions: await manager.count(EnquiryEntity, { where: { planId } }),
      unansweredQuestions: await manager.count(EnquiryEntity, { where: { planId, answerId: IsNull() } }),
      draftComments: await manager.count(DraftCommentEntity, { where: { planId } }),
      meetingsOffered: meetings.length,
      meetingsHeld: meetings.filter((m) => m.heldAt !== null).length,
    };
  }

  private async publishedAnswers(manager: EntityManager, planId: string, roundId?: string) {
    const answers = await manager.find(EnquiryAnswerEntity, { where: roundId ? { planId, roundId } : { planId }, order: { publishedAt: 'ASC' } });
    if (answers.length === 0) return [];
    const questions = await manager.find(EnquiryEntity, { where: { answerId: In(answers.map((a) => a.id)) }, order: { askedAt: 'ASC' } });
    return answers.map((a) => views.publishedAnswer(a, questions.filter((q) => q.answerId === a.id)));
  }
}

function orderProblems(d: { opensAt: Date; questionsUntil: Date; clarificationsUntil: Date; closesAt: Date }): string[] {
  const problems: string[] = [];
  if (d.questionsUntil < d.opensAt) problems.push('questionsUntil: must not be before opensAt');
  if (d.clarificationsUntil < d.questionsUntil) problems.push('clarificationsUntil: must not be before questionsUntil');
  if (d.closesAt < d.clarificationsUntil) problems.push('closesAt: must not be before clarificationsUntil');
  if (d.closesAt <= d.opensAt) problems.push('closesAt: must be after opensAt');
  return problems;
}
