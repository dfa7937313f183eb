import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { Clock } from '../../common/clock';
import { ConflictError, UnprocessableError, ValidationError, type FieldIssue } from '../../common/errors';
import { CriterionEntity, PlanStrategicGoalEntity, StrategicGoalEntity } from '../../criteria/criteria.entities';
import { CRITERION_TEMPLATES } from '../../criteria/criterion-templates';
import { UnitOfWork } from '../../database/unit-of-work';
import { SupplierRegistrationEntity } from '../../dialogue/dialogue.entities';
import { AuditLogService } from '../../engine/audit-log.service';
import { EngineService } from '../../engine/engine.service';
import { PlanLoader } from '../../procurements/plan-loader';
import type { ProcurementPlanEntity } from '../../engine/procurement-plan.entity';
import type { OverrideStatisticsDto } from './dto/override-statistics.dto';
import { HilmaStatisticsOverrideEntity } from './hilma-statistics-override.entity';
import {
  deriveAnswers,
  followUps,
  hilmaPayload,
  HILMA_QUESTIONS,
  LOT_IDS,
  NUMBER_QUESTIONS,
  statisticsOf,
  unanswered,
  type Answer,
  type HilmaQuestion,
  type LotId,
  type Override,
} from './hilma-statistics';

export const STATISTICS_AUDIT_KIND = 'hilmaStatisticsOverride';
export const STATISTICS_OVERRIDDEN = 'HILMA_STATISTICS_OVERRIDDEN';
const MAX_OPPORTUNITIES = 100_000;
const FOOD_TEMPLATE_IDS: ReadonlySet<string> = new Set(CRITERION_TEMPLATES.filter((t) => t.category === 'foodAndCatering').map((t) => t.id));

/**
 * Hilma's statistical questions for a plan's E1 notice: derived from the plan's records on every read
 * (never stored), with the officer's overrides, which are stored and recorded on the plan's trail.
 */
