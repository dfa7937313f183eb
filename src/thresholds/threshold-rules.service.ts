import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PROCEDURES, type Procedure } from '../../workflows/common/codes';
import { Clock } from '../common/clock';
import { UnprocessableError } from '../common/errors';
import { EngineService, type RuleChange } from '../engine/engine.service';
import { FactsService, type FactsContributor } from '../engine/facts.service';
import type { PlanFacts } from '../../workflows/common/types';
import { OrganisationsService } from '../organisations/organisations.service';
import type { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import {
  BELOW_THRESHOLD_ONLY_PROCEDURES,
  DIRECTIVE_PROCEDURES,
  helsinkiDate,
  regimeOf,
  type AuthorityKind,
  type ContractType,
  type Regime,
  type Threshold,
} from './thresholds';
import { extended } from '../common/extended';

/** Workflows made for part of the scale only: the small-procurement workflow is for plans below the national threshold. */
export const WORKFLOW_REGIMES: Readonly<Record<string, readonly Regime[]>> = {
  'small-procurement': ['belowNationalThreshold'],
};

/** The requirements the thresholds' facts serve (digigreen-planning v2 states the law as requirements). */
export const THRESHOLD_FACTS = ['notice.e1OrWaivedBelowEu', 'notice.waiverBelowEu', 'procedure.allowedByThresholds'] as const;

/** Edits and events the thresholds judge; every other change passes untouched. */
const VALUE_FIELDS = ['budgetAmount', 'budgetCurrency', 'contractType'];
const PROCEDURE_EVENTS = ['SELECT_PROCEDURE', 'REQUEST_APPROVAL', 'APPROVE'];

export interface ThresholdView {
  amount: number;
  currency: 'EUR';
  validFrom: string;
  validTo: string | null;
  source: string;
}

export interface PlanRegimeView {
  /** Which rules apply; null when the estimated value is not in euros (the thresholds are). */
  applies: Regime | null;
  /** The day whose thresholds were applied (Helsinki time): the value is judged against the law in force. */
  assessedOn: string;
  contractType: ContractType;
  authorityKind: AuthorityKind;
  estimatedValue: { amount: number; currency: string; vatIncluded: false };
  nationalThreshold: ThresholdView | null;
  euThreshold: ThresholdView | null;
  /** The procedures the plan may select at this value. */
  procedures: Procedure[];
}

interface Assessment {
  view: PlanRegimeView;
  national: Threshold | null;
  eu: Threshold | null;
}

const EURO = new Intl.NumberFormat('fi-FI', { maximumFractionDigits: 2, useGrouping: true });
/** Amounts in messages: grouped by thin spaces, readable in Finnish, Swedish and English alike. */
const amount = (value: number) => EURO.format(value).replace(/\s/g, '\u202f');

/**
 * The law's thresholds applied to plans (issue 13): which regime a plan falls under, and the rules
 * that follow from it, judged on every change of every plan whatever its workflow version.
 * Values are compared without VAT, and a value equal to a threshold is at or above it.
 */
@Injectable()
export class ThresholdRules implements OnModuleInit, FactsContributor {
  readonly serves = THRESHOLD_FACTS;

  constructor(
    private readonly engine: EngineService,
    private readonly facts: FactsService,
    private readonly organisations: OrganisationsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.engine.addRule((manager, plan, change) => this.judge(manager, plan, change));
    this.facts.register(this);
  }

  /** The regime the plan falls under, and whether its selected procedure (if any) is allowed there. */
  async contribute(manager: EntityManager, plan: ProcurementPlanEntity, facts: PlanFacts): Promise<void> {
    const { view } = await this.assess(manager, plan);
    const procedure = plan.snapshot.context.procedure?.procedure ?? null;
    facts.regime = { applies: view.applies, procedureAllowed: procedure === null || procedureAllowed(procedure, view.applies) };
  }

  async regime(manager: EntityManager, plan: ProcurementPlanEntity): Promise<PlanRegimeView> {
    return (await this.assess(manager, plan)).view;
  }

  private async assess(manager: EntityManager, plan: ProcurementPlanEntity): Promise<Assessment> {
    return this.assessWith(plan, await this.organisations.authorityKind(manager, plan.organisationId));
  }

  /** The kind of authority of the plan's organisation, which `regimeWith` takes: read by the plan's id, before the plan itself is at hand. */
  authorityKindOfPlan(manager: EntityManager, planId: string): Promise<AuthorityKind> {
    return this.organisations.authorityKindOfPlan(manager, planId);
  }

  /** The regime of a plan whose organisation's kind of authority the caller has read already (a feed). */
  regimeWith(plan: ProcurementPlanEntity, authorityKind: AuthorityKind): PlanRegimeView {
    return this.assessWith(plan, authorityKind).view;
  }

  private assessWith(plan: ProcurementPlanEntity, authorityKind: AuthorityKind): Assessment {
    const date = helsinkiDate(this.clock.now());
    const amountValue = Number(plan.budgetAmount);
    const verdict = regimeOf({ contractType: plan.contractType, authority: authorityKind, amount: amountValue, date });
    const applies = plan.budgetCurrency === 'EUR' ? verdict.regime : null;
    return {
      national: verdict.national,
      eu: verdict.eu,
      view: {
        applies,
        assessedOn: date,
        contractType: plan.contractType,
        authorityKind,
        estimatedValue: { amount: amountValue, currency: plan.budgetCurrency, vatIncluded: false },
        nationalThreshold: thresholdView(verdict.national),
        euThreshold: thresholdView(verdict.eu),
        procedures: PROCEDURES.filter((p) => procedureAllowed(p, applies)),
      },
    };
  }

  private async judge(manager: EntityManager, plan: ProcurementPlanEntity, change: RuleChange): Promise<void> {
    const valueChanged = change.kind === 'create' || (change.kind === 'update' && change.fields.some((f) => VALUE_FIELDS.includes(f)));
    const procedureEvent = change.kind === 'event' && PROCEDURE_EVENTS.includes(change.event.type);
    if (!valueChanged && !procedureEvent) return;
    const assessment = await this.assess(manager, plan);
    if (valueChanged) this.checkWorkflow(plan, assessment);
    const procedure =
      change.kind === 'event' && change.event.type === 'SELECT_PROCEDURE'
        ? (change.event.payload.procedure as Procedure)
        : (plan.snapshot.context.procedure?.procedure ?? null);
    if (procedure !== null) this.checkProcedure(procedure, plan, assessment);
  }

  private checkWorkflow(plan: ProcurementPlanEntity, { view, national }: Assessment): void {
    const allowed = WORKFLOW_REGIMES[plan.workflowId];
    if (!allowed) return;
    if (view.applies === null) throw new UnprocessableError('threshold.valueNotInEuro', { currency: plan.budgetCurrency, workflow: plan.workflowId });
    if (!allowed.includes(view.applies) && national) {
      throw new UnprocessableError('threshold.smallProcurementAtOrAboveNational', extended(this.terms(plan, national), { workflow: plan.workflowId }));
    }
  }

  private checkProcedure(procedure: Procedure, plan: ProcurementPlanEntity, { view, national, eu }: Assessment): void {
    if (procedureAllowed(procedure, view.applies)) return;
    if (view.applies === 'eu' && eu) {
      throw new UnprocessableError(
        'threshold.directiveProcedureRequired',
        extended(this.terms(plan, eu), { procedure, procedures: DIRECTIVE_PROCEDURES.join(', ') }),
      );
    }
    if (view.applies === null) throw new UnprocessableError('threshold.valueNotInEuro', { currency: plan.budgetCurrency, workflow: plan.workflowId });
    throw new UnprocessableError('threshold.directAwardAtOrAboveNational', extended(this.terms(plan, national!), { procedure }));
  }

  private terms(plan: ProcurementPlanEntity, threshold: Threshold) {
    return {
      value: amount(Number(plan.budgetAmount)),
      threshold: amount(threshold.amount),
      contractType: plan.contractType,
      source: threshold.source,
    };
  }
}

/** Below the national threshold any procedure; from it up no direct award; from the EU threshold up only the directive's. */
export function procedureAllowed(procedure: Procedure, regime: Regime | null): boolean {
  if ((BELOW_THRESHOLD_ONLY_PROCEDURES as readonly string[]).includes(procedure)) return regime === 'belowNationalThreshold';
  if (regime === 'eu') return (DIRECTIVE_PROCEDURES as readonly string[]).includes(procedure);
  return true;
}

function thresholdView(t: Threshold | null): ThresholdView | null {
  return t && { amount: t.amount, currency: 'EUR', validFrom: t.validFrom, validTo: t.validTo, source: t.source };
}
