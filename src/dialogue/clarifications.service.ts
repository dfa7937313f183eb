import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { ConflictError, NotFoundError, TooManyRequestsError, UnprocessableError } from '../common/errors';
import { CursorCodec, instant, uuid, type PageQuery } from '../common/pagination';
import { Environment } from '../config/environment';
import { assertOwningOfficer, assertSeesDialogueContent } from './dialogue-access';
import { DialogueSupport, iso, keysetPage } from './dialogue-support';
import { EnquiryAnswerEntity, EnquiryEntity } from './dialogue.entities';
import * as views from './dialogue.views';
import type { PublishAnswerDto } from './dto/officer-input.dto';
import type { AskQuestionDto } from './dto/supplier-input.dto';
import { extended } from '../common/extended';

const QUESTIONS_CURSOR = new CursorCodec({ askedAt: instant, id: uuid });

/**
 * Clarification Q&A of a round: registered suppliers ask until the round's question deadline, under a
 * pseudonym; the officer publishes one answer to one or more questions to every registered supplier
 * (or dismisses them with a reason) until the clarification deadline.
 */
@Injectable()
export class ClarificationsService {
  /** Against flooding: questions one supplier may ask in one round, and their length. */
  private readonly questionLimits: { perRound: number; length: number };

  constructor(
    private readonly support: DialogueSupport,
    private readonly clock: Clock,
    @Inject(Environment) env: Environment,
  ) {
    this.questionLimits = { perRound: env.DIALOGUE_MAX_QUESTIONS_PER_ROUND, length: env.DIALOGUE_MAX_QUESTION_LENGTH };
  }

  async list(planId: string, roundId: string, caller: Caller, page: Pick<PageQuery, 'limit' | 'cursor'> = { limit: 20 }) {
    const { manager } = await this.support.readRound(planId, roundId, caller);
    assertSeesDialogueContent(caller);
    if (caller.role === 'supplier') {
      await this.support.requireRegistration(manager, planId, caller);
      const own = await manager.find(EnquiryEntity, { where: { roundId, businessId: caller.businessId! }, order: { askedAt: 'ASC' } });
      return { published: await this.published(manager, planId, roundId), mine: own.map(views.ownQuestion) };
    }
    // Suppliers could ask many questions: the officer's list comes in pages, oldest first.
    const qb = manager.createQueryBuilder(EnquiryEntity, 'q').where('q.round_id = :roundId', { roundId });
    const after = page.cursor ? QUESTIONS_CURSOR.decode(page.cursor) : null;
    const order = { at: 'q.asked_at', id: 'q.id', direction: 'ASC' } as const;
    const { rows, more } = await keysetPage(qb, order, page.limit, after && { at: new Date(after.askedAt), id: after.id });
    const last = rows.at(-1);
    return {
      published: await this.published(manager, planId, roundId),
      all: rows.map(views.officerQuestion),
      nextCursor: more && last ? QUESTIONS_CURSOR.encode({ askedAt: last.askedAt.toISOString(), id: last.id }) : null,
    };
  }

  /** The published answers of a plan (or of one round) with the questions each answers, askers anonymous. */
  async published(manager: EntityManager, planId: string, roundId?: string) {
    const answers = await manager.find(EnquiryAnswerEntity, { where: roundId ? { planId, roundId } : { planId }, order: { publishedAt: 'ASC' } });
    if (answers.length === 0) return [];
    const questions = await manager.find(EnquiryEntity, { where: { answerId: In(answers.map((a) => a.id)) }, order: { askedAt: 'ASC' } });
    return answers.map((a) =>
      views.publishedAnswer(
        a,
        questions.filter((q) => q.answerId === a.id),
      ),
    );
  }

  async ask(planId: string, roundId: string, dto: AskQuestionDto, caller: Caller) {
    if (dto.question.length > this.questionLimits.length) {
      throw new UnprocessableError('dialogue.questionTooLong', { max: this.questionLimits.length }, [
        `question: is ${dto.question.length} characters long; the limit is ${this.questionLimits.length}`,
      ]);
    }
    return this.support.changeRound(planId, roundId, caller, async ({ manager, plan, round, schedule }) => {
      await this.support.requireRegistration(manager, planId, caller);
      // Counted under the plan-row lock taken above, so concurrent questions cannot pass the limit together.
      const asked = await manager.count(EnquiryEntity, { where: { roundId, businessId: caller.businessId! } });
      if (asked >= this.questionLimits.perRound) {
        throw new TooManyRequestsError('dialogue.questionLimit', { max: this.questionLimits.perRound, asked });
      }
      this.support.requireRunning(plan);
      const now = this.clock.now();
      if (now < round.opensAt) throw new ConflictError('dialogue.questionsNotYet', { opensAt: iso(round.opensAt) });
      if (now >= round.questionsUntil || schedule.closedAt !== null) {
        throw new ConflictError('dialogue.questionsClosed', { until: iso(round.questionsUntil) });
      }
      const row = Object.assign(new EnquiryEntity(), {
        id: randomUUID(),
        roundId,
        planId,
        businessId: caller.businessId!,
        authorHash: this.support.authorHash(planId, caller.businessId!),
        question: dto.question,
        askedAt: now,
        answerId: null,
      });
      await manager.insert(EnquiryEntity, row);
      await this.support.record(manager, plan, 'QUESTION_ASKED', caller, { roundId, questionId: row.id, authorHash: row.authorHash }, { question: [row] });
      return views.ownQuestion(row);
    });
  }

  async publishAnswer(planId: string, roundId: string, dto: PublishAnswerDto, caller: Caller) {
    return this.support.changeRound(planId, roundId, caller, async ({ manager, plan, round, schedule }) => {
      assertOwningOfficer(plan, caller);
      this.support.requireRunning(plan);
      const kind = dto.kind ?? 'answer';
      const now = this.clock.now();
      if (kind === 'answer' && (now >= round.clarificationsUntil || schedule.clarificationsClosedAt !== null)) {
        throw new ConflictError('dialogue.answersClosed', { until: iso(round.clarificationsUntil) });
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
      const type = kind === 'answer' ? 'ANSWER_PUBLISHED' : 'QUESTION_DISMISSED';
      const payload = { roundId, answerId: answer.id, questionIds: dto.questionIds, text: dto.text };
      await this.support.record(manager, plan, type, caller, payload, { answer: [answer], question: questions });
      return views.publishedAnswer(
        answer,
        questions.map((q) => extended(q, { answerId: answer.id })),
      );
    });
  }
}
