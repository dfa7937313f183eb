import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { requirementsFor } from '../../workflows/common/inspect';
import { planMove, type JsonPatchOperation, type WorkflowMigration } from '../../workflows/common/migration';
import { requirement, unmetRequirements } from '../../workflows/common/requirements';
import type { Actor, RequirementResult, WorkflowDefinition } from '../../workflows/common/types';
import { WorkflowMigrations } from '../../workflows/migrations';
import { WorkflowRegistry } from '../../workflows/registry';
import type { Caller } from '../common/auth/caller';
import { ConflictError, NotFoundError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditEventEntity } from '../engine/audit-event.entity';
import { EngineService } from '../engine/engine.service';
import { FactsService } from '../engine/facts.service';
import { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { TimerEntity } from '../engine/timer.entity';
import type { Language } from '../i18n/language';
import { localiseUnmet, migrationDescription, migrationReason } from '../i18n/workflow-texts';
import { extended } from '../common/extended';

export interface MigrationRequest {
  from: number;
  to: number;
  planIds?: string[];
  limit?: number;
}

export type PlanOutcome = 'wouldMigrate' | 'migrated' | 'alreadyMigrated' | 'unmapped' | 'notOnSourceVersion' | 'notFound' | 'conflict';

export interface TimerReport {
  key: string;
  eventType: string;
  dueAt: string;
  /** kept: the new stage takes the timer's event, so it fires as scheduled; dropped: it would not, so the move cancels it. */
  action: 'kept' | 'dropped';
}

export interface PlanMigrationReport {
  planId: string;
  outcome: PlanOutcome;
  /** The plan's version after the move (migrated), or as it stands. */
  version: number | null;
  fromStage: string | null;
  toStage: string | null;
  contextPatch: JsonPatchOperation[];
  timers: TimerReport[];
  /** Per event the new stage takes: the requirements that would be (or are) unmet after the move. */
  unmetAfter: Array<{ event: string; unmet: RequirementResult[] }>;
  reason: { code: string; message: string } | null;
}

export interface MigrationSummary {
  migrationId: string;
  workflowId: string;
  from: number;
  to: number;
  description: string;
  plansOnSource: number;
}

export interface MigrationReport {
  migrationId: string;
  workflowId: string;
  from: number;
  to: number;
  dryRun: boolean;
  plans: PlanMigrationReport[];
  summary: Record<PlanOutcome, number>;
  /** Plans on the source version (in the caller's scope) not taken in this request because of `limit`. */
  remaining: number;
}

const DEFAULT_LIMIT = 200;

const emptyReport = (planId: string, outcome: PlanOutcome, plan?: ProcurementPlanEntity): PlanMigrationReport => ({
  planId,
  outcome,
  version: plan?.version ?? null,
  fromStage: plan?.stage ?? null,
  toStage: null,
  contextPatch: [],
  timers: [],
  unmetAfter: [],
  reason: null,
});

/**
 * Moves running plans from one released version of their workflow to the next (issue 15,
 * docs/workflows/evolving.md). The dry run reads and reports; the apply moves each plan in its own
 * transaction through the engine (row lock, version check, one audited WORKFLOW_MIGRATED), once per
 * plan and migration. Admins move any organisation's plans, managers their own organisation's.
 */
@Injectable()
export class WorkflowMigrationsService {
  private readonly migrations = new WorkflowMigrations();

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly registry: WorkflowRegistry,
    private readonly engine: EngineService,
    private readonly facts: FactsService,
  ) {}

  /** The migrations of a workflow, each with the plans in the caller's scope it could move. */
  async list(workflowId: string, caller: Caller, language: Language): Promise<MigrationSummary[]> {
    if (this.registry.versions(workflowId).length === 0) throw new NotFoundError('workflow.notFound', { workflowId });
    const scope = caller.role === 'admin' ? null : caller.org;
    const repository = this.dataSource.getRepository(ProcurementPlanEntity);
    const found = this.migrations.list().filter((m) => m.workflowId === workflowId);
    const summaries: MigrationSummary[] = [];
    for (const m of found) {
      const plansOnSource = await repository.count({ where: { workflowId, workflowVersion: m.from, ...(scope === null ? {} : { organisationId: scope }) } });
      summaries.push({ migrationId: m.id, workflowId, from: m.from, to: m.to, description: migrationDescription(m, language), plansOnSource });
    }
    return summaries;
  }

  async run(workflowId: string, request: MigrationRequest, caller: Caller, language: Language, dryRun: boolean): Promise<MigrationReport> {
    const migration = this.migrations.find(workflowId, request.from, request.to);
    const fromDef = this.registry.get(workflowId, request.from);
    const toDef = this.registry.get(workflowId, request.to);
    if (!migration || !fromDef || !toDef) {
      const known = this.migrations
        .list()
        .filter((m) => m.workflowId === workflowId)
        .map((m) => `${m.from}→${m.to}`);
      throw new NotFoundError('workflow.migrationNotFound', { workflowId, from: request.from, to: request.to, known: known.join(', ') || '–' });
    }
    const scope = caller.role === 'admin' ? null : caller.org;
    const { ids, remaining } = await this.select(workflowId, request, scope);
    const plans: PlanMigrationReport[] = [];
    const context = { migration, fromDef, toDef, caller, language };
    for (const planId of ids) plans.push(dryRun ? await this.dryRunOne(planId, scope, context) : await this.applyOne(planId, scope, context));
    const summary = Object.fromEntries(
      (['wouldMigrate', 'migrated', 'alreadyMigrated', 'unmapped', 'notOnSourceVersion', 'notFound', 'conflict'] as const).map((o) => [
        o,
        plans.filter((p) => p.outcome === o).length,
      ]),
    ) as Record<PlanOutcome, number>;
    return { migrationId: migration.id, workflowId, from: request.from, to: request.to, dryRun, plans, summary, remaining };
  }

  /** The plans asked for, or the first `limit` on the source version in the caller's scope (oldest first). */
  private async select(workflowId: string, request: MigrationRequest, org: string | null): Promise<{ ids: string[]; remaining: number }> {
    if (request.planIds) return { ids: [...new Set(request.planIds)], remaining: 0 };
    const limit = request.limit ?? DEFAULT_LIMIT;
    const where = { workflowId, workflowVersion: request.from, ...(org === null ? {} : { organisationId: org }) };
    const repository = this.dataSource.getRepository(ProcurementPlanEntity);
    const rows = await repository.find({ where, select: { id: true }, order: { createdAt: 'ASC', id: 'ASC' }, take: limit });
    const total = await repository.count({ where });
    return { ids: rows.map((r) => r.id), remaining: Math.max(0, total - rows.length) };
  }

  private async dryRunOne(planId: string, org: string | null, run: RunContext): Promise<PlanMigrationReport> {
    const manager = this.dataSource.manager;
    const plan = await manager.findOne(ProcurementPlanEntity, { where: { id: planId } });
    const refused = await this.refusal(manager, planId, plan, org, run);
    if (refused) return refused;
    return (await this.assess(manager, plan!, run)).report;
  }

  private async applyOne(planId: string, org: string | null, run: RunContext): Promise<PlanMigrationReport> {
    try {
      return await this.unitOfWork.run(async (manager) => {
        const plan = await this.engine.lockPlan(manager, planId);
        const refused = await this.refusal(manager, planId, plan, org, run);
        if (refused) return refused;
        const { report, move } = await this.assess(manager, plan!, run);
        if (!move) return report;
        const moved = await this.engine.moveToVersion(
          manager,
          plan!,
          {
            to: run.toDef,
            snapshot: move.snapshot,
            cancelTimers: report.timers.filter((t) => t.action === 'dropped').map((t) => t.key),
            payload: {
              migrationId: run.migration.id,
              from: run.migration.from,
              to: run.migration.to,
              stageMapping: { from: report.fromStage, to: report.toStage },
              contextPatch: report.contextPatch,
              timers: report.timers,
            },
          },
          actorOf(run.caller),
        );
        return extended(report, { outcome: 'migrated' as const, version: moved.version });
      });
    } catch (err) {
      if (err instanceof ConflictError) return emptyReport(planId, 'conflict');
      throw err;
    }
  }

  /** Why a plan is not moved at all (not found, not on the source version, moved already), or null. */
  private async refusal(
    manager: EntityManager,
    planId: string,
    plan: ProcurementPlanEntity | null,
    org: string | null,
    { migration }: RunContext,
  ): Promise<PlanMigrationReport | null> {
    if (!plan || (org !== null && plan.organisationId !== org)) return emptyReport(planId, 'notFound');
    if (await this.movedBy(manager, planId, migration)) return emptyReport(planId, 'alreadyMigrated', plan);
    if (plan.workflowId !== migration.workflowId || plan.workflowVersion !== migration.from) return emptyReport(planId, 'notOnSourceVersion', plan);
    return null;
  }

  private async movedBy(manager: EntityManager, planId: string, migration: WorkflowMigration): Promise<boolean> {
    const events = await manager.find(AuditEventEntity, { where: { planId, type: 'WORKFLOW_MIGRATED' }, select: { id: true, payload: true } });
    return events.some((e) => (JSON.parse(e.payload) as { migrationId?: string }).migrationId === migration.id);
  }

  private async assess(
    manager: EntityManager,
    plan: ProcurementPlanEntity,
    { migration, fromDef, toDef, caller, language }: RunContext,
  ): Promise<{ report: PlanMigrationReport; move: { snapshot: ProcurementPlanEntity['snapshot'] } | null }> {
    const planned = planMove(migration, fromDef, toDef, plan.snapshot);
    if (!planned.movable) {
      const reason = { code: planned.reason.code, message: migrationReason(migration, planned.reason, language) };
      return { report: extended(emptyReport(plan.id, 'unmapped', plan), { reason }), move: null };
    }
    const pending = await manager.find(TimerEntity, { where: { planId: plan.id, kind: 'workflow', status: 'pending' }, order: { dueAt: 'ASC' } });
    const timers: TimerReport[] = pending.map((t) => ({
      key: t.key,
      eventType: t.eventType,
      dueAt: t.dueAt.toISOString(),
      action: requirementsFor(toDef, planned.toStage, t.eventType) === undefined ? 'dropped' : 'kept',
    }));
    const movedPlan = Object.assign(new ProcurementPlanEntity(), plan, { workflowVersion: toDef.version, stage: planned.toStage, snapshot: planned.snapshot });
    const unmetAfter = await this.unmetAfter(manager, movedPlan, toDef, caller, language);
    return {
      report: extended(emptyReport(plan.id, 'wouldMigrate', plan), {
        toStage: planned.toStage,
        contextPatch: planned.contextPatch,
        timers,
        unmetAfter,
      }),
      move: { snapshot: planned.snapshot },
    };
  }

  /** What the plan would need in its new stage: per event the stage takes, the unmet requirements about the plan. */
  private async unmetAfter(
    manager: EntityManager,
    plan: ProcurementPlanEntity,
    def: WorkflowDefinition,
    caller: Caller,
    language: Language,
  ): Promise<PlanMigrationReport['unmetAfter']> {
    const facts = await this.facts.compute(manager, plan, plan.snapshot.context, { id: caller.id, role: caller.role });
    return Object.values(def.events)
      .filter((spec) => !spec.internal)
      .flatMap((spec) => {
        const ids = requirementsFor(def, plan.stage, spec.type)?.filter((id) => !requirement(id).authorisation);
        if (!ids) return [];
        const unmet = unmetRequirements(ids, facts);
        return unmet.length === 0 ? [] : [{ event: spec.type, unmet: localiseUnmet(def, unmet, language) }];
      });
  }
}

interface RunContext {
  migration: WorkflowMigration;
  fromDef: WorkflowDefinition;
  toDef: WorkflowDefinition;
  caller: Caller;
  language: Language;
}

const actorOf = (caller: Caller): Actor => ({ id: caller.id, name: caller.name, role: caller.role });
