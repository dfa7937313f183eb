import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { UnprocessableError } from '../common/errors';
import { DialogueSupport } from './dialogue-support';
import { DraftCommentEntity, SupplierResponseEntity, type ResponseAnswer } from './dialogue.entities';
import * as views from './dialogue.views';
import type { CommentDraftDto, SubmitResponseDto } from './dto/supplier-input.dto';
import { responseProblems } from './questionnaire';

/**
 * What registered suppliers submit to a round, in a round whose type takes it and until the round
 * closes: responses to its questionnaire (every version kept) and comments on its draft items.
 * Answers and comments a supplier marks buyer-only are trade secrets: the trail holds digests only.
 */
@Injectable()
export class ResponsesService {
  constructor(
    private readonly support: DialogueSupport,
    private readonly clock: Clock,
  ) {}

  async listResponses(planId: string, roundId: string, caller: Caller) {
    const { manager, where } = await this.support.roundContent(planId, roundId, caller);
    return views.responses(await manager.find(SupplierResponseEntity, { where, order: { businessId: 'ASC', version: 'ASC' } }));
  }

  async listComments(planId: string, roundId: string, caller: Caller) {
    const { manager, where } = await this.support.roundContent(planId, roundId, caller);
    return (await manager.find(DraftCommentEntity, { where, order: { submittedAt: 'ASC' } })).map(views.comment);
  }

  async submitResponse(planId: string, roundId: string, dto: SubmitResponseDto, caller: Caller) {
    return this.support.changeRound(planId, roundId, caller, async (loaded) => {
      const { manager, plan, round } = loaded;
      await this.support.requireRegistration(manager, planId, caller);
      this.support.requireRoundTakes(loaded, 'responses');
      this.support.requireRoundOpen(loaded);
      const answers: ResponseAnswer[] = dto.answers.map((a) => ({
        questionId: a.questionId,
        value: a.value,
        confidentiality: a.confidentiality ?? 'public',
        rationale: a.rationale ?? null,
      }));
      const problems = responseProblems(round.questionnaire, answers);
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
      const buyerOnlyAnswers = answers.filter((a) => a.confidentiality === 'buyerOnly').length;
      const payload = { roundId, responseId: row.id, businessId: row.businessId, version: row.version, answers: answers.length, buyerOnlyAnswers };
      await this.support.record(manager, plan, 'RESPONSE_SUBMITTED', caller, payload, { response: [row] });
      return views.responseVersion(row);
    });
  }

  async comment(planId: string, roundId: string, dto: CommentDraftDto, caller: Caller) {
    return this.support.changeRound(planId, roundId, caller, async (loaded) => {
      const { manager, plan, round } = loaded;
      await this.support.requireRegistration(manager, planId, caller);
      this.support.requireRoundTakes(loaded, 'comments');
      if (!round.draftItems.some((item) => item.id === dto.itemId)) {
        throw new UnprocessableError('dialogue.draftItemUnknown', { itemId: dto.itemId }, [`itemId: ${dto.itemId} is not a draft item of this round`]);
      }
      this.support.requireRoundOpen(loaded);
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
      const payload = { roundId, commentId: row.id, itemId: row.itemId, confidentiality: row.confidentiality };
      await this.support.record(manager, plan, 'DRAFT_COMMENT_SUBMITTED', caller, payload, { comment: [row] });
      return views.comment(row);
    });
  }
}
