import { CANCEL_TRANSITION, initialContext, needs, planSetup } from '../common/plan-setup';
import { pickEvents } from '../common/events';
import { approvalToClosure, CLOSING_STAGES, criteriaAndStrategy, DRAFT_STAGE } from '../common/shared-stages';
import { tags } from '../common/tags';
import { DIALOGUE_ROUND_TYPES } from '../common/round-types';
import type { StageSpec, WorkflowDefinition } from '../common/types';

const PLAN_BASICS = ['plan.title', 'plan.description', 'plan.cpvCode', 'plan.budget'];
const DIALOGUE_DONE = [
  'dialogue.heldWithSuppliers',
  'dialogue.questionsAnswered',
  'dialogue.summaryPublished',
  'dialogue.roundsClosed',
  'dialogue.meetingsOfferedToAll',
];

/** The stages of v1 as machine states; later versions start from these and replace what they change. */
export const digigreenPlanningV1States = {
  draft: {
    on: {
      START_NEEDS_ASSESSMENT: { target: 'needsAssessment', guard: needs(...PLAN_BASICS) },
      ...CANCEL_TRANSITION,
    },
  },
  needsAssessment: {
    on: {
      RECORD_NEEDS: { actions: 'recordNeeds' },
      COMPLETE_NEEDS_ASSESSMENT: {
        target: 'marketAnalysis',
        guard: needs('needs.described', 'needs.usersConsulted', 'needs.strategicGoals', 'needs.rationale'),
      },
      ...CANCEL_TRANSITION,
    },
  },
  marketAnalysis: {
    tags: tags('dialogue.registrationOpen'),
    on: {
      RECORD_MARKET_ANALYSIS: { actions: 'recordMarketAnalysis' },
      PUBLISH_ENGAGEMENT_NOTICE: { actions: 'publishEngagementNotice' },
      WAIVE_ENGAGEMENT_NOTICE: { actions: 'waiveEngagementNotice' },
      START_MARKET_DIALOGUE: {
        target: 'marketDialogue',
        guard: needs('market.analysisRecorded', 'notice.publishedOrWaived'),
        actions: 'startDialogue',
      },
      ...CANCEL_TRANSITION,
    },
  },
  marketDialogue: {
    tags: tags('dialogue.registrationOpen', 'dialogue.running'),
    exit: 'cancelRoundTimers',
    on: {
      SCHEDULE_DIALOGUE_ROUND: { actions: 'scheduleRound' },
      EXTEND_DIALOGUE_ROUND: { actions: 'extendRound' },
      DIALOGUE_ROUND_DEADLINE: { actions: 'passRoundDeadline' },
      RECORD_MARKET_ANALYSIS: { actions: 'recordMarketAnalysis' },
      PUBLISH_DIALOGUE_SUMMARY: { actions: 'publishDialogueSummary' },
      START_CO_DEVELOPMENT: { target: 'coDevelopment', guard: needs(...DIALOGUE_DONE) },
      SKIP_CO_DEVELOPMENT: {
        target: 'criteriaAndStrategy',
        guard: needs(...DIALOGUE_DONE),
        actions: 'skipCoDevelopment',
      },
      ...CANCEL_TRANSITION,
    },
  },
  coDevelopment: {
    on: {
      RECORD_CO_DEVELOPMENT_ACTIVITY: { actions: 'recordCoDevelopmentActivity' },
      COMPLETE_CO_DEVELOPMENT: { target: 'criteriaAndStrategy', guard: needs('coDevelopment.activityRecorded') },
      ...CANCEL_TRANSITION,
    },
  },
  criteriaAndStrategy,
  procedureSelection: {
    on: {
      SELECT_PROCEDURE: { actions: 'selectProcedure' },
      REVISE_CRITERIA: { target: 'criteriaAndStrategy' },
      REQUEST_APPROVAL: {
        target: 'approval',
        guard: needs('procedure.selected', 'procedure.innovationPartnershipJustified'),
        actions: 'requestApproval',
      },
      ...CANCEL_TRANSITION,
    },
  },
  ...approvalToClosure,
} as const;

export const digigreenPlanningV1Machine = planSetup.createMachine({
  id: 'digigreen-planning',
  initial: 'draft',
  context: initialContext,
  states: digigreenPlanningV1States,
});

export const DIGIGREEN_V1_STAGES: StageSpec[] = [
  DRAFT_STAGE,
  {
    id: 'needsAssessment',
    title: 'Needs assessment',
    description: 'The need, the users consulted, the strategic goals it serves and the rationale.',
    final: false,
  },
  {
    id: 'marketAnalysis',
    title: 'Market analysis',
    description: 'Market study (known suppliers, solutions, maturity, risks) and the engagement notice.',
    final: false,
  },
  {
    id: 'marketDialogue',
    title: 'Market dialogue',
    description: 'Dialogue rounds with suppliers, clarification Q&A, and the published dialogue summary.',
    final: false,
  },
  {
    id: 'coDevelopment',
    title: 'Co-development',
    description: 'Optional workshops and pilots with suppliers; may be skipped with a recorded reason.',
    final: false,
  },
  {
    id: 'criteriaAndStrategy',
    title: 'Criteria and strategy',
    description: 'Sustainability goals and strategies, criteria, weights, life-cycle cost, risks and budget.',
    final: false,
  },
  { id: 'procedureSelection', title: 'Procedure selection', description: 'The procedure and its rationale.', final: false },
  ...CLOSING_STAGES,
];

export const digigreenPlanningV1: WorkflowDefinition = {
  id: 'digigreen-planning',
  version: 1,
  title: 'Digi-green procurement planning',
  description:
    'The full planning phase of a sustainable procurement above the national threshold: needs, market analysis, market dialogue, optional co-development, criteria and strategy, procedure, approval.',
  machine: digigreenPlanningV1Machine,
  stages: DIGIGREEN_V1_STAGES,
  roundTypes: DIALOGUE_ROUND_TYPES,
  events: pickEvents(
    'START_NEEDS_ASSESSMENT',
    'RECORD_NEEDS',
    'COMPLETE_NEEDS_ASSESSMENT',
    'RECORD_MARKET_ANALYSIS',
    'PUBLISH_ENGAGEMENT_NOTICE',
    'WAIVE_ENGAGEMENT_NOTICE',
    'START_MARKET_DIALOGUE',
    'SCHEDULE_DIALOGUE_ROUND',
    'EXTEND_DIALOGUE_ROUND',
    'DIALOGUE_ROUND_DEADLINE',
    'PUBLISH_DIALOGUE_SUMMARY',
    'START_CO_DEVELOPMENT',
    'SKIP_CO_DEVELOPMENT',
    'RECORD_CO_DEVELOPMENT_ACTIVITY',
    'COMPLETE_CO_DEVELOPMENT',
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
  ),
};
