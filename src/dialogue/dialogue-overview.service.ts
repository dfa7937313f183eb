import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import type { Caller } from '../common/auth/caller';
import { ClarificationsService } from './clarifications.service';
import { seesCountsOnly } from './dialogue-access';
import { DialogueSupport } from './dialogue-support';
import { DialogueRoundEntity, DraftCommentEntity, EnquiryEntity, MeetingEntity, SupplierRegistrationEntity, SupplierResponseEntity } from './dialogue.entities';
import * as views from './dialogue.views';
import { sharedMaterialOf } from './meetings.service';
import { RoundsService } from './rounds.service';
import { extended } from '../common/extended';

/**
 * A plan's dialogue at a glance, as the caller may see it: officers everything, managers and admins
 * counts, a registered supplier the published Q&A and the material shared in meetings.
 */
@Injectable()
export class DialogueOverviewService {
  constructor(
    private readonly support: DialogueSupport,
    private readonly rounds: RoundsService,
    private readonly clarifications: ClarificationsService,
  ) {}

  async get(planId: string, caller: Caller) {
    const loaded = await this.support.read(planId, caller);
    const { manager, plan, context } = loaded;
    const base = {
      planId,
      title: plan.title,
      stage: plan.stage,
      notice: views.notice(context),
      rounds: await this.rounds.roundsOf(loaded),
      summary: views.summary(context),
    };
    if (seesCountsOnly(caller)) return extended(base, { counts: await this.counts(manager, planId) });
    if (caller.role === 'supplier') {
      const registration = await this.support.registrationOf(manager, planId, caller);
      if (!registration) return extended(base, { registration: null });
      return extended(base, {
        registration: views.registration(registration),
        publishedAnswers: await this.clarifications.published(manager, planId),
        sharedMaterial: await sharedMaterialOf(manager, planId),
      });
    }
    return extended(base, {
      noticeWaiver: context.noticeWaiver,
      counts: await this.counts(manager, planId),
      registrations: (await manager.find(SupplierRegistrationEntity, { where: { planId }, order: { registeredAt: 'ASC' } })).map(views.registration),
    });
  }

  private async counts(manager: EntityManager, planId: string) {
    const registrations = await manager.find(SupplierRegistrationEntity, { where: { planId }, select: { id: true, sme: true } });
    const meetings = await manager.find(MeetingEntity, { where: { planId }, select: { id: true, heldAt: true } });
    const responders = await manager
      .createQueryBuilder(SupplierResponseEntity, 'r')
      .select("COUNT(DISTINCT r.round_id || '/' || r.business_id)", 'count')
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
}
