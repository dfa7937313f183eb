import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { NotFoundError, UnprocessableError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditLogService } from '../engine/audit-log.service';
import { EngineService } from '../engine/engine.service';
import { PlanLoader } from '../procurements/plan-loader';
import { LifeCycleCostModelEntity } from './criteria.entities';
import type { LifeCycleCostDto } from './dto/life-cycle-cost.dto';
import { computeLcc } from './life-cycle-cost';

export function lccView(model: LifeCycleCostModelEntity) {
  return {
    currency: model.currency,
    years: model.years,
    discountRatePercent: model.discountRatePercent,
    carbonPricePerTonne: model.carbonPricePerTonne,
    method: model.method,
    tendererData: model.tendererData,
    options: model.options,
    results: computeLcc(model),
    updatedAt: model.updatedAt.toISOString(),
    updatedBy: model.updatedBy,
  };
}

/** The plan's life-cycle cost model: options compared by net present cost and CO2e over their life. */
@Injectable()
export class LifeCycleCostService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly engine: EngineService,
    private readonly plans: PlanLoader,
    private readonly clock: Clock,
    private readonly audit: AuditLogService,
  ) {}

  onModuleInit(): void {
    this.audit.register({ kind: 'lifeCycleCost', label: 'life-cycle cost model', entity: LifeCycleCostModelEntity, chain: 'plan', idOf: (m) => m.planId });
  }

  async get(planId: string, caller: Caller) {
    const manager = this.dataSource.manager;
    await this.plans.visible(manager, planId, caller);
    const model = await manager.findOne(LifeCycleCostModelEntity, { where: { planId } });
    if (!model) throw new NotFoundError('lcc.notFound');
    return lccView(model);
  }

  async put(planId: string, dto: LifeCycleCostDto, caller: Caller) {
    return this.unitOfWork.run(async (manager) => {
      const plan = await this.plans.inStage(manager, planId, caller, 'lcc.editable', 'lcc.stageLocked');
      const names = dto.options.map((o) => o.name.trim().toLowerCase());
      if (new Set(names).size !== names.length) {
        throw new UnprocessableError('lcc.optionNamesRepeat', {}, ['options[].name: names repeat']);
      }
      const model = Object.assign(new LifeCycleCostModelEntity(), {
        planId,
        currency: dto.currency,
        years: dto.years,
        discountRatePercent: dto.discountRatePercent,
        carbonPricePerTonne: dto.carbonPricePerTonne,
        // A draft may leave both out; the workflow requires them before criteria are complete (lcc.methodAndDataStated).
        method: dto.method ?? '',
        tendererData: dto.tendererData ?? [],
        options: dto.options.map((o) => ({ ...o })),
        updatedAt: this.clock.now(),
        updatedBy: caller.id,
      });
      await manager.save(LifeCycleCostModelEntity, model);
      const view = lccView(model);
      await this.engine.record(
        manager,
        plan,
        'LIFE_CYCLE_COST_SET',
        { id: caller.id, name: caller.name, role: caller.role },
        view,
        await this.audit.digestsOf(manager, 'lifeCycleCost', [model]),
      );
      return view;
    });
  }

  async remove(planId: string, caller: Caller) {
    return this.unitOfWork.run(async (manager) => {
      const plan = await this.plans.inStage(manager, planId, caller, 'lcc.editable', 'lcc.stageLocked');
      const result = await manager.delete(LifeCycleCostModelEntity, { planId });
      if (!result.affected) throw new NotFoundError('lcc.notFound');
      await this.engine.record(
        manager,
        plan,
        'LIFE_CYCLE_COST_REMOVED',
        { id: caller.id, name: caller.name, role: caller.role },
        {},
        this.audit.deleted('lifeCycleCost', [{ planId }]),
      );
    });
  }
}
