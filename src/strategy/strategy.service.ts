import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import { WorkflowRegistry } from '../../workflows/registry';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { ConflictError, ForbiddenError, UnprocessableError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { PlanStrategicGoalEntity, StrategicGoalEntity } from '../criteria/criteria.entities';
import { AuditLogService } from '../engine/audit-log.service';
import { EngineService } from '../engine/engine.service';
import { OrganisationTrailService } from '../engine/organisation-trail.service';
import { PlanLoader } from '../procurements/plan-loader';
import { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import type { CreateStrategicGoalDto } from './dto/strategic-goal.dto';

function goalView(goal: StrategicGoalEntity, servedBy: Array<Pick<ProcurementPlanEntity, 'id' | 'title' | 'stage'>>) {
  return {
    id: goal.id,
    organisation: goal.organisationId,
    title: goal.title,
    description: goal.description,
    goalCodes: goal.goalCodes,
    targetYear: goal.targetYear,
    createdAt: goal.createdAt.toISOString(),
    servedBy: servedBy.map((p) => ({ id: p.id, title: p.title, stage: p.stage })),
  };
}

/** Organisations' strategic goals, and which active plans serve them. */
@Injectable()
export class StrategyService implements OnModuleInit {
  private readonly closedStages: string[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly engine: EngineService,
    private readonly plans: PlanLoader,
    private readonly clock: Clock,
    private readonly audit: AuditLogService,
    private readonly organisationTrail: OrganisationTrailService,
    registry: WorkflowRegistry,
  ) {
    this.closedStages = [...new Set(registry.list().flatMap((d) => d.stages.filter((s) => s.final).map((s) => s.id)))];
  }

  onModuleInit(): void {
    this.audit.register({ kind: 'strategicGoal', label: 'strategic goal', entity: StrategicGoalEntity, chain: 'organisation', idOf: (g) => g.id });
    this.audit.register({ kind: 'planGoal', label: 'declared strategic goal', entity: PlanStrategicGoalEntity, chain: 'plan', idOf: (l) => l.goalId });
  }

  /** The organisation's own audit chain (its strategic goals), recomputed. */
  verifyTrail(organisation: string, caller: Caller) {
    this.assertOrganisation(organisation, caller, ['manager', 'admin']);
    return this.organisationTrail.verify(organisation);
  }

  async create(organisation: string, dto: CreateStrategicGoalDto, caller: Caller) {
    this.assertOrganisation(organisation, caller, ['manager', 'admin']);
    const goal = Object.assign(new StrategicGoalEntity(), {
      id: randomUUID(),
      organisationId: organisation,
      title: dto.title,
      description: dto.description,
      goalCodes: dto.goalCodes,
      targetYear: dto.targetYear ?? null,
      createdAt: this.clock.now(),
      createdBy: caller.id,
    });
    await this.unitOfWork.run(async (manager) => {
      await manager.insert(StrategicGoalEntity, goal);
      await this.organisationTrail.append(
        manager,
        organisation,
        'STRATEGIC_GOAL_CREATED',
        { id: caller.id, name: caller.name, role: caller.role },
        { id: goal.id, title: goal.title, goalCodes: goal.goalCodes, targetYear: goal.targetYear },
        await this.audit.digestsOf(manager, 'strategicGoal', [goal]),
      );
    });
    return goalView(goal, []);
  }

  /** Every strategic goal of the organisation with the active plans that declare they serve it. */
  async list(organisation: string, caller: Caller) {
    this.assertOrganisation(organisation, caller, ['officer', 'manager', 'admin']);
    return this.withActivePlans(this.dataSource.manager, organisation);
  }

  /** The strategic goals that no active plan of the organisation serves. */
  async unserved(organisation: string, caller: Caller) {
    return (await this.list(organisation, caller)).filter((g) => g.servedBy.length === 0);
  }

  async planGoals(planId: string, caller: Caller) {
    const manager = this.dataSource.manager;
    await this.plans.visible(manager, planId, caller);
    const links = await manager.find(PlanStrategicGoalEntity, { where: { planId } });
    if (links.length === 0) return [];
    const goals = await manager.find(StrategicGoalEntity, { where: { id: In(links.map((l) => l.goalId)) }, order: { title: 'ASC' } });
    return goals.map((g) => goalView(g, []));
  }

  /** Replaces the set of strategic goals the plan declares it serves. */
  async declare(planId: string, goalIds: string[], caller: Caller) {
    return this.unitOfWork.run(async (manager) => {
      const plan = await this.plans.editable(manager, planId, caller);
      if (this.closedStages.includes(plan.stage)) throw new ConflictError('strategy.planClosed', { stage: plan.stage });
      const goals = goalIds.length > 0 ? await manager.find(StrategicGoalEntity, { where: { id: In(goalIds), organisationId: plan.organisationId } }) : [];
      const unknown = goalIds.filter((id) => !goals.some((g) => g.id === id));
      if (unknown.length > 0) {
        throw new UnprocessableError('strategy.goalsUnknown', { goalIds: unknown.join(', '), organisationId: plan.organisationId }, [
          `strategicGoalIds: unknown ${unknown.join(', ')}`,
        ]);
      }
      const previous = await manager.find(PlanStrategicGoalEntity, { where: { planId } });
      await manager.delete(PlanStrategicGoalEntity, { planId });
      const now = this.clock.now();
      const links = goals.map((g) => Object.assign(new PlanStrategicGoalEntity(), { planId, goalId: g.id, declaredAt: now, declaredBy: caller.id }));
      if (links.length > 0) await manager.insert(PlanStrategicGoalEntity, links);
      await this.engine.record(
        manager,
        plan,
        'STRATEGIC_GOALS_DECLARED',
        { id: caller.id, name: caller.name, role: caller.role },
        { strategicGoalIds: goals.map((g) => g.id) },
        [
          ...this.audit.deleted(
            'planGoal',
            previous.filter((p) => !goals.some((g) => g.id === p.goalId)),
          ),
          ...(await this.audit.digestsOf(manager, 'planGoal', links)),
        ],
      );
      return goals.map((g) => goalView(g, []));
    });
  }

  private async withActivePlans(manager: EntityManager, organisation: string) {
    const goals = await manager.find(StrategicGoalEntity, { where: { organisationId: organisation }, order: { createdAt: 'ASC' } });
    if (goals.length === 0) return [];
    const links = await manager.find(PlanStrategicGoalEntity, { where: { goalId: In(goals.map((g) => g.id)) } });
    const plans = links.length
      ? await manager.find(ProcurementPlanEntity, {
          where: { id: In([...new Set(links.map((l) => l.planId))]), stage: Not(In(this.closedStages)) },
          select: { id: true, title: true, stage: true },
        })
      : [];
    return goals.map((g) =>
      goalView(
        g,
        links.filter((l) => l.goalId === g.id).flatMap((l) => plans.filter((p) => p.id === l.planId)),
      ),
    );
  }

  private assertOrganisation(organisation: string, caller: Caller, roles: string[]): void {
    if (!roles.includes(caller.role)) throw new ForbiddenError('auth.roleRefused', { roles: roles.join(', '), role: caller.role });
    if (caller.role !== 'admin' && caller.org !== organisation) {
      throw new ForbiddenError('strategy.ownOrganisationOnly', { org: caller.org });
    }
  }
}
