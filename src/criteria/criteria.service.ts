import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequirementId } from '../../workflows/common/requirements';
import type { PlanFacts } from '../../workflows/common/types';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { BadRequestError, NotFoundError, UnprocessableError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditLogService } from '../engine/audit-log.service';
import { EngineService } from '../engine/engine.service';
import { FactsService, type FactsContributor } from '../engine/facts.service';
import type { Language } from '../i18n/language';
import { PlanLoader } from '../procurements/plan-loader';
import type { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { CriterionEntity, LifeCycleCostModelEntity } from './criteria.entities';
import { CRITERION_TEMPLATES, type CriterionTemplate } from './criterion-templates';
import type { CriterionDto, TemplateQuery } from './dto/criterion.dto';
import { findLocalOriginPreference } from './local-origin/index';
import { localisedTemplate } from './localised-templates';
import { extended } from '../common/extended';

const WEIGHT_TOTAL = 100;
/** The requirements whose facts this module reads from its tables (see contribute()). */
export const CRITERIA_FACTS: readonly RequirementId[] = [
  'criteria.awardDefined',
  'criteria.awardWeightsSum100',
  'criteria.awardLinkedToSubject',
  'lcc.methodAndDataStated',
];

type ResolvedCriterion = Pick<
  CriterionEntity,
  'kind' | 'title' | 'text' | 'goalCode' | 'verification' | 'weight' | 'subjectLink' | 'source' | 'sourceReference' | 'templateId'
>;

const sumWeights = (criteria: Array<Pick<CriterionEntity, 'kind' | 'weight'>>) =>
  Math.round(criteria.filter((c) => c.kind === 'awardCriteria').reduce((sum, c) => sum + (c.weight ?? 0), 0) * 100) / 100;

export function criterionView(c: CriterionEntity) {
  return {
    id: c.id,
    kind: c.kind,
    title: c.title,
    text: c.text,
    goalCode: c.goalCode,
    verification: c.verification,
    weight: c.weight,
    subjectLink: c.subjectLink,
    source: c.source,
    sourceReference: c.sourceReference,
    templateId: c.templateId,
    position: c.position,
    updatedAt: c.updatedAt.toISOString(),
  };
}

/**
 * A plan's sustainability criteria. Rules that make a criterion unlawful or unusable are refused
 * at input (422, naming the field); rules about the set as a whole (weights summing to 100) are the
 * workflow's requirements for leaving criteriaAndStrategy, and the bulk replace checks them too.
 */
@Injectable()
export class CriteriaService implements OnModuleInit, FactsContributor {
  readonly serves = CRITERIA_FACTS;

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly engine: EngineService,
    private readonly facts: FactsService,
    private readonly plans: PlanLoader,
    private readonly clock: Clock,
    private readonly audit: AuditLogService,
  ) {}

  onModuleInit(): void {
    this.facts.register(this);
    this.audit.register({ kind: 'criterion', label: 'criterion', entity: CriterionEntity, chain: 'plan', idOf: (c) => c.id });
  }

  async contribute(manager: EntityManager, plan: ProcurementPlanEntity, facts: PlanFacts): Promise<void> {
    const award = await manager.find(CriterionEntity, {
      where: { planId: plan.id, kind: 'awardCriteria' },
      select: { kind: true, weight: true, subjectLink: true },
    });
    const lcc = await manager.findOne(LifeCycleCostModelEntity, { where: { planId: plan.id }, select: { planId: true, method: true, tendererData: true } });
    facts.criteria = {
      awardCriteria: award.length,
      awardWeightTotal: sumWeights(award),
      awardWithoutSubjectLink: award.filter((c) => !c.subjectLink?.trim()).length,
      lifeCycleCostUsed: lcc !== null,
      lifeCycleCostMethodStated: lcc !== null && lcc.method.trim().length > 0 && lcc.tendererData.length > 0,
    };
  }

  /** The templates, their titles and texts in `language`. */
  templates(query: TemplateQuery, language: Language): CriterionTemplate[] {
    return CRITERION_TEMPLATES.filter((t) => (!query.category || t.category === query.category) && (!query.kind || t.kind === query.kind)).map((t) =>
      localisedTemplate(t, language),
    );
  }

  async list(planId: string, caller: Caller) {
    const manager = this.dataSource.manager;
    await this.plans.visible(manager, planId, caller);
    const criteria = await manager.find(CriterionEntity, { where: { planId }, order: { position: 'ASC' } });
    return { awardWeightTotal: sumWeights(criteria), criteria: criteria.map(criterionView) };
  }

  /** A criterion from a template takes the template's texts in `language`, the language of the tender documents. */
  async add(planId: string, dto: CriterionDto, caller: Caller, language: Language) {
    return this.unitOfWork.run(async (manager) => {
      const plan = await this.plans.inStage(manager, planId, caller, 'criteria.editable', 'criteria.stageLocked');
      const resolved = this.resolve(dto, 'criterion', language);
      const existing = await manager.find(CriterionEntity, { where: { planId } });
      const total = sumWeights([...existing, resolved]);
      if (total > WEIGHT_TOTAL) {
        throw new UnprocessableError('criteria.weightsOverTotal', { total, max: WEIGHT_TOTAL }, [
          `weight: award weights would sum to ${total} (> ${WEIGHT_TOTAL})`,
        ]);
      }
      const row = this.entity(planId, resolved, existing.reduce((max, c) => Math.max(max, c.position), 0) + 1, caller);
      await manager.insert(CriterionEntity, row);
      await this.engine.record(manager, plan, 'CRITERION_ADDED', actor(caller), criterionView(row), await this.audit.digestsOf(manager, 'criterion', [row]));
      return criterionView(row);
    });
  }

  /** Replaces every criterion at once; award weights, if any, must then sum to exactly 100. */
  async replaceAll(planId: string, dtos: CriterionDto[], caller: Caller, language: Language) {
    return this.unitOfWork.run(async (manager) => {
      const plan = await this.plans.inStage(manager, planId, caller, 'criteria.editable', 'criteria.stageLocked');
      const resolved = dtos.map((dto, i) => this.resolve(dto, `criteria[${i}]`, language));
      const total = sumWeights(resolved);
      if (resolved.some((c) => c.kind === 'awardCriteria') && total !== WEIGHT_TOTAL) {
        throw new UnprocessableError('criteria.weightsNotTotal', { total, expected: WEIGHT_TOTAL }, [
          `criteria[].weight: award weights sum to ${total}, not ${WEIGHT_TOTAL}`,
        ]);
      }
      const removed = await manager.find(CriterionEntity, { where: { planId }, select: { id: true } });
      await manager.delete(CriterionEntity, { planId });
      const rows = resolved.map((c, i) => this.entity(planId, c, i + 1, caller));
      if (rows.length > 0) await manager.insert(CriterionEntity, rows);
      await this.engine.record(manager, plan, 'CRITERIA_REPLACED', actor(caller), { criteria: rows.map(criterionView) }, [
        ...this.audit.deleted('criterion', removed),
        ...(await this.audit.digestsOf(manager, 'criterion', rows)),
      ]);
      return { awardWeightTotal: total, criteria: rows.map(criterionView) };
    });
  }

  async update(planId: string, criterionId: string, dto: CriterionDto, caller: Caller) {
    return this.unitOfWork.run(async (manager) => {
      const plan = await this.plans.inStage(manager, planId, caller, 'criteria.editable', 'criteria.stageLocked');
      const current = await manager.findOne(CriterionEntity, { where: { id: criterionId, planId } });
      if (!current) throw new NotFoundError('criteria.notFound', { criterionId });
      if (dto.templateId !== undefined) throw new BadRequestError('criteria.templateFixed');
      // DTO instances carry every declared field, undefined when not sent: only sent fields override.
      const sent = Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as CriterionDto;
      const merged = this.resolve(extended(this.asDto(current), sent), 'criterion');
      const others = await manager.find(CriterionEntity, { where: { planId } });
      const total = sumWeights([...others.filter((c) => c.id !== criterionId), merged]);
      if (total > WEIGHT_TOTAL) {
        throw new UnprocessableError('criteria.weightsOverTotal', { total, max: WEIGHT_TOTAL }, [
          `weight: award weights would sum to ${total} (> ${WEIGHT_TOTAL})`,
        ]);
      }
      const updated = Object.assign(current, merged, { templateId: current.templateId, updatedAt: this.clock.now(), updatedBy: caller.id });
      await manager.save(CriterionEntity, updated);
      await this.engine.record(
        manager,
        plan,
        'CRITERION_UPDATED',
        actor(caller),
        criterionView(updated),
        await this.audit.digestsOf(manager, 'criterion', [updated]),
      );
      return criterionView(updated);
    });
  }

  async remove(planId: string, criterionId: string, caller: Caller) {
    return this.unitOfWork.run(async (manager) => {
      const plan = await this.plans.inStage(manager, planId, caller, 'criteria.editable', 'criteria.stageLocked');
      const current = await manager.findOne(CriterionEntity, { where: { id: criterionId, planId } });
      if (!current) throw new NotFoundError('criteria.notFound', { criterionId });
      await manager.delete(CriterionEntity, { id: criterionId });
      await this.engine.record(
        manager,
        plan,
        'CRITERION_REMOVED',
        actor(caller),
        { id: criterionId, title: current.title },
        this.audit.deleted('criterion', [current]),
      );
    });
  }

  /**
   * Fills a criterion from its template (texts in `language`; fields sent win) and checks it:
   * kind-specific fields, and no origin preference.
   */
  private resolve(dto: CriterionDto, field: string, language: Language = 'en'): ResolvedCriterion {
    let template: CriterionTemplate | undefined;
    if (dto.templateId !== undefined) {
      template = CRITERION_TEMPLATES.find((t) => t.id === dto.templateId);
      if (!template) throw new UnprocessableError('criteria.templateUnknown', { field, templateId: dto.templateId }, [`${field}.templateId: unknown`]);
    }
    if (template) template = localisedTemplate(template, language);
    const kind = dto.kind ?? template?.kind;
    const c = {
      kind,
      title: dto.title ?? template?.title,
      text: dto.text ?? template?.text,
      goalCode: dto.goalCode ?? template?.goalCode ?? null,
      verification: dto.verification ?? template?.verification,
      weight: kind === 'awardCriteria' ? (dto.weight ?? template?.suggestedWeight ?? null) : (dto.weight ?? null),
      subjectLink: dto.subjectLink ?? template?.subjectLink ?? null,
      source: dto.source ?? template?.source ?? 'own',
      sourceReference: dto.sourceReference ?? template?.sourceReference ?? null,
      templateId: template?.id ?? null,
    };
    const problems: string[] = [];
    for (const required of ['kind', 'title', 'text', 'verification'] as const) {
      if (c[required] === undefined) problems.push(`${field}.${required}: is required (or take it from a template)`);
    }
    if (kind === 'awardCriteria') {
      if (c.weight === null) problems.push(`${field}.weight: an award criterion needs a weight`);
      if (c.subjectLink === null) problems.push(`${field}.subjectLink: an award criterion must state its link to the subject-matter of the contract`);
    } else if (kind !== undefined) {
      if (c.weight !== null) problems.push(`${field}.weight: only award criteria have a weight`);
      if (dto.subjectLink !== undefined) problems.push(`${field}.subjectLink: only award criteria state a link to the subject-matter`);
      c.subjectLink = null;
    }
    if (problems.length > 0) throw new UnprocessableError('criteria.invalid', { problems: problems.join('; ') }, problems);
    for (const key of ['title', 'text', 'verification', 'subjectLink'] as const) {
      const origin = findLocalOriginPreference(c[key]);
      if (origin) {
        const path = `${field}.${key}`;
        throw new UnprocessableError('criteria.localOrigin', { field: path, phrase: origin.phrase, rule: `localOrigin.${origin.rule}` }, [
          `${path}: "${origin.phrase}" (localOrigin.${origin.rule})`,
        ]);
      }
    }
    return c as ResolvedCriterion;
  }

  private entity(planId: string, c: ResolvedCriterion, position: number, caller: Caller): CriterionEntity {
    const now = this.clock.now();
    return Object.assign(new CriterionEntity(), { id: randomUUID(), planId, ...c, position, createdAt: now, updatedAt: now, updatedBy: caller.id });
  }

  private asDto(c: CriterionEntity): CriterionDto {
    return {
      kind: c.kind,
      title: c.title,
      text: c.text,
      goalCode: c.goalCode ?? undefined,
      verification: c.verification,
      weight: c.weight ?? undefined,
      subjectLink: c.subjectLink ?? undefined,
      source: c.source,
      sourceReference: c.sourceReference ?? undefined,
    };
  }
}

const actor = (caller: Caller) => ({ id: caller.id, name: caller.name, role: caller.role });
