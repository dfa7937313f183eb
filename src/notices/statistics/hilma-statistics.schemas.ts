import { apiSchemas, arrayOf, boolean, instant, integer, object, ref, string, type SchemaObject } from '../../common/openapi';
import { HILMA_QUESTIONS, LOT_ID } from './hilma-statistics';

const answer: SchemaObject = {
  nullable: true,
  oneOf: [boolean, integer],
  description: 'Yes or no; a whole number for howManyOpportunitiesIsEstimated; null when not asked (or not answered yet).',
};
const byLot = (schema: SchemaObject | ReturnType<typeof ref>, description: string): SchemaObject => ({
  type: 'object',
  description: `${description} Keyed by lot id (BT-137), \`${LOT_ID}\` for the plan's one lot.`,
  additionalProperties: schema,
});

/** What HilmaStatisticsService returns, as OpenAPI schemas. */
export const HILMA_STATISTICS_SCHEMAS = apiSchemas({
  HilmaStatisticsReason: object({
    code: {
      ...string,
      description:
        'Stable code of the rule (docs/notices.md#hilma-statistics): strategyGoal, strategicGoal, criterion, gppCriterion, noSolutionOnMarket, smeRegistrations, nothingFound, notAsked, …',
    },
    params: {
      type: 'object',
      additionalProperties: true,
      description: 'The records the rule found (goal codes, criterion ids and titles, counts) or, for nothingFound, what it looked at.',
    },
  }),
  HilmaStatisticsAnswer: object({
    asked: {
      ...boolean,
      description:
        'Whether Hilma asks the question given the other answers (listedGreenCriteriaUsed after an environmental yes, howManyOpportunitiesIsEstimated after an employment condition).',
    },
    value: { ...answer, description: 'What goes to Hilma: the override where there is one, else the derived answer; null when not asked.' },
    source: { type: 'string', enum: ['derived', 'override', 'notAsked'] },
    derived: object({ value: answer, reasons: arrayOf(ref('HilmaStatisticsReason')) }),
    override: {
      ...object({ value: answer, reason: string, by: object({ id: string, name: string }), at: instant }),
      nullable: true,
      description: "The officer's answer replacing the derived one; kept, without effect, while the question is not asked.",
    },
  }),
  HilmaStatisticsLot: object(Object.fromEntries(HILMA_QUESTIONS.map((q) => [q, ref('HilmaStatisticsAnswer')]))),
  HilmaStatistics: object({
    planId: { type: 'string', format: 'uuid' },
    noticeSubtype: { type: 'string', enum: ['E1'] },
    lots: byLot(ref('HilmaStatisticsLot'), 'Each question with its value, where it came from and why.'),
    unanswered: {
      ...arrayOf(object({ lotId: string, question: string })),
      description:
        'Questions Hilma asks that have no answer yet (the number of jobs until the officer estimates it): the notice cannot be sent to Hilma before they are answered.',
    },
    hilmaStatistics: byLot(
      { type: 'object', additionalProperties: answer },
      "The `hilmaStatistics` object of Hilma's API as it is sent beside the notice: every question and endUserInvolved (null with E1).",
    ),
  }),
});
