import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import { roundTypesTaking } from '../../workflows/common/round-types';
import type { RequirementId } from '../../workflows/common/requirements';
import type { PlanFacts } from '../../workflows/common/types';
import { EngineService } from '../engine/engine.service';
import { FactsService, type FactsContributor } from '../engine/facts.service';
import type { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { DialogueRoundEntity, EnquiryEntity, MeetingEntity, SupplierRegistrationEntity } from './dialogue.entities';

/** The requirements whose facts this module counts from its tables (see DialogueFactsService.contribute). */
export const DIALOGUE_FACTS: readonly RequirementId[] = ['dialogue.questionsAnswered', 'dialogue.meetingsOfferedToAll', 'dialogue.heldWithSuppliers'];

/** The dialogue's part of a plan's facts, counted in the transaction of the decision that needs them. */
@Injectable()
export class DialogueFactsService implements OnModuleInit, FactsContributor {
  readonly serves = DIALOGUE_FACTS;

  constructor(
    private readonly facts: FactsService,
    private readonly engine: EngineService,
  ) {}

  onModuleInit(): void {
    this.facts.register(this);
  }

  /** Facts for leaving the dialogue: rounds held with suppliers, unanswered questions and suppliers never offered a meeting. */
  async contribute(manager: EntityManager, plan: ProcurementPlanEntity, facts: PlanFacts): Promise<void> {
    facts.dialogue.unansweredQuestions = await manager.count(EnquiryEntity, { where: { planId: plan.id, answerId: IsNull() } });
    const registered = await manager.find(SupplierRegistrationEntity, { where: { planId: plan.id }, select: { businessId: true, registeredAt: true } });
    facts.dialogue.registrations = registered.length;
    // No empty dialogues: a round counts as held when it closed with a supplier registered before its close.
    const closedAt = Object.values(plan.snapshot.context.dialogue.rounds).flatMap((r) => (r.closedAt === null ? [] : [new Date(r.closedAt)]));
    facts.dialogue.roundsHeldWithSuppliers = closedAt.filter((closed) => registered.some((r) => r.registeredAt <= closed)).length;
    // Every round of a type with meetings owes each registered supplier an offer.
    const meetingTypes = roundTypesTaking(this.engine.definitionFor(plan).roundTypes, 'meetings');
    const withMeetings =
      meetingTypes.length === 0 ? [] : await manager.find(DialogueRoundEntity, { where: { planId: plan.id, type: In(meetingTypes) }, select: { id: true } });
    if (withMeetings.length === 0) {
      facts.dialogue.suppliersWithoutMeetingOffer = 0;
      return;
    }
    const offers = await manager.find(MeetingEntity, { where: { planId: plan.id }, select: { roundId: true, businessId: true } });
    const offered = new Set(offers.map((m) => `${m.roundId}/${m.businessId}`));
    facts.dialogue.suppliersWithoutMeetingOffer = withMeetings.reduce(
      (missing, round) => missing + registered.filter((r) => !offered.has(`${round.id}/${r.businessId}`)).length,
      0,
    );
  }
}
