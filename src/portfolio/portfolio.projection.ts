import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WorkflowRegistry } from '../../workflows/registry';
import { sql } from '../common/sql';
import { writeAtCommit } from '../database/pipeline';
import { CriterionEntity } from '../criteria/criteria.entities';
import { EngineService, type CommittedChange } from '../engine/engine.service';
import { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { PlanGoalCodeEntity } from './portfolio.entities';

export const DAY_MS = 24 * 60 * 60 * 1000;
const CRITERIA_CHANGES = new Set(['CRITERION_ADDED', 'CRITERION_UPDATED', 'CRITERION_REMOVED', 'CRITERIA_REPLACED']);

/** Whole days a stay lasted: what the portfolio's percentiles are computed over. */
export const stayDays = (enteredAt: Date, leftAt: Date) => Math.max(0, Math.floor((leftAt.getTime() - enteredAt.getTime()) / DAY_MS));

/**
 * Keeps the manager views' read models in step with the plans, inside each change's transaction:
 * completed stage stays as a per-day histogram, the goal codes each plan's strategy serves, and the
 * number of environmental award criteria of each plan.
 */
@Injectable()
export class PortfolioProjection implements OnModuleInit {
  readonly closedStages: ReadonlySet<string>;

  constructor(
    private readonly engine: EngineService,
    registry: WorkflowRegistry,
  ) {
    this.closedStages = new Set(registry.list().flatMap((d) => d.stages.filter((s) => s.final).map((s) => s.id)));
  }

  onModuleInit(): void {
    this.engine.onCommit((manager, plan, change) => this.apply(manager, plan, change));
  }

  async apply(manager: EntityManager, plan: ProcurementPlanEntity, change: CommittedChange): Promise<void> {
    if (change.fromStage !== null && change.fromStage !== change.toStage && change.fromStageEnteredAt) {
      await this.countStay(manager, plan.organisationId, change.fromStage, stayDays(change.fromStageEnteredAt, change.at));
    }
    if (change.type === 'RECORD_SUSTAINABILITY_STRATEGY') await this.replaceGoalCodes(manager, plan);
    if (this.closedStages.has(change.toStage) && !this.closedStages.has(change.fromStage ?? '')) {
      await manager.update(PlanGoalCodeEntity, { planId: plan.id }, { active: false });
    }
    if (CRITERIA_CHANGES.has(change.type)) await this.countEnvironmentalAward(manager, plan);
  }

  async countStay(manager: EntityManager, organisationId: string, stage: string, days: number, stays = 1): Promise<void> {
    // Sent with the COMMIT, in the counter rows' order (see writeAtCommit): under group commit one
    // transaction may add to several counters, and two transactions must not lock them in opposite orders.
    await writeAtCommit(
      manager,
      `${organisationId}\u0000${stage}\u0000${days}`,
      sql(
        manager,
        'INSERT INTO stage_stay_days (organisation_id, stage, days, stays) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (organisation_id, stage, days) DO UPDATE SET stays = stage_stay_days.stays + excluded.stays',
      ),
      [organisationId, stage, days, stays],
    );
  }

  private async replaceGoalCodes(manager: EntityManager, plan: ProcurementPlanEntity): Promise<void> {
    await manager.delete(PlanGoalCodeEntity, { planId: plan.id });
    const codes = [...new Set(plan.snapshot.context.strategy?.goals.map((g) => g.code) ?? [])];
    if (codes.length === 0) return;
    const active = !this.closedStages.has(plan.stage);
    await manager.insert(
      PlanGoalCodeEntity,
      codes.map((goalCode) => ({ planId: plan.id, goalCode, organisationId: plan.organisationId, active })),
    );
  }

  private async countEnvironmentalAward(manager: EntityManager, plan: ProcurementPlanEntity): Promise<void> {
    const count = await manager
      .createQueryBuilder(CriterionEntity, 'c')
      .where('c.plan_id = :planId', { planId: plan.id })
      .andWhere('c.kind = :kind', { kind: 'awardCriteria' })
      .andWhere("c.goal_code LIKE 'environmental%'")
      .getCount();
    await manager.update(ProcurementPlanEntity, { id: plan.id }, { environmentalAwardCriteria: count });
    plan.environmentalAwardCriteria = count;
  }
}
