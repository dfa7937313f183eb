import type { PlanContext } from '../../../workflows/common/context';
import type { CriterionKind, CriterionSource } from '../../criteria/criteria.entities';
import { extended } from '../../common/extended';

/**
 * Hilma's statistical questions (Finland's notice service asks them beside every E1, contract and
 * award notice, keyed by lot, sent as `hilmaStatistics` next to the eForms XML): what each answer is
 * derived from, and how an officer's override replaces it. Pure: the service loads the inputs.
 * docs/notices.md#hilma-statistics lists the rules.
 */

/** eForms' lot id (BT-137) of the plan's one lot; Hilma keys the statistics by it. */
export const LOT_ID = 'LOT-0001';
export const LOT_IDS = [LOT_ID] as const;
export type LotId = (typeof LOT_IDS)[number];

/** The yes/no questions and the one number, in the order Hilma's form asks them. */
export const HILMA_QUESTIONS = [
  'innovationConsidered',
  'solutionNewToBuyer',
  'solutionNewToMarketOrIndustry',
  'energyEfficiencyConsidered',
  'lowCarbon',
  'circularEconomy',
  'biodiversity',
  'sustainableFoodProduction',
  'listedGreenCriteriaUsed',
  'justWorkingConditions',
  'employmentCondition',
  'howManyOpportunitiesIsEstimated',
  'codeOfConduct',
  'smeParticipationConsidered',
] as const;
export type HilmaQuestion = (typeof HILMA_QUESTIONS)[number];

/** Answered with a whole number, not yes/no. */
export const NUMBER_QUESTIONS: readonly HilmaQuestion[] = ['howManyOpportunitiesIsEstimated'];
/** The environmental questions: a yes to any of them makes Hilma ask listedGreenCriteriaUsed. */
export const ENVIRONMENTAL_QUESTIONS = ['energyEfficiencyConsidered', 'lowCarbon', 'circularEconomy', 'biodiversity', 'sustainableFoodProduction'] as const;

export type Answer = boolean | number | null;

/** Why an answer is what it is: a stable code and the values it rests on (docs/notices.md lists the codes). */
export interface Reason {
  code: ReasonCode;
  params: Record<string, string | number | boolean | string[]>;
}

export type ReasonCode =
  | 'strategyGoal'
  | 'strategicGoal'
  | 'criterion'
  | 'gppCriterion'
  | 'foodCriterion'
  | 'foodSubject'
  | 'codeOfConductCriterion'
  | 'noSolutionOnMarket'
  | 'solutionOnMarket'
  | 'procedure'
  | 'newToMarket'
  | 'smeRegistrations'
  | 'nothingFound'
  | 'notAsked'
  | 'officerEstimates';

export interface Derived {
  value: Answer;
  reasons: Reason[];
}

export interface StatisticsCriterion {
  id: string;
  kind: CriterionKind;
  title: string;
  text: string;
  goalCode: string | null;
  source: CriterionSource;
  templateId: string | null;
}

/** An organisation's strategic goal the plan declared it serves. */
export interface DeclaredGoal {
  id: string;
  title: string;
  goalCodes: string[];
}

export interface StatisticsInput {
  cpvCode: string;
  context: Pick<PlanContext, 'marketAnalysis' | 'dialogueSummary' | 'strategy' | 'procedure'>;
  criteria: readonly StatisticsCriterion[];
  declaredGoals: readonly DeclaredGoal[];
  registrations: { total: number; sme: number };
  /** Ids of the criterion templates in the foodAndCatering category. */
  foodTemplateIds: ReadonlySet<string>;
}

export interface Override {
  value: Answer;
  reason: string;
  by: { id: string; name: string };
  at: string;
}

export interface QuestionView {
  /** Whether Hilma asks the question given the other answers (follow-up questions only when their lead is yes). */
  asked: boolean;
  /** What goes to Hilma: the override if there is one, else the derived answer; null when not asked. */
  value: Answer;
  source: 'derived' | 'override' | 'notAsked';
  derived: Derived;
  /** Kept while the question is not asked, for when it is asked again; it applies only when asked. */
  override: Override | null;
}

export type LotStatistics = Record<HilmaQuestion, QuestionView>;

// ------------------------------------------------------------------ goal codes behind each question

