import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { RoundTypeSpec } from '../../workflows/common/round-types';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { BadRequestError, ConflictError } from '../common/errors';
import { EngineService } from '../engine/engine.service';
import { assertOwningOfficer } from './dialogue-access';
import { actorOf, DialogueSupport, iso, type LoadedPlan } from './dialogue-support';
import { DialogueRoundEntity } from './dialogue.entities';
import * as views from './dialogue.views';
import type { CreateRoundDto, ExtendRoundDto } from './dto/create-round.dto';
import { checkQuestionnaire } from './questionnaire';

/** A round may open a little in the past: the officer's clock and ours differ by seconds. */
const OPENS_AT_TOLERANCE_MS = 5 * 60 * 1000;

interface RoundDates {
  opensAt: Date;
  questionsUntil: Date;
  clarificationsUntil: Date;
  closesAt: Date;
}

/**
 * Dialogue rounds: the officer creates one of a type the plan's workflow version offers, with what
 * that type takes (a questionnaire, draft items), and may extend its deadlines, never shorten them.
 * A round's deadlines are the workflow's: created and extended through the engine, they become
 * durable timers.
 */
@Injectable()
export class RoundsService {
  constructor(
    private readonly support: DialogueSupport,
    private readonly engine: EngineService,
    private readonly clock: Clock,
  ) {}

  async list(planId: string, caller: Caller) {
    return this.roundsOf(await this.support.read(planId, caller));
  }

  /** The plan's rounds with their periods and status, in the order they open. */
  async roundsOf({ manager, plan, context }: LoadedPlan) {
    const rounds = await manager.find(DialogueRoundEntity, { where: { planId: plan.id }, order: { opensAt: 'ASC' } });
    return rounds.map((r) => views.round(r, context.dialogue.rounds[r.id], this.clock.now(), this.support.dialogueEnd(plan)));
  }

  async get(planId: string, roundId: string, caller: Caller) {
    const { plan, round, schedule } = await this.support.readRound(planId, roundId, caller);
    return views.round(round, schedule, this.clock.now(), this.support.dialogueEnd(plan));
  }

  async create(planId: string, dto: CreateRoundDto, caller: Caller) {
    return this.support.changePlan(planId, caller, async ({ manager, plan }) => {
      assertOwningOfficer(plan, caller);
      if (!this.engine.definitionFor(plan).events.SCHEDULE_DIALOGUE_ROUND) {
        throw new ConflictError('dialogue.notInWorkflow', { workflowId: plan.workflowId });
      }
      const takes = this.support.roundType(plan, dto.type);
      const dates = this.checkDates(dto, this.clock.now());
      const questionnaire = dto.questionnaire ?? [];
      const draftItems = dto.draftItems ?? [];
      checkParts(dto.type, takes, questionnaire.length, draftItems.length);
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
        { records: await this.support.digests(manager, { round: [round] }) },
      );
      return views.round(round, updated.snapshot.context.dialogue.rounds[round.id], this.clock.now());
    });
  }

  async extend(planId: string, roundId: string, dto: ExtendRoundDto, caller: Caller) {
    return this.support.changeRound(planId, roundId, caller, async ({ manager, plan, round, schedule }) => {
      assertOwningOfficer(plan, caller);
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
        if (field === 'clarificationsUntil' && schedule.clarificationsClosedAt !== null)
          problems.push('clarificationsUntil: the clarification period has already ended');
      }
      problems.push(...orderProblems(next));
      if (Object.values(dto).every((v) => v === undefined)) problems.push('send at least one of questionsUntil, clarificationsUntil, closesAt');
      if (problems.length > 0) throw new BadRequestError('dialogue.extensionInvalid', { problems: problems.join('; ') }, problems);

      const previous = {
        opensAt: iso(round.opensAt),
        questionsUntil: iso(round.questionsUntil),
        clarificationsUntil: iso(round.clarificationsUntil),
        closesAt: iso(round.closesAt),
      };
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
        { records: await this.support.digests(manager, { round: [round] }) },
      );
      return views.round(Object.assign(round, next), updated.snapshot.context.dialogue.rounds[roundId], now);
    });
  }

  private checkDates(dto: CreateRoundDto, now: Date): RoundDates {
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
}

/** The questionnaire and draft items a new round brings, against what its type takes in the plan's workflow version. */
function checkParts(roundType: string, takes: Readonly<RoundTypeSpec>, questions: number, draftItems: number): void {
  if (takes.questionnaire === 'required' && questions === 0) throw new BadRequestError('dialogue.questionnaireRequired');
  if (takes.questionnaire === 'forbidden' && questions > 0) throw new BadRequestError('dialogue.questionnaireOnlyRfi', { roundType });
  if (takes.draftItems === 'required' && draftItems === 0) throw new BadRequestError('dialogue.draftItemsRequired');
  if (takes.draftItems === 'forbidden' && draftItems > 0) throw new BadRequestError('dialogue.draftItemsOnlyConsultation', { roundType });
}

function orderProblems(d: RoundDates): string[] {
  const problems: string[] = [];
  if (d.questionsUntil < d.opensAt) problems.push('questionsUntil: must not be before opensAt');
  if (d.clarificationsUntil < d.questionsUntil) problems.push('clarificationsUntil: must not be before questionsUntil');
  if (d.closesAt < d.clarificationsUntil) problems.push('closesAt: must not be before clarificationsUntil');
  if (d.closesAt <= d.opensAt) problems.push('closesAt: must be after opensAt');
  return problems;
}
