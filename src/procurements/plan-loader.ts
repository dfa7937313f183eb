import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { stageHasTag, stagesWithTag } from '../../workflows/common/inspect';
import type { StageTag } from '../../workflows/common/tags';
import { WorkflowRegistry } from '../../workflows/registry';
import type { Caller } from '../common/auth/caller';
import { ConflictError, NotFoundError } from '../common/errors';
import { assertCanSee, assertOnTeam } from './plan-access';
import { ProcurementPlanEntity } from '../engine/procurement-plan.entity';

/** Loads a plan for a feature module, applying the same visibility rule as the plan resource. */
@Injectable()
export class PlanLoader {
  constructor(private readonly registry: WorkflowRegistry) {}

  async visible(manager: EntityManager, planId: string, caller: Caller, options: { lock?: boolean } = {}): Promise<ProcurementPlanEntity> {
    // A command that reads the plan's records and then changes them locks the row first (PostgreSQL;
    // SQLite runs one transaction at a time), so what it read still holds when it commits.
    const lock = options.lock && manager.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {};
    const plan = await manager.findOne(ProcurementPlanEntity, { where: { id: planId }, ...lock });
    if (!plan) throw new NotFoundError('plan.notFound', { planId });
    assertCanSee(plan, caller);
    return plan;
  }

  /** A plan the caller is about to change, locked for the change: officers must be on its team. */
  async editable(manager: EntityManager, planId: string, caller: Caller): Promise<ProcurementPlanEntity> {
    const plan = await this.visible(manager, planId, caller, { lock: true });
    assertOnTeam(plan, caller);
    return plan;
  }

  /** A plan whose records may be edited only in stages carrying `tag`, locked for the change. */
  async inStage(
    manager: EntityManager,
    planId: string,
    caller: Caller,
    tag: StageTag,
    refusal: 'criteria.stageLocked' | 'lcc.stageLocked',
  ): Promise<ProcurementPlanEntity> {
    const plan = await this.editable(manager, planId, caller);
    const def = this.registry.get(plan.workflowId, plan.workflowVersion);
    if (!def) throw new Error(`Plan uses unknown workflow ${plan.workflowId}@${plan.workflowVersion}`);
    if (!stageHasTag(def, plan.stage, tag)) {
      throw new ConflictError(refusal, { stages: stagesWithTag(def, tag).join(', '), stage: plan.stage });
    }
    return plan;
  }
}
