import { createHmac } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { PlanContext, RoundSchedule, RoundType } from '../../workflows/common/context';
import type { RoundTypeSpec } from '../../workflows/common/round-types';
import type { Actor } from '../../workflows/common/types';
import type { Caller } from '../common/auth/caller';
import { resolveSecret } from '../common/auth/jwt-secret';
import { Clock } from '../common/clock';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { Environment } from '../config/environment';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditLogService, type RecordDigest } from '../engine/audit-log.service';
import { EngineService } from '../engine/engine.service';
import { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { assertCanSeeDialogue, assertSeesDialogueContent } from './dialogue-access';
import { DIALOGUE_AUDITED, DialogueRoundEntity, SupplierRegistrationEntity } from './dialogue.entities';
import type { DialogueEnd } from './dialogue.views';
import { extended } from '../common/extended';

/** A plan as the caller may see it, with the manager its dialogue is read or changed through. */
export interface LoadedPlan {
  manager: EntityManager;
  plan: ProcurementPlanEntity;
  context: PlanContext;
}

export interface LoadedRound extends LoadedPlan {
  round: DialogueRoundEntity;
  schedule: RoundSchedule;
}

/** What a command stored, by kind, in the order the trail lists it. */
export type StoredRows = Partial<Record<(typeof DIALOGUE_AUDITED)[number][0], readonly ObjectLiteral[]>>;

/** How a round whose type does not take a part refuses it (the codes name the type that takes it in the first version). */
const NOT_TAKEN = { responses: 'dialogue.noQuestionnaire', comments: 'dialogue.noDraftItems', meetings: 'dialogue.noMeetings' } as const;

/**
 * One page of a list ordered by an instant, then by id (both ascending or both descending), starting
 * after the row a cursor names; one row more is read to know whether another page follows.
 */
export async function keysetPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  order: { at: string; id: string; direction: 'ASC' | 'DESC' },
  limit: number,
  after: { at: Date; id: string } | null,
): Promise<{ rows: T[]; more: boolean }> {
  const beyond = order.direction === 'ASC' ? '>' : '<';
  if (after) qb.andWhere(`(${order.at} ${beyond} :at OR (${order.at} = :at AND ${order.id} ${beyond} :id))`, { at: after.at, id: after.id });
  const rows = await qb
    .orderBy(order.at, order.direction)
    .addOrderBy(order.id, order.direction)
    .take(limit + 1)
    .getMany();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

export const actorOf = (caller: Caller): Actor => ({ id: caller.id, name: caller.name, role: caller.role });
export const iso = (d: Date) => d.toISOString();

/**
 * What the dialogue's services share: the plan and a round of it loaded for a caller (for a command in
 * one transaction with the plan row held), the supplier's registration, the checks of stage and round
 * period, what the plan's workflow version lets a round type take, the record of a change on the
 * plan's trail, and suppliers' pseudonyms.
 */
@Injectable()
export class DialogueSupport implements OnModuleInit {
  private readonly anonymisationKey: string;

  constructor(
    private readonly engine: EngineService,
    private readonly audit: AuditLogService,
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(Environment) env: Environment,
  ) {
    this.anonymisationKey = resolveSecret(env.ANONYMISATION_SECRET, env.SQLITE_PATH, 'anonymisation-secret').secret;
  }

  onModuleInit(): void {
    for (const [kind, label, entity] of DIALOGUE_AUDITED) this.audit.register<{ id: string }>({ kind, label, entity, chain: 'plan', idOf: (row) => row.id });
  }

  read(planId: string, caller: Caller): Promise<LoadedPlan> {
    return this.load(this.dataSource.manager, planId, caller, false);
  }

  readRound(planId: string, roundId: string, caller: Caller): Promise<LoadedRound> {
    return this.loadRound(this.dataSource.manager, planId, roundId, caller, false);
  }

  /** A command on the plan's dialogue: one transaction holding the plan row until it commits (see EngineService.lockPlan). */
  changePlan<T>(planId: string, caller: Caller, work: (loaded: LoadedPlan) => Promise<T>): Promise<T> {
    return this.unitOfWork.run(async (manager) => work(await this.load(manager, planId, caller, true)));
  }

  /** A command on one round, as changePlan. */
  changeRound<T>(planId: string, roundId: string, caller: Caller, work: (loaded: LoadedRound) => Promise<T>): Promise<T> {
    return this.unitOfWork.run(async (manager) => work(await this.loadRound(manager, planId, roundId, caller, true)));
  }

  /**
   * Before a list of suppliers' content in a round (responses, comments): those who see counts only
   * are refused, a supplier must have registered and reads only its own rows; the filter to them.
   */
  async roundContent(planId: string, roundId: string, caller: Caller): Promise<{ manager: EntityManager; where: { roundId: string; businessId?: string } }> {
    const { manager } = await this.readRound(planId, roundId, caller);
    assertSeesDialogueContent(caller);
    if (caller.role === 'supplier') await this.requireRegistration(manager, planId, caller);
    return { manager, where: caller.role === 'supplier' ? { roundId, businessId: caller.businessId! } : { roundId } };
  }

  registrationOf(manager: EntityManager, planId: string, caller: Caller): Promise<SupplierRegistrationEntity | null> {
    if (caller.role !== 'supplier') return Promise.resolve(null);
    return manager.findOne(SupplierRegistrationEntity, { where: { planId, businessId: caller.businessId! } });
  }

  async requireRegistration(manager: EntityManager, planId: string, caller: Caller): Promise<void> {
    if (caller.role !== 'supplier') throw new ForbiddenError('dialogue.suppliersOnly');
    if (!(await this.registrationOf(manager, planId, caller))) {
      throw new ForbiddenError('dialogue.registerFirst', { planId });
    }
  }

  requireRunning(plan: ProcurementPlanEntity): void {
    if (!this.engine.hasTag(plan, 'dialogue.running')) throw new ConflictError('dialogue.notRunning', { stage: plan.stage });
  }

  /** Responses and comments: only between opening and closing, and never once the round has closed. */
  requireRoundOpen({ plan, round, schedule }: LoadedRound): void {
    this.requireRunning(plan);
    const now = this.clock.now();
    if (now < round.opensAt) throw new ConflictError('dialogue.roundNotOpen', { opensAt: iso(round.opensAt) });
    if (now >= round.closesAt || schedule.closedAt !== null) throw new ConflictError('dialogue.roundClosed', { closesAt: iso(round.closesAt) });
  }

  /** What a round of this type takes in the plan's workflow version; a type the version does not offer is refused. */
  roundType(plan: ProcurementPlanEntity, type: RoundType): Readonly<RoundTypeSpec> {
    const def = this.engine.definitionFor(plan);
    const spec = def.roundTypes[type];
    if (!spec) throw new ConflictError('dialogue.roundTypeNotOffered', { roundType: type, workflowId: def.id, version: def.version });
    return spec;
  }

  /** Refuses a part of a round that its type does not take in the plan's workflow version: responses, comments or meetings. */
  requireRoundTakes({ plan, round }: Pick<LoadedRound, 'plan' | 'round'>, part: keyof typeof NOT_TAKEN): void {
    if (!this.roundType(plan, round.type)[part]) throw new BadRequestError(NOT_TAKEN[part], { roundType: round.type });
  }

  /**
   * How the dialogue ended when the plan has left it: cancelled with the plan, or closed as the plan
   * moved on. Leaving the stage cancels the rounds' deadline timers, so their rows never record it.
   */
  dialogueEnd(plan: ProcurementPlanEntity): DialogueEnd | null {
    if (this.engine.hasTag(plan, 'dialogue.running')) return null;
    return { status: this.engine.hasTag(plan, 'plan.cancelled') ? 'cancelled' : 'closed', at: plan.stageEnteredAt };
  }

  /** The digests of the rows a command stored, for the trail. */
  async digests(manager: EntityManager, stored: StoredRows): Promise<RecordDigest[]> {
    const digests: RecordDigest[] = [];
    for (const [kind, rows] of Object.entries(stored)) digests.push(...(await this.audit.digestsOf(manager, kind, rows)));
    return digests;
  }

  /** Records a change of the dialogue's tables on the plan's trail, with the digest of each row it stored. */
  async record(
    manager: EntityManager,
    plan: ProcurementPlanEntity,
    type: string,
    caller: Caller,
    payload: Record<string, unknown>,
    stored: StoredRows,
  ): Promise<void> {
    await this.engine.record(manager, plan, type, actorOf(caller), payload, await this.digests(manager, stored));
  }

  /** A stable pseudonym of a supplier within one plan; without the key nobody can link it to a business id. */
  authorHash(planId: string, businessId: string): string {
    return `anon-${createHmac('sha256', this.anonymisationKey).update(`${planId}:${businessId}`).digest('hex').slice(0, 16)}`;
  }

  private async load(manager: EntityManager, planId: string, caller: Caller, lock: boolean): Promise<LoadedPlan> {
    const plan = lock ? await this.engine.lockPlan(manager, planId) : await manager.findOne(ProcurementPlanEntity, { where: { id: planId } });
    if (!plan) throw new NotFoundError('plan.notFound', { planId });
    assertCanSeeDialogue(plan, caller);
    return { manager, plan, context: plan.snapshot.context };
  }

  private async loadRound(manager: EntityManager, planId: string, roundId: string, caller: Caller, lock: boolean): Promise<LoadedRound> {
    const loaded = await this.load(manager, planId, caller, lock);
    const round = await manager.findOne(DialogueRoundEntity, { where: { id: roundId, planId } });
    const schedule = loaded.context.dialogue.rounds[roundId];
    if (!round || !schedule) throw new NotFoundError('dialogue.roundNotFound', { roundId });
    return extended(loaded, { round, schedule });
  }
}
