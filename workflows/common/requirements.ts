import type { PlanFacts, Requirement, RequirementResult } from './types';

const requirementList = [
  { id: 'plan.title', message: 'The plan has a title.', check: (f) => f.plan.hasTitle },
  { id: 'plan.description', message: 'The plan has a description of what is procured.', check: (f) => f.plan.hasDescription },
  { id: 'plan.cpvCode', message: 'The plan is classified with a CPV code.', check: (f) => f.plan.hasCpvCode },
  { id: 'plan.budget', message: 'The plan has an estimated value.', check: (f) => f.plan.hasBudget },
  { id: 'needs.described', message: 'The need has been described.', check: (f) => f.needs.described },
  {
    id: 'needs.usersConsulted',
    message: 'At least one group of users has been consulted about the need.',
    check: (f) => f.needs.usersConsulted > 0,
  },
  {
    id: 'needs.strategicGoals',
    message: 'The need is linked to at least one strategic goal of the organisation.',
    check: (f) => f.needs.strategicGoals > 0,
  },
  { id: 'needs.rationale', message: 'A rationale for the procurement has been recorded.', check: (f) => f.needs.rationaleGiven },
  {
    id: 'market.analysisRecorded',
    message: 'A market analysis (known suppliers, solutions, maturity, risks) has been recorded.',
    check: (f) => f.market.analysisRecorded,
  },
  {
    id: 'notice.publishedOrWaived',
    message: 'An engagement notice has been published to the market, or a reason for not publishing one has been recorded.',
    check: (f) => f.notice.published || f.notice.waived,
  },
  {
    id: 'notice.e1OrWaivedBelowEu',
    message:
      'The engagement notice has been published (as an eForms E1 notice), or, below the EU threshold only, a reason for not publishing one has been recorded.',
    check: (f) => f.notice.published || (f.notice.waived && f.regime.applies !== null && f.regime.applies !== 'eu'),
  },
  {
    id: 'notice.waiverBelowEu',
    message: 'An engagement notice may be waived only below the EU threshold: above it the market dialogue is announced with an eForms E1 notice.',
    check: (f) => f.regime.applies !== null && f.regime.applies !== 'eu',
  },
  {
    id: 'dialogue.summaryPublished',
    message: 'A dialogue summary stating how the input was used has been published to all participants.',
    check: (f) => f.dialogue.summaryPublished,
  },
  {
    id: 'dialogue.questionsAnswered',
    message: 'Every clarification question has a published answer.',
    check: (f) => f.dialogue.unansweredQuestions === 0,
  },
  {
    id: 'dialogue.roundsClosed',
    message: 'Every dialogue round has reached its deadline and closed.',
    check: (f) => f.dialogue.openRounds === 0,
  },
  {
    id: 'dialogue.heldWithSuppliers',
    message:
      "At least one dialogue round closed with at least one registered supplier, or the dialogue summary records that no supplier registered by the end of the engagement notice's registration period.",
    check: (f) =>
      (f.dialogue.roundsHeldWithSuppliers ?? 0) > 0 ||
      (f.dialogue.noSupplierOutcome && f.dialogue.registrations === 0 && f.notice.published && f.notice.registrationClosed),
  },
  {
    id: 'dialogue.meetingsOfferedToAll',
    message: 'In every one-to-one round, a meeting has been offered to every registered supplier (Directive 2014/24/EU art. 41).',
    check: (f) => f.dialogue.suppliersWithoutMeetingOffer === 0,
  },
  {
    id: 'coDevelopment.activityRecorded',
    message: 'At least one co-development workshop or pilot has been recorded with its outcomes.',
    check: (f) => f.coDevelopment.activities > 0,
  },
  {
    id: 'strategy.sustainability',
    message: 'At least one sustainability goal has a strategy, or a justification for having none has been recorded.',
    check: (f) => f.strategy.goalsWithStrategy > 0 || f.strategy.justificationGiven,
  },
  {
    id: 'criteria.awardDefined',
    message: 'At least one award criterion is defined.',
    check: (f) => (f.criteria.awardCriteria ?? 0) > 0,
  },
  {
    id: 'criteria.awardWeightsSum100',
    message: 'The weights of the award criteria sum to 100.',
    check: (f) => f.criteria.awardWeightTotal === 100,
  },
  {
    id: 'criteria.awardLinkedToSubject',
    message: 'Every award criterion states its link to the subject-matter of the contract (Directive 2014/24/EU art. 67(3)).',
    check: (f) => f.criteria.awardWithoutSubjectLink === 0,
  },
  {
    id: 'lcc.methodAndDataStated',
    message: 'If life-cycle costing is used, its method and the data tenderers must supply are stated (Directive 2014/24/EU art. 68(2)).',
    check: (f) => f.criteria.lifeCycleCostUsed === false || f.criteria.lifeCycleCostMethodStated === true,
  },
  {
    id: 'procedure.selected',
    message: 'A procedure has been selected with a rationale.',
    check: (f) => f.procedure.selected !== null && f.procedure.rationaleGiven,
  },
  {
    id: 'procedure.innovationPartnershipJustified',
    message:
      'Innovation partnership is used only when the market analysis or the dialogue summary states that no solution on the market meets the need (Directive 2014/24/EU art. 31).',
    check: (f) => f.procedure.selected !== 'innovationPartnership' || f.market.noSolutionOnMarket,
  },
  {
    id: 'procedure.allowedByThresholds',
    message:
      "The selected procedure is allowed at the plan's estimated value: a direct award as a small procurement only below the national threshold, and only the directive's procedures from the EU threshold up (Act 1397/2016, Directive 2014/24/EU).",
    check: (f) => f.regime.procedureAllowed === true,
  },
  {
    id: 'approval.fourEyes',
    message: 'The approver is not the person who requested approval (four-eyes principle).',
    check: (f) => f.approval.requestedBy !== null && f.approval.requestedBy !== f.caller.id,
    authorisation: true,
  },
] as const satisfies readonly Requirement[];

export type RequirementId = (typeof requirementList)[number]['id'];

export const REQUIREMENTS: ReadonlyMap<string, Requirement> = new Map(requirementList.map((r) => [r.id, r]));

export function requirement(id: string): Requirement {
  const found = REQUIREMENTS.get(id);
  if (!found) throw new Error(`Unknown requirement "${id}"`);
  return found;
}

/**
 * Each requirement's result as the API lists it when unmet: one frozen object per requirement for
 * the life of the process, so whoever localises it can keep its texts by the object (issue 16).
 */
const RESULTS: ReadonlyMap<string, Readonly<RequirementResult>> = new Map(requirementList.map(({ id, message }) => [id, Object.freeze({ id, message })]));

/** The requirements among `ids` that the facts do not satisfy, in the order given. */
export function unmetRequirements(ids: readonly string[], facts: PlanFacts): RequirementResult[] {
  const unmet: RequirementResult[] = [];
  for (const id of ids) if (!requirement(id).check(facts)) unmet.push(RESULTS.get(id)!);
  return unmet;
}