@Injectable()
export class HilmaStatisticsService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly engine: EngineService,
    private readonly plans: PlanLoader,
    private readonly clock: Clock,
    private readonly audit: AuditLogService,
  ) {}

  onModuleInit(): void {
    this.audit.register({
      kind: STATISTICS_AUDIT_KIND,
      label: 'Hilma statistics override',
      entity: HilmaStatisticsOverrideEntity,
      chain: 'plan',
      idOf: (o) => o.id,
    });
  }

  async get(planId: string, caller: Caller) {
    const manager = this.dataSource.manager;
    const plan = await this.plans.visible(manager, planId, caller);
    return this.view(manager, plan);
  }

  /**
   * Sets or removes overrides, all in one change of the trail. Allowed in every stage but the final
   * ones: the answers go with the E1 notice and, later, the contract notice. No If-Match: an override
   * leaves the plan's own state (its version) alone, and the plan row lock orders concurrent ones.
   */
  async override(planId: string, dto: OverrideStatisticsDto, caller: Caller) {
    checkValues(dto);
    return this.unitOfWork.run(async (manager) => {
      const plan = await this.plans.editable(manager, planId, caller);
      if (this.engine.definitionFor(plan).stages.find((s) => s.id === plan.stage)?.final) {
        throw new ConflictError('hilmaStatistics.planClosed', { stage: plan.stage });
      }
      const stored = await manager.find(HilmaStatisticsOverrideEntity, { where: { planId } });
      const inputs = await this.inputs(manager, plan);
      this.checkAsked(dto, inputs.derived, stored);

      const now = this.clock.now();
      const written: HilmaStatisticsOverrideEntity[] = [];
      const removed: HilmaStatisticsOverrideEntity[] = [];
      const changes = [];
      for (const o of dto.overrides) {
        const current = stored.find((s) => s.lotId === o.lotId && s.question === o.question);
        changes.push({
          lotId: o.lotId,
          question: o.question,
          value: o.value,
          reason: o.reason,
          previous: current ? current.value : null,
          derived: inputs.derived[o.question].value,
        });
        if (o.value === null) {
          if (current) removed.push(current);
          continue;
        }
        const row = Object.assign(
          current ?? Object.assign(new HilmaStatisticsOverrideEntity(), { id: randomUUID(), planId, lotId: o.lotId, question: o.question }),
          {
            value: o.value,
            reason: o.reason,
            overriddenBy: caller.id,
            overriddenByName: caller.name,
            overriddenAt: now,
          },
        );
        written.push(row);
      }
      if (removed.length > 0) await manager.delete(HilmaStatisticsOverrideEntity, { id: In(removed.map((r) => r.id)) });
      if (written.length > 0) await manager.save(HilmaStatisticsOverrideEntity, written);
      await this.engine.record(
        manager,
        plan,
        STATISTICS_OVERRIDDEN,
        { id: caller.id, name: caller.name, role: caller.role },
        { noticeSubtype: 'E1', changes },
        [...(await this.audit.digestsOf(manager, STATISTICS_AUDIT_KIND, written)), ...this.audit.deleted(STATISTICS_AUDIT_KIND, removed)],
      );
      return this.view(manager, plan);
    });
  }

  private async view(manager: EntityManager, plan: ProcurementPlanEntity) {
    const { derived } = await this.inputs(manager, plan);
    const stored = await manager.find(HilmaStatisticsOverrideEntity, { where: { planId: plan.id } });
    const lots = Object.fromEntries(LOT_IDS.map((lotId) => [lotId, statisticsOf(derived, overridesOf(stored, lotId))]));
    return {
      planId: plan.id,
      noticeSubtype: 'E1' as const,
      lots,
      unanswered: LOT_IDS.flatMap((lotId) => unanswered(lots[lotId]).map((question) => ({ lotId, question }))),
      hilmaStatistics: Object.fromEntries(LOT_IDS.map((lotId) => [lotId, hilmaPayload(lots[lotId])])),
    };
  }

  private async inputs(manager: EntityManager, plan: ProcurementPlanEntity) {
    const criteria = await manager.find(CriterionEntity, { where: { planId: plan.id }, order: { position: 'ASC' } });
    const declared = await manager.find(PlanStrategicGoalEntity, { where: { planId: plan.id } });
    const goals =
      declared.length === 0 ? [] : await manager.find(StrategicGoalEntity, { where: { id: In(declared.map((d) => d.goalId)) }, order: { createdAt: 'ASC' } });
    const total = await manager.count(SupplierRegistrationEntity, { where: { planId: plan.id } });
    const sme = await manager.count(SupplierRegistrationEntity, { where: { planId: plan.id, sme: true } });
    const derived = deriveAnswers({
      cpvCode: plan.cpvCode,
      context: plan.snapshot.context,
      criteria,
      declaredGoals: goals.map((g) => ({ id: g.id, title: g.title, goalCodes: g.goalCodes })),
      registrations: { total, sme },
      foodTemplateIds: FOOD_TEMPLATE_IDS,
    });
    return { derived };
  }

  /** A follow-up question may be overridden only while Hilma asks it, judged on the answers as the request leaves them. */
  private checkAsked(dto: OverrideStatisticsDto, derived: ReturnType<typeof deriveAnswers>, stored: HilmaStatisticsOverrideEntity[]): void {
    for (const lotId of LOT_IDS) {
      const overrides: Partial<Record<HilmaQuestion, Answer>> = Object.fromEntries(stored.filter((s) => s.lotId === lotId).map((s) => [s.question, s.value]));
      for (const o of dto.overrides.filter((x) => x.lotId === lotId)) {
        if (o.value === null) delete overrides[o.question];
        else overrides[o.question] = o.value;
      }
      const answers = Object.fromEntries(HILMA_QUESTIONS.map((q) => [q, q in overrides ? overrides[q]! : derived[q].value]));
      const follow = followUps(answers);
      for (const o of dto.overrides.filter((x) => x.lotId === lotId && x.value !== null)) {
        const rule = follow[o.question];
        if (rule && !rule.asked) throw new UnprocessableError('hilmaStatistics.notAsked', { lotId, question: o.question, after: rule.after.join(', ') });
      }
    }
  }
}

function overridesOf(stored: HilmaStatisticsOverrideEntity[], lotId: LotId): Partial<Record<HilmaQuestion, Override>> {
  return Object.fromEntries(
    stored
      .filter((s) => s.lotId === lotId)
      .map((s) => [s.question, { value: s.value, reason: s.reason, by: { id: s.overriddenBy, name: s.overriddenByName }, at: s.overriddenAt.toISOString() }]),
  );
}

/** Each value has its question's type (class-validator cannot tie one field's type to another's value); a question comes once. */
function checkValues(dto: OverrideStatisticsDto): void {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  dto.overrides.forEach((o, i) => {
    const field = `overrides[${i}].value`;
    const key = `${o.lotId}/${o.question}`;
    if (seen.has(key)) issues.push({ field: `overrides[${i}]`, rule: 'validation.arrayUnique' });
    seen.add(key);
    if (o.value === null) return;
    if (NUMBER_QUESTIONS.includes(o.question)) {
      if (typeof o.value !== 'number' || !Number.isInteger(o.value)) issues.push({ field, rule: 'validation.integer' });
      else if (o.value < 0) issues.push({ field, rule: 'validation.min', params: { min: 0 } });
      else if (o.value > MAX_OPPORTUNITIES) issues.push({ field, rule: 'validation.max', params: { max: MAX_OPPORTUNITIES } });
    } else if (typeof o.value !== 'boolean') {
      issues.push({ field, rule: 'validation.boolean' });
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
}
