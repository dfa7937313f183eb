import { EVENTS, pickEvents } from '../common/events';
import { CANCEL_TRANSITION, initialContext, needs, planSetup } from '../common/plan-setup';
import type { StageSpec, WorkflowDefinition } from '../common/types';

const CRITERIA_DONE = ['strategy.sustainability', 'criteria.awardDefined', 'criteria.awardWeightsSum100', 'criteria.awardLinkedToSubject', 'lcc.methodAndDataStated'];

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
    criteriaAndStrategy: {
      on: {
        RECORD_SUSTAINABILITY_STRATEGY: { actions: 'recordStrategy' },
        COMPLETE_CRITERIA: { target: 'procedureSelection', guard: needs(...CRITERIA_DONE) },
        ...CANCEL_TRANSITION,
      },
    },
    procedureSelection: {
      on: {
        SELECT_PROCEDURE: { actions: 'selectProcedure' },
        REVISE_CRITERIA: { target: 'criteriaAndStrategy' },
        REQUEST_APPROVAL: { target: 'approval', guard: needs('procedure.selected'), actions: 'requestApproval' },
        ...CANCEL_TRANSITION,
      },
    },
    approval: {
      on: {
        APPROVE: {
          target: 'readyForTender',
          guard: needs('approval.fourEyes'),
          actions: { type: 'decideApproval', params: { decision: 'approved' } },
        },
        RETURN_FOR_REVISION: {
          target: 'procedureSelection',
          actions: { type: 'decideApproval', params: { decision: 'returned' } },
        },
        VOID_APPROVAL: { target: 'approval', reenter: true, actions: 'voidApproval' },
        ...CANCEL_TRANSITION,
      },
    },
    readyForTender: {
      on: {
        VOID_APPROVAL: { target: 'approval', actions: 'voidApproval' },
        LINK_TENDER: { target: 'tenderLinked', actions: 'linkTender' },
        MARK_UNSUCCESSFUL: { target: 'unsuccessful', actions: { type: 'close', params: { kind: 'unsuccessful' } } },
        ...CANCEL_TRANSITION,
      },
    },
    tenderLinked: { type: 'final' },
    cancelled: { type: 'final' },
    unsuccessful: { type: 'final' },
  },
});

const STAGES: StageSpec[] = [
  { id: 'draft', title: 'Draft', description: 'Internal draft: title, subject, CPV code, estimated value, owner.', final: false },
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
  {
    id: 'approval',
    title: 'Approval',
    description: 'A manager other than the requester approves, or returns the plan with a reason.',
    final: false,
  },
  { id: 'readyForTender', title: 'Ready for tender', description: 'Approved and handed over to tendering.', final: false },
  { id: 'tenderLinked', title: 'Tender linked', description: 'The tender is published and linked to this plan.', final: true },
  { id: 'cancelled', title: 'Cancelled', description: 'Cancelled, with the reason recorded.', final: true },
  { id: 'unsuccessful', title: 'Unsuccessful', description: 'Closed without a tender, with the reason recorded.', final: true },
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
  description:
    'A lighter planning process for procurements below the national threshold: no market dialogue and no co-development.',
  machine: smallProcurementV1Machine,
  stages: STAGES,
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
