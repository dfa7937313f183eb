import type { PlanContext } from '../../../workflows/common/context';
import type { SustainabilityGoalCode } from '../../../workflows/common/codes';
import {
  deriveAnswers,
  hilmaPayload,
  HILMA_QUESTIONS,
  statisticsOf,
  unanswered,
  type HilmaQuestion,
  type Override,
  type StatisticsCriterion,
  type StatisticsInput,
} from './hilma-statistics';

const AT = '2027-01-05T10:00:00.000Z';
const BY = 'officer-anna';

/** A plan that says nothing the questions look for: a laptop supply with a mature market and no goals. */
function plan(change: Omit<Partial<StatisticsInput>, 'context'> & { context?: Partial<StatisticsInput['context']> } = {}): StatisticsInput {
  return {
    cpvCode: '30213100-6',
    criteria: [],
    declaredGoals: [],
    registrations: { total: 0, sme: 0 },
    foodTemplateIds: new Set(['food-organic-share', 'food-waste-prevention']),
    ...change,
    context: { marketAnalysis: null, dialogueSummary: null, strategy: null, procedure: null, ...change.context },
  };
}

const strategy = (...codes: SustainabilityGoalCode[]): PlanContext['strategy'] => ({
  goals: codes.map((code) => ({ code, strategy: `Pursue ${code}.` })),
  justification: null,
  recordedAt: AT,
  recordedBy: BY,
});

const marketAnalysis = (noSolutionOnMarket: boolean): PlanContext['marketAnalysis'] => ({
  knownSuppliers: 3,
  solutions: [],
  maturity: 'emerging',
  risks: [],
  noSolutionOnMarket,
  recordedAt: AT,
  recordedBy: BY,
});

const summary = (noSolutionOnMarket: boolean): PlanContext['dialogueSummary'] => ({
  summary: 'Summary.',
  inputUse: 'Used.',
  noSolutionOnMarket,
  outcome: 'dialogueHeld',
  publishedAt: AT,
  publishedBy: BY,
});

let ids = 0;
const criterion = (c: Partial<StatisticsCriterion>): StatisticsCriterion => ({
  id: `c${(ids += 1)}`,
  kind: 'technicalSpecifications',
  title: 'A criterion',
  text: 'Some text.',
  goalCode: null,
  source: 'own',
  templateId: null,
  ...c,
});

const valueOf = (input: StatisticsInput, q: HilmaQuestion) => statisticsOf(deriveAnswers(input), {})[q].value;
const codesOf = (input: StatisticsInput, q: HilmaQuestion) => deriveAnswers(input)[q].reasons.map((r) => r.code);