const INNOVATION_GOALS = [
  'economic.innovativePurchase',
  'economic.productInnovationPromotion',
  'economic.processInnovationPromotion',
  'economic.marketInnovationPromotion',
  'economic.researchDevelopmentActivities',
];
/** Goals that mean buying something the market does not offer yet. */
const NEW_TO_MARKET_GOALS = ['economic.marketInnovationPromotion', 'economic.researchDevelopmentActivities'];
/** Goals that mean buying something innovative (new to the buyer at least). */
const NEW_TO_BUYER_GOALS = [
  'economic.innovativePurchase',
  'economic.productInnovationPromotion',
  'economic.processInnovationPromotion',
  ...NEW_TO_MARKET_GOALS,
];

const GOALS_OF: Record<
  | 'energyEfficiencyConsidered'
  | 'lowCarbon'
  | 'circularEconomy'
  | 'biodiversity'
  | 'justWorkingConditions'
  | 'employmentCondition'
  | 'smeParticipationConsidered',
  string[]
> = {
  energyEfficiencyConsidered: ['environmental.energyEfficiency'],
  lowCarbon: ['environmental.carbonEmissionsReduction', 'environmental.climateChangeMitigation'],
  circularEconomy: ['environmental.circularEconomy', 'environmental.recycling', 'environmental.resourceReuse', 'environmental.wasteReduction'],
  biodiversity: ['environmental.biodiversityProtectionRestoration'],
  justWorkingConditions: ['social.laborRightsPromotion', 'social.humanRightsInSupplyChains'],
  employmentCondition: ['social.disadvantagedEmploymentOpportunities'],
  smeParticipationConsidered: ['social.smeInclusion'],
};

const GPP_SOURCES: readonly CriterionSource[] = ['euGPPCriteria', 'nationalGPPCriteria', 'otherGPPCriteria'];
/** CPV division 15 (food, beverages) and groups 553 (restaurant), 555 (canteen and catering services). */
const FOOD_CPV = /^(15|553|555)/;
/** A code of conduct named in a criterion, in the service's three languages. */
const CODE_OF_CONDUCT = /code of conduct|uppförandekod|toimintaohje|vastuullisuuden vähimmäisvaatimu/i;
/** Criteria that bind the contractor (a code of conduct is a term of the contract or a condition to take part). */
const BINDING_KINDS: readonly CriterionKind[] = ['contractPerformanceConditions', 'selectionCriteria'];

// ------------------------------------------------------------------ derivation

const yes = (reasons: Reason[]): Derived => ({ value: true, reasons });
const orNo = (reasons: Reason[], looked: Reason['params']): Derived =>
  reasons.length > 0 ? yes(reasons) : { value: false, reasons: [{ code: 'nothingFound', params: looked }] };

/** Everything in the plan that pursues one of `codes`: its strategy's goals, declared strategic goals, criteria. */
function goalEvidence(input: StatisticsInput, codes: readonly string[], withCriteria = true): Reason[] {
  const reasons: Reason[] = [];
  for (const goal of input.context.strategy?.goals ?? []) {
    if (codes.includes(goal.code)) reasons.push({ code: 'strategyGoal', params: { goalCode: goal.code } });
  }
  for (const goal of input.declaredGoals) {
    for (const code of goal.goalCodes.filter((c) => codes.includes(c))) {
      reasons.push({ code: 'strategicGoal', params: { strategicGoalId: goal.id, title: goal.title, goalCode: code } });
    }
  }
  if (withCriteria) {
    for (const c of input.criteria) {
      if (c.goalCode && codes.includes(c.goalCode))
        reasons.push({ code: 'criterion', params: { criterionId: c.id, title: c.title, kind: c.kind, goalCode: c.goalCode } });
    }
  }
  return reasons;
}

const looked = (codes: readonly string[], ...also: string[]): Reason['params'] => ({ goalCodes: [...codes], ...(also.length > 0 ? { also } : {}) });

/** The latest finding on whether the market offers a solution: the dialogue summary, else the market analysis. */
function marketFinding(input: StatisticsInput): Reason | null {
  const { dialogueSummary, marketAnalysis } = input.context;
  const record = dialogueSummary ? 'dialogueSummary' : marketAnalysis ? 'marketAnalysis' : null;
  if (record === null) return null;
  const none = (dialogueSummary ?? marketAnalysis)!.noSolutionOnMarket;
  return { code: none ? 'noSolutionOnMarket' : 'solutionOnMarket', params: { record } };
}

