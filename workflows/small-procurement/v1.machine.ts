import { EVENTS, pickEvents } from '../common/events';
import { CANCEL_TRANSITION, initialContext, needs, planSetup } from '../common/plan-setup';
import { approvalToClosure, CLOSING_STAGES, criteriaAndStrategy, DRAFT_STAGE } from '../common/shared-stages';
import { NO_ROUND_TYPES } from '../common/round-types';
import type { StageSpec, WorkflowDefinition } from '../common/types';

const BELOW_THRESHOLD_PROCEDURES = ['open', 'restricted', 'belowThresholdDirect'];

export const smallProcurementV1Machine = planSetup.createMachine({
  id: 'small-procurement',
  initial: 'draft',
  context: initialContext,
  states: {
    draft: {
      on: {
        START_NEEDS_ASSESSMENT: {
          target: 'needsAssessment',
          guard: needs('plan.title', 'plan.description', 'plan.cpvCode', 'plan.budget'),
        },
        ...CANCEL_TRANSITION,
      },
    },
    needsAssessment: {
      on: {
        RECORD_NEEDS: { actions: 'recordNeeds' },
        COMPLETE_NEEDS_ASSESSMENT: {
          target: 'marketAnalysis',
          guard: needs('needs.described', 'needs.rationale'),
        },
        ...CANCEL_TRANSITION,
      },
    },
    marketAnalysis: {
      on: {
        RECORD_MARKET_ANALYSIS: { actions: 'recordMarketAnalysis' },
        COMPLETE_MARKET_ANALYSIS: { target: 'criteriaAndStrategy', guard: needs('market.analysisRecorded') },
        ...CANCEL_TRANSITION,
      },
    },
    criteriaAndStrategy,
    procedureSelection: {
      on: {
        SELECT_PROCEDURE: { actions: 'selectProcedure' },
        REVISE_CRITERIA: { target: 'criteriaAndStrategy' },
        REQUEST_APPROVAL: { target: 'approval', guard: needs('procedure.selected'), actions: 'requestApproval' },
        ...CANCEL_TRANSITION,
      },
    },
    ...approvalToClosure,
  },
});

const STAGES: StageSpec[] = [
  DRAFT_STAGE,
  { id: 'needsAssessment', title: 'Needs assessment', description: 'The need and the rationale.', final: false },
  { id: 'marketAnalysis', title: 'Market analysis', description: 'A light market study: suppliers, solutions, maturity, risks.', final: false },
  {
    id: 'criteriaAndStrategy',
    title: 'Criteria and strategy',
    description: 'Sustainability goals and strategies, criteria and budget.',
    final: false,
  },
  {
    id: 'procedureSelection',
    title: 'Procedure selection',
    description: 'A procedure allowed below the national threshold, with its rationale.',
    final: false,
  },
  ...CLOSING_STAGES,
];

const events = pickEvents(
  'START_NEEDS_ASSESSMENT',
  'RECORD_NEEDS',
  'COMPLETE_NEEDS_ASSESSMENT',
  'RECORD_MARKET_ANALYSIS',
  'COMPLETE_MARKET_ANALYSIS',
  'RECORD_SUSTAINABILITY_STRATEGY',
  'COMPLETE_CRITERIA',
  'SELECT_PROCEDURE',
  'REVISE_CRITERIA',
  'REQUEST_APPROVAL',
  'APPROVE',
  'RETURN_FOR_REVISION',
  'VOID_APPROVAL',
  'LINK_TENDER',
  'MARK_UNSUCCESSFUL',
  'CANCEL',
);

export const smallProcurementV1: WorkflowDefinition = {
  id: 'small-procurement',
  version: 1,
  title: 'Small procurement (below the national threshold)',
  description: 'A lighter planning process for procurements below the national threshold: no market dialogue and no co-development.',
  machine: smallProcurementV1Machine,
  stages: STAGES,
  roundTypes: NO_ROUND_TYPES,
  events: {
    ...events,
    SELECT_PROCEDURE: {
      ...EVENTS.SELECT_PROCEDURE,
      payload: {
        ...EVENTS.SELECT_PROCEDURE.payload,
        properties: { ...EVENTS.SELECT_PROCEDURE.payload.properties, procedure: { enum: BELOW_THRESHOLD_PROCEDURES } },
      },
    },
  },
};
