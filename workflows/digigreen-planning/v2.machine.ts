import { CANCEL_TRANSITION, initialContext, needs, planSetup } from '../common/plan-setup';
import { tags } from '../common/tags';
import type { WorkflowDefinition } from '../common/types';
import { DIGIGREEN_V1_STAGES, digigreenPlanningV1, digigreenPlanningV1States } from './v1.machine';

/**
 * digigreen-planning v2 (issue 15): the law of issues 13 and 14 in the workflow itself.
 *
 * - Above the EU threshold the market dialogue is announced with the eForms E1 notice: the waiver of
 *   an engagement notice is refused there (`notice.waiverBelowEu`), and leaving the market analysis
 *   needs the published notice (`notice.e1OrWaivedBelowEu`). v1 let any plan waive it.
 * - The dialogue is never empty (`dialogue.heldWithSuppliers`, as issue 13 put into v1 before it was
 *   frozen): a round held with a registered supplier, or the recorded outcome that none registered.
 * - Approval is requested only for a procedure the thresholds allow at the plan's value
 *   (`procedure.allowedByThresholds`): the regime the plan shows is a requirement of the stage, not
 *   only a refusal when the procedure is selected.
 *
 * Everything else is v1's: the same stages, tags, events and timers.
 */
export const digigreenPlanningV2Machine = planSetup.createMachine({
  id: 'digigreen-planning',
  initial: 'draft',
  context: initialContext,
  states: {
    ...digigreenPlanningV1States,
    marketAnalysis: {
      tags: tags('dialogue.registrationOpen'),
      on: {
        RECORD_MARKET_ANALYSIS: { actions: 'recordMarketAnalysis' },
        PUBLISH_ENGAGEMENT_NOTICE: { actions: 'publishEngagementNotice' },
        WAIVE_ENGAGEMENT_NOTICE: { guard: needs('notice.waiverBelowEu'), actions: 'waiveEngagementNotice' },
        START_MARKET_DIALOGUE: {
          target: 'marketDialogue',
          guard: needs('market.analysisRecorded', 'notice.e1OrWaivedBelowEu'),
          actions: 'startDialogue',
        },
        ...CANCEL_TRANSITION,
      },
    },
    procedureSelection: {
      on: {
        ...digigreenPlanningV1States.procedureSelection.on,
        REQUEST_APPROVAL: {
          target: 'approval',
          guard: needs('procedure.selected', 'procedure.innovationPartnershipJustified', 'procedure.allowedByThresholds'),
          actions: 'requestApproval',
        },
      },
    },
  },
});

export const digigreenPlanningV2: WorkflowDefinition = {
  ...digigreenPlanningV1,
  version: 2,
  description:
    'The full planning phase of a sustainable procurement above the national threshold: needs, market analysis with the E1 engagement notice (required above the EU threshold), market dialogue with suppliers (or the recorded outcome that none registered), optional co-development, criteria and strategy, a procedure the thresholds allow, approval.',
  machine: digigreenPlanningV2Machine,
  stages: DIGIGREEN_V1_STAGES,
};