function innovationPartnership(input: StatisticsInput): Reason[] {
  return input.context.procedure?.procedure === 'innovationPartnership' ? [{ code: 'procedure', params: { procedure: 'innovationPartnership' } }] : [];
}

function newToMarket(input: StatisticsInput): Derived {
  const finding = marketFinding(input);
  const reasons = [
    ...(finding?.code === 'noSolutionOnMarket' ? [finding] : []),
    ...innovationPartnership(input),
    ...goalEvidence(input, NEW_TO_MARKET_GOALS, false),
  ];
  if (reasons.length > 0) return yes(reasons);
  return {
    value: false,
    reasons: finding ? [finding] : [{ code: 'nothingFound', params: looked(NEW_TO_MARKET_GOALS, 'marketAnalysis', 'dialogueSummary', 'procedure') }],
  };
}

function newToBuyer(input: StatisticsInput, market: Derived): Derived {
  const reasons = goalEvidence(
    input,
    NEW_TO_BUYER_GOALS.filter((g) => !NEW_TO_MARKET_GOALS.includes(g)),
    false,
  );
  if (market.value === true) reasons.push({ code: 'newToMarket', params: {} });
  return orNo(reasons, looked(NEW_TO_BUYER_GOALS, 'solutionNewToMarketOrIndustry'));
}

function innovationConsidered(input: StatisticsInput): Derived {
  const { marketAnalysis, dialogueSummary } = input.context;
  const reasons = goalEvidence(input, INNOVATION_GOALS);
  // Considered is weaker than new: any record that ever found no solution on the market counts.
  if (marketAnalysis?.noSolutionOnMarket) reasons.push({ code: 'noSolutionOnMarket', params: { record: 'marketAnalysis' } });
  if (dialogueSummary?.noSolutionOnMarket) reasons.push({ code: 'noSolutionOnMarket', params: { record: 'dialogueSummary' } });
  reasons.push(...innovationPartnership(input));
  return orNo(reasons, looked(INNOVATION_GOALS, 'criteria', 'marketAnalysis', 'dialogueSummary', 'procedure'));
}

function sustainableFood(input: StatisticsInput): Derived {
  const reasons: Reason[] = input.criteria
    .filter((c) => c.templateId !== null && input.foodTemplateIds.has(c.templateId))
    .map((c) => ({ code: 'foodCriterion', params: { criterionId: c.id, title: c.title, templateId: c.templateId! } }));
  const environmental = [...(input.context.strategy?.goals ?? []).map((g) => g.code), ...input.criteria.map((c) => c.goalCode ?? '')].filter((code) =>
    code.startsWith('environmental'),
  );
  if (FOOD_CPV.test(input.cpvCode) && environmental.length > 0) {
    reasons.push({ code: 'foodSubject', params: { cpvCode: input.cpvCode, goalCodes: [...new Set(environmental)] } });
  }
  return orNo(reasons, { also: ['foodAndCateringTemplates', 'cpvCode'] });
}

function gppCriteria(input: StatisticsInput): Derived {
  const reasons: Reason[] = input.criteria
    .filter((c) => GPP_SOURCES.includes(c.source))
    .map((c) => ({
      code: 'gppCriterion',
      params: { criterionId: c.id, title: c.title, source: c.source, ...(c.templateId ? { templateId: c.templateId } : {}) },
    }));
  return orNo(reasons, { sources: [...GPP_SOURCES] });
}

function codeOfConduct(input: StatisticsInput): Derived {
  const reasons: Reason[] = input.criteria
    .filter((c) => (BINDING_KINDS.includes(c.kind) && c.goalCode === 'social.humanRightsInSupplyChains') || CODE_OF_CONDUCT.test(`${c.title} ${c.text}`))
    .map((c) => ({ code: 'codeOfConductCriterion', params: { criterionId: c.id, title: c.title, kind: c.kind } }));
  return orNo(reasons, { also: ['criteria'] });
}

