import { apiSchemas, arrayOf, boolean, instant, integer, nullable, number, object, page, ref, string } from '../common/openapi';

const count = (name: string) => object({ [name]: string, plans: integer });

/** What PortfolioService returns, as OpenAPI schemas. */
export const PORTFOLIO_SCHEMAS = apiSchemas({
  PortfolioSummary: object({
    organisation: nullable(string),
    generatedAt: instant,
    plans: object({ total: integer, active: integer, closed: integer }),
    byStage: arrayOf(count('stage')),
    byWorkflow: arrayOf(object({ workflowId: string, workflowVersion: integer, plans: integer })),
    byOfficer: arrayOf(object({ id: string, name: string, plans: integer, active: integer })),
    daysInStage: arrayOf(object({ stage: string, completedStays: integer, medianDays: nullable(number), p90Days: nullable(number) })),
    overdue: integer,
    stalled: object({ days: integer, plans: integer }),
    approvalsWaiting: integer,
    sustainability: object({
      activePlans: integer,
      goalCodes: arrayOf(object({ code: string, plans: integer, share: number })),
      withEnvironmentalAwardCriterion: object({ plans: integer, share: number }),
    }),
  }),
  PortfolioPlanPage: page({ allOf: [ref('PlanSummary'), object({ daysInStage: integer, overdue: boolean })] }),
  ApprovalWaiting: {
    allOf: [ref('PlanSummary'), object({ requestedBy: nullable(object({ id: string, name: string })), requestedAt: instant, daysWaiting: integer })],
  },
});
