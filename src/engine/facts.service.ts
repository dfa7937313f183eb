import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PlanContext } from '../../workflows/common/context';
import { stageRequirements } from '../../workflows/common/inspect';
import { REQUIREMENTS, type RequirementId } from '../../workflows/common/requirements';
import type { PlanFacts, Role } from '../../workflows/common/types';
import { WorkflowRegistry } from '../../workflows/registry';
import type { ProcurementPlanEntity } from './procurement-plan.entity';
import { Clock } from '../common/clock';
import { helsinkiDate } from '../thresholds/thresholds';

/** The notice's registration period ends with its last day (Helsinki time): registrationUntil, else plannedEnd. */
function registrationClosed(context: PlanContext, now: Date): boolean {
  const notice = context.engagementNotice;
  const lastDay = notice?.registrationUntil ?? notice?.plannedEnd ?? null;
  return lastDay !== null && lastDay < helsinkiDate(now);
}

const filled = (value: string | null | undefined) => typeof value === 'string' && value.trim().length > 0;

/**
 * A feature module that keeps its own tables (dialogue, criteria) adds its facts here, reading
 * inside the command's transaction. It is asked only where a transition out of the plan's stage is
 * guarded by one of the requirements it `serves`; elsewhere its facts keep FactsService's defaults,
 * which leave those requirements unmet.
 */
export interface FactsContributor {
  readonly serves: readonly RequirementId[];
  contribute(manager: EntityManager, plan: ProcurementPlanEntity, facts: PlanFacts): Promise<void>;
}

/**
 * Computes the facts the workflow guards judge, from stored data only: the plan row and the
 * records in its persisted machine context. Nothing a client sends reaches a guard directly.
 */
@Injectable()
export class FactsService {
  private readonly contributors: FactsContributor[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly registry: WorkflowRegistry,
  ) {}

  register(contributor: FactsContributor): void {
    const unknown = contributor.serves.filter((id) => !REQUIREMENTS.has(id));
    if (contributor.serves.length === 0 || unknown.length > 0)
      throw new Error(`A facts contributor must serve known requirements (unknown: ${unknown.join(', ')})`);
    this.contributors.push(contributor);
  }

  async compute(manager: EntityManager, plan: ProcurementPlanEntity, context: PlanContext, caller: { id: string; role: Role }): Promise<PlanFacts> {
    const { needs, marketAnalysis, strategy, procedure } = context;
    const facts: PlanFacts = {
      plan: {
        hasTitle: filled(plan.title),
        hasDescription: filled(plan.description),
        hasCpvCode: /^\d{8}(-\d)?$/.test(plan.cpvCode),
        hasBudget: Number.isFinite(plan.budgetAmount) && plan.budgetAmount > 0 && filled(plan.budgetCurrency),
      },
      needs: {
        described: filled(needs?.need),
        usersConsulted: needs?.usersConsulted.length ?? 0,
        strategicGoals: needs?.strategicGoals.length ?? 0,
        rationaleGiven: filled(needs?.rationale) || filled(plan.rationale),
      },
      market: {
        analysisRecorded: marketAnalysis !== null,
        noSolutionOnMarket: (marketAnalysis?.noSolutionOnMarket ?? false) || (context.dialogueSummary?.noSolutionOnMarket ?? false),
      },
      notice: {
        published: context.engagementNotice !== null,
        waived: filled(context.noticeWaiver?.reason),
        registrationClosed: registrationClosed(context, this.clock.now()),
      },
      dialogue: {
        summaryPublished: filled(context.dialogueSummary?.summary) && filled(context.dialogueSummary?.inputUse),
        openRounds: Object.values(context.dialogue.rounds).filter((r) => r.closedAt === null).length,
        // Fail-closed: the dialogue module's counts, unknown until it contributes them.
        unansweredQuestions: null,
        suppliersWithoutMeetingOffer: null,
        registrations: null,
        roundsHeldWithSuppliers: null,
        noSupplierOutcome: context.dialogueSummary?.outcome === 'noSupplierRegistered',
      },
      coDevelopment: {
        activities: context.coDevelopment.activities.filter((a) => filled(a.outcomes)).length,
      },
      // Fail-closed: the criteria module's, unknown until it contributes them.
      criteria: {
        awardCriteria: null,
        awardWeightTotal: null,
        awardWithoutSubjectLink: null,
        lifeCycleCostUsed: null,
        lifeCycleCostMethodStated: null,
      },
      strategy: {
        goalsWithStrategy: strategy?.goals.filter((g) => filled(g.strategy)).length ?? 0,
        justificationGiven: filled(strategy?.justification),
      },
      procedure: {
        selected: procedure?.procedure ?? null,
        rationaleGiven: filled(procedure?.rationale),
      },
      approval: {
        requestedBy: context.approval?.decision === null ? context.approval.requestedBy : null,
      },
      // Fail-closed: the thresholds module's, unknown until it contributes them.
      regime: { applies: null, procedureAllowed: null },
      caller,
    };
    const def = this.registry.get(plan.workflowId, plan.workflowVersion);
    if (!def) throw new Error(`Plan uses unknown workflow ${plan.workflowId}@${plan.workflowVersion}`);
    const needed = stageRequirements(def, plan.stage);
    for (const contributor of this.contributors) {
      if (contributor.serves.some((id) => needed.has(id))) await contributor.contribute(manager, plan, facts);
    }
    return facts;
  }
}