function smeParticipation(input: StatisticsInput): Derived {
  const reasons = goalEvidence(input, GOALS_OF.smeParticipationConsidered);
  const { sme, total } = input.registrations;
  if (sme > 0) reasons.push({ code: 'smeRegistrations', params: { sme, registrations: total } });
  return orNo(reasons, looked(GOALS_OF.smeParticipationConsidered, 'dialogueRegistrations'));
}

const notAsked = (because: HilmaQuestion[]): Derived => ({ value: null, reasons: [{ code: 'notAsked', params: { because } }] });

/**
 * The answers the plan's records give, before any override. Follow-up questions are judged later,
 * on the answers as they stand after overrides (see `statisticsOf`).
 */
export function deriveAnswers(input: StatisticsInput): Record<HilmaQuestion, Derived> {
  const market = newToMarket(input);
  const simple = (q: keyof typeof GOALS_OF) => orNo(goalEvidence(input, GOALS_OF[q]), looked(GOALS_OF[q]));
  return {
    innovationConsidered: innovationConsidered(input),
    solutionNewToBuyer: newToBuyer(input, market),
    solutionNewToMarketOrIndustry: market,
    energyEfficiencyConsidered: simple('energyEfficiencyConsidered'),
    lowCarbon: simple('lowCarbon'),
    circularEconomy: simple('circularEconomy'),
    biodiversity: simple('biodiversity'),
    sustainableFoodProduction: sustainableFood(input),
    listedGreenCriteriaUsed: gppCriteria(input),
    justWorkingConditions: simple('justWorkingConditions'),
    employmentCondition: simple('employmentCondition'),
    // No record of the plan holds an estimate of jobs: only the officer can give it.
    howManyOpportunitiesIsEstimated: { value: null, reasons: [{ code: 'officerEstimates', params: {} }] },
    codeOfConduct: codeOfConduct(input),
    smeParticipationConsidered: smeParticipation(input),
  };
}

/** Which follow-up questions Hilma asks, given the answers as they stand; each names the questions it follows. */
export function followUps(answers: Partial<Record<HilmaQuestion, Answer>>): Partial<Record<HilmaQuestion, { asked: boolean; after: HilmaQuestion[] }>> {
  return {
    listedGreenCriteriaUsed: { asked: ENVIRONMENTAL_QUESTIONS.some((q) => answers[q] === true), after: [...ENVIRONMENTAL_QUESTIONS] },
    howManyOpportunitiesIsEstimated: { asked: answers.employmentCondition === true, after: ['employmentCondition'] },
  };
}

/** The lot's answers: derived, then overridden where the officer did, then follow-ups asked or not. */
export function statisticsOf(derived: Record<HilmaQuestion, Derived>, overrides: Partial<Record<HilmaQuestion, Override>>): LotStatistics {
  const current = Object.fromEntries(HILMA_QUESTIONS.map((q) => [q, overrides[q] ? overrides[q].value : derived[q].value])) as Record<HilmaQuestion, Answer>;
  const follow = followUps(current);
  return Object.fromEntries(
    HILMA_QUESTIONS.map((q): [HilmaQuestion, QuestionView] => {
      const rule = follow[q];
      const override = overrides[q] ?? null;
      if (rule && !rule.asked) return [q, { asked: false, value: null, source: 'notAsked', derived: notAsked(rule.after), override }];
      return [q, { asked: true, value: current[q], source: override ? 'override' : 'derived', derived: derived[q], override }];
    }),
  ) as LotStatistics;
}

/** Questions asked but without an answer yet (the number of jobs until the officer estimates it). */
export function unanswered(lot: LotStatistics): HilmaQuestion[] {
  return HILMA_QUESTIONS.filter((q) => lot[q].asked && lot[q].value === null);
}

/**
 * The `hilmaStatistics` object Hilma's API takes for one lot: every question, null where not asked.
 * endUserInvolved is asked only with notice subtypes 14, 20, 21 and 33–35; with E1 it is null.
 */
export function hilmaPayload(lot: LotStatistics): Record<HilmaQuestion | 'endUserInvolved', Answer> {
  return extended(Object.fromEntries(HILMA_QUESTIONS.map((q) => [q, lot[q].value])) as Record<HilmaQuestion, Answer>, { endUserInvolved: null });
}