describe('Hilma statistics: derivation', () => {
  it('answers no to every yes/no question of a plan that says nothing, each naming what it looked at', () => {
    const derived = deriveAnswers(plan());
    for (const q of HILMA_QUESTIONS.filter((x) => x !== 'howManyOpportunitiesIsEstimated')) {
      expect({ q, value: derived[q].value, reasons: derived[q].reasons.map((r) => r.code) }).toEqual({ q, value: false, reasons: ['nothingFound'] });
    }
    expect(derived.lowCarbon.reasons[0].params).toEqual({ goalCodes: ['environmental.carbonEmissionsReduction', 'environmental.climateChangeMitigation'] });
  });

  describe.each<[HilmaQuestion, SustainabilityGoalCode]>([
    ['energyEfficiencyConsidered', 'environmental.energyEfficiency'],
    ['lowCarbon', 'environmental.carbonEmissionsReduction'],
    ['lowCarbon', 'environmental.climateChangeMitigation'],
    ['circularEconomy', 'environmental.circularEconomy'],
    ['circularEconomy', 'environmental.resourceReuse'],
    ['circularEconomy', 'environmental.recycling'],
    ['circularEconomy', 'environmental.wasteReduction'],
    ['biodiversity', 'environmental.biodiversityProtectionRestoration'],
    ['justWorkingConditions', 'social.laborRightsPromotion'],
    ['justWorkingConditions', 'social.humanRightsInSupplyChains'],
    ['employmentCondition', 'social.disadvantagedEmploymentOpportunities'],
    ['smeParticipationConsidered', 'social.smeInclusion'],
    ['innovationConsidered', 'economic.innovativePurchase'],
  ])('%s from the goal %s', (question, goal) => {
    it('is yes when the sustainability strategy pursues it', () => {
      const input = plan({ context: { strategy: strategy(goal) } });
      expect(valueOf(input, question)).toBe(true);
      expect(deriveAnswers(input)[question].reasons).toEqual([{ code: 'strategyGoal', params: { goalCode: goal } }]);
    });

    it('is yes when a criterion or a declared strategic goal pursues it', () => {
      const c = criterion({ goalCode: goal, title: 'Goal criterion' });
      const input = plan({ criteria: [c], declaredGoals: [{ id: 'g1', title: 'City roadmap', goalCodes: [goal] }] });
      expect(valueOf(input, question)).toBe(true);
      expect(deriveAnswers(input)[question].reasons).toEqual([
        { code: 'strategicGoal', params: { strategicGoalId: 'g1', title: 'City roadmap', goalCode: goal } },
        { code: 'criterion', params: { criterionId: c.id, title: 'Goal criterion', kind: 'technicalSpecifications', goalCode: goal } },
      ]);
    });

    it('is no when only other goals are pursued', () => {
      const other: SustainabilityGoalCode = goal === 'social.womenInclusion' ? 'social.genderEquality' : 'social.womenInclusion';
      const input = plan({ context: { strategy: strategy(other) }, criteria: [criterion({ goalCode: other })] });
      expect(valueOf(input, question)).toBe(false);
      expect(codesOf(input, question)).toEqual(['nothingFound']);
    });
  });

  describe('innovation', () => {
    it('innovationConsidered: yes when a market analysis once found no solution, when an innovation partnership is chosen, or a criterion pursues innovation', () => {
      expect(codesOf(plan({ context: { marketAnalysis: marketAnalysis(true), dialogueSummary: summary(false) } }), 'innovationConsidered')).toEqual([
        'noSolutionOnMarket',
      ]);
      const partnership = plan({ context: { procedure: { procedure: 'innovationPartnership', rationale: 'R&D needed.', selectedAt: AT, selectedBy: BY } } });
      expect(deriveAnswers(partnership).innovationConsidered).toEqual({
        value: true,
        reasons: [{ code: 'procedure', params: { procedure: 'innovationPartnership' } }],
      });
      expect(
        codesOf(plan({ criteria: [criterion({ kind: 'awardCriteria', goalCode: 'economic.productInnovationPromotion' })] }), 'innovationConsidered'),
      ).toEqual(['criterion']);
    });

    it('innovationConsidered: no with a mature market and an open procedure', () => {
      const input = plan({
        context: { marketAnalysis: marketAnalysis(false), procedure: { procedure: 'open', rationale: 'Mature.', selectedAt: AT, selectedBy: BY } },
      });
      expect(valueOf(input, 'innovationConsidered')).toBe(false);
      expect(deriveAnswers(input).innovationConsidered.reasons[0]).toEqual({
        code: 'nothingFound',
        params: expect.objectContaining({ also: ['criteria', 'marketAnalysis', 'dialogueSummary', 'procedure'] }) as unknown,
      });
    });

    it('solutionNewToMarketOrIndustry: the dialogue summary, when published, decides over the market analysis', () => {
      const found = plan({ context: { marketAnalysis: marketAnalysis(false), dialogueSummary: summary(true) } });
      expect(deriveAnswers(found).solutionNewToMarketOrIndustry).toEqual({
        value: true,
        reasons: [{ code: 'noSolutionOnMarket', params: { record: 'dialogueSummary' } }],
      });
      const offered = plan({ context: { marketAnalysis: marketAnalysis(true), dialogueSummary: summary(false) } });
      expect(deriveAnswers(offered).solutionNewToMarketOrIndustry).toEqual({
        value: false,
        reasons: [{ code: 'solutionOnMarket', params: { record: 'dialogueSummary' } }],
      });
      expect(valueOf(plan({ context: { marketAnalysis: marketAnalysis(true) } }), 'solutionNewToMarketOrIndustry')).toBe(true);
      expect(valueOf(plan({ context: { strategy: strategy('economic.researchDevelopmentActivities') } }), 'solutionNewToMarketOrIndustry')).toBe(true);
    });

    it('solutionNewToBuyer: yes for an innovative purchase or whatever is new to the market; no for a product innovation criterion alone', () => {
      expect(codesOf(plan({ context: { strategy: strategy('economic.innovativePurchase') } }), 'solutionNewToBuyer')).toEqual(['strategyGoal']);
      expect(codesOf(plan({ context: { marketAnalysis: marketAnalysis(true) } }), 'solutionNewToBuyer')).toEqual(['newToMarket']);
      const criterionOnly = plan({ criteria: [criterion({ goalCode: 'economic.productInnovationPromotion' })] });
      expect(valueOf(criterionOnly, 'solutionNewToBuyer')).toBe(false);
      expect(valueOf(criterionOnly, 'innovationConsidered')).toBe(true);
    });
  });

  describe('sustainableFoodProduction', () => {
    it('is yes with a criterion from a food and catering template', () => {
      const c = criterion({
        templateId: 'food-organic-share',
        title: 'Organic produce',
        goalCode: 'environmental.biodiversityProtectionRestoration',
        source: 'euGPPCriteria',
      });
      expect(deriveAnswers(plan({ criteria: [c] })).sustainableFoodProduction).toEqual({
        value: true,
        reasons: [{ code: 'foodCriterion', params: { criterionId: c.id, title: 'Organic produce', templateId: 'food-organic-share' } }],
      });
    });

    it('is yes for catering (CPV 555) with an environmental goal, no for catering without one or for laptops with one', () => {
      const catering = plan({ cpvCode: '55520000-1', context: { strategy: strategy('environmental.wasteReduction') } });
      expect(deriveAnswers(catering).sustainableFoodProduction.reasons).toEqual([
        { code: 'foodSubject', params: { cpvCode: '55520000-1', goalCodes: ['environmental.wasteReduction'] } },
      ]);
      expect(valueOf(plan({ cpvCode: '55520000-1', context: { strategy: strategy('social.smeInclusion') } }), 'sustainableFoodProduction')).toBe(false);
      expect(valueOf(plan({ context: { strategy: strategy('environmental.wasteReduction') } }), 'sustainableFoodProduction')).toBe(false);
    });
  });

  describe('listedGreenCriteriaUsed', () => {
    it('is asked only when an environmental answer is yes', () => {
      const gpp = criterion({ source: 'euGPPCriteria', templateId: 'ict-refurbished-share', title: 'Refurbished devices' });
      // A GPP criterion pursuing a social goal: no environmental yes, so Hilma does not ask.
      const social = plan({ criteria: [{ ...gpp, goalCode: 'social.laborRightsPromotion' }] });
      const lot = statisticsOf(deriveAnswers(social), {});
      expect(lot.listedGreenCriteriaUsed).toEqual({
        asked: false,
        value: null,
        source: 'notAsked',
        derived: {
          value: null,
          reasons: [
            {
              code: 'notAsked',
              params: { because: ['energyEfficiencyConsidered', 'lowCarbon', 'circularEconomy', 'biodiversity', 'sustainableFoodProduction'] },
            },
          ],
        },
        override: null,
      });
      expect(hilmaPayload(lot).listedGreenCriteriaUsed).toBeNull();

      const green = plan({ criteria: [{ ...gpp, goalCode: 'environmental.circularEconomy' }] });
      expect(statisticsOf(deriveAnswers(green), {}).listedGreenCriteriaUsed).toMatchObject({
        asked: true,
        value: true,
        derived: {
          reasons: [
            {
              code: 'gppCriterion',
              params: { criterionId: gpp.id, title: 'Refurbished devices', source: 'euGPPCriteria', templateId: 'ict-refurbished-share' },
            },
          ],
        },
      });
    });

    it('is no when the environmental yes rests on the buyer’s own criteria only; national (Motiva) and other GPP sets count', () => {
      const own = plan({ criteria: [criterion({ goalCode: 'environmental.circularEconomy', source: 'own' })] });
      expect(statisticsOf(deriveAnswers(own), {}).listedGreenCriteriaUsed).toMatchObject({
        asked: true,
        value: false,
        derived: { reasons: [{ code: 'nothingFound' }] },
      });
      for (const source of ['nationalGPPCriteria', 'otherGPPCriteria'] as const) {
        expect(valueOf(plan({ criteria: [criterion({ goalCode: 'environmental.energyEfficiency', source })] }), 'listedGreenCriteriaUsed')).toBe(true);
      }
    });
  });

  describe('codeOfConduct', () => {
    it('is yes for a contract performance condition on human rights in supply chains, or a criterion naming a code of conduct', () => {
      const clause = criterion({ kind: 'contractPerformanceConditions', goalCode: 'social.humanRightsInSupplyChains', title: 'Due diligence' });
      expect(deriveAnswers(plan({ criteria: [clause] })).codeOfConduct.reasons).toEqual([
        { code: 'codeOfConductCriterion', params: { criterionId: clause.id, title: 'Due diligence', kind: 'contractPerformanceConditions' } },
      ]);
      expect(valueOf(plan({ criteria: [criterion({ title: 'Toimittajan eettiset toimintaohjeet', text: 'Toimittaja noudattaa…' })] }), 'codeOfConduct')).toBe(
        true,
      );
    });

    it('is no for an award criterion on the same goal (a preference, not a binding code)', () => {
      const award = criterion({ kind: 'awardCriteria', goalCode: 'social.humanRightsInSupplyChains', title: 'Audited supply chain' });
      expect(valueOf(plan({ criteria: [award] }), 'codeOfConduct')).toBe(false);
      expect(valueOf(plan({ criteria: [award] }), 'justWorkingConditions')).toBe(true);
    });
  });

  describe('smeParticipationConsidered', () => {
    it('is yes when SMEs registered in the dialogue, naming how many of all', () => {
      expect(deriveAnswers(plan({ registrations: { total: 3, sme: 2 } })).smeParticipationConsidered).toEqual({
        value: true,
        reasons: [{ code: 'smeRegistrations', params: { sme: 2, registrations: 3 } }],
      });
    });

    it('is no when only large companies registered', () => {
      expect(deriveAnswers(plan({ registrations: { total: 2, sme: 0 } })).smeParticipationConsidered).toEqual({
        value: false,
        reasons: [{ code: 'nothingFound', params: { goalCodes: ['social.smeInclusion'], also: ['dialogueRegistrations'] } }],
      });
    });
  });

  describe('employmentCondition and howManyOpportunitiesIsEstimated', () => {
    const employing = plan({
      criteria: [criterion({ kind: 'contractPerformanceConditions', goalCode: 'social.disadvantagedEmploymentOpportunities', title: 'Apprentices' })],
    });
    const officer = (value: boolean | number): Override => ({
      value,
      reason: 'Two apprenticeships agreed in the dialogue.',
      by: { id: BY, name: 'Anna Officer' },
      at: AT,
    });

    it('asks the number only after an employment condition, and leaves it unanswered until the officer estimates it', () => {
      const lot = statisticsOf(deriveAnswers(employing), {});
      expect(lot.employmentCondition.value).toBe(true);
      expect(lot.howManyOpportunitiesIsEstimated).toMatchObject({
        asked: true,
        value: null,
        source: 'derived',
        derived: { value: null, reasons: [{ code: 'officerEstimates' }] },
      });
      expect(unanswered(lot)).toEqual(['howManyOpportunitiesIsEstimated']);

      const estimated = statisticsOf(deriveAnswers(employing), { howManyOpportunitiesIsEstimated: officer(2) });
      expect(estimated.howManyOpportunitiesIsEstimated).toMatchObject({ asked: true, value: 2, source: 'override' });
      expect(unanswered(estimated)).toEqual([]);
      expect(hilmaPayload(estimated)).toMatchObject({ employmentCondition: true, howManyOpportunitiesIsEstimated: 2, endUserInvolved: null });
    });

    it('does not ask the number without an employment condition', () => {
      const lot = statisticsOf(deriveAnswers(plan()), {});
      expect(lot.howManyOpportunitiesIsEstimated).toMatchObject({
        asked: false,
        value: null,
        derived: { reasons: [{ code: 'notAsked', params: { because: ['employmentCondition'] } }] },
      });
      expect(unanswered(lot)).toEqual([]);
    });

    it('keeps an estimate while an override of employmentCondition to no stops the question, and applies it again when asked', () => {
      const stopped = statisticsOf(deriveAnswers(employing), { employmentCondition: officer(false), howManyOpportunitiesIsEstimated: officer(2) });
      expect(stopped.employmentCondition).toMatchObject({ value: false, source: 'override', derived: { value: true } });
      expect(stopped.howManyOpportunitiesIsEstimated).toMatchObject({ asked: false, value: null, source: 'notAsked', override: { value: 2 } });
    });
  });

  describe('overrides', () => {
    it('replace the derived answer and keep it beside them, with who, when and why', () => {
      const override: Override = {
        value: true,
        reason: 'Low-emission delivery is required in the call for tenders.',
        by: { id: BY, name: 'Anna Officer' },
        at: AT,
      };
      const lot = statisticsOf(deriveAnswers(plan()), { lowCarbon: override });
      expect(lot.lowCarbon).toEqual({
        asked: true,
        value: true,
        source: 'override',
        derived: { value: false, reasons: [expect.objectContaining({ code: 'nothingFound' })] },
        override,
      });
      // The yes makes Hilma ask about listed green criteria, derived from the criteria (none here).
      expect(lot.listedGreenCriteriaUsed).toMatchObject({ asked: true, value: false, source: 'derived' });
    });

    it('of an environmental answer to no can stop the follow-up question', () => {
      const green = plan({ context: { strategy: strategy('environmental.circularEconomy') } });
      const no: Override = { value: false, reason: 'The goal is not pursued by this lot.', by: { id: BY, name: 'Anna Officer' }, at: AT };
      expect(statisticsOf(deriveAnswers(green), {}).listedGreenCriteriaUsed.asked).toBe(true);
      expect(statisticsOf(deriveAnswers(green), { circularEconomy: no }).listedGreenCriteriaUsed.asked).toBe(false);
    });
  });

  it('gives Hilma every question and endUserInvolved, and nothing else', () => {
    expect(Object.keys(hilmaPayload(statisticsOf(deriveAnswers(plan()), {}))).sort()).toEqual([...HILMA_QUESTIONS, 'endUserInvolved'].sort());
  });
});
