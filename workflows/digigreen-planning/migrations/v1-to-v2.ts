import type { PlanContext } from '../../common/context';
import type { StageMapping, WorkflowMigration } from '../../common/migration';

/**
 * digigreen-planning v1 → v2. The stages are the same, so a plan stays in its stage; what v2 adds
 * (an E1 notice above the EU threshold instead of a waiver, a procedure the thresholds allow) is
 * judged from then on, and the dry run names what would be unmet: a plan above the EU threshold
 * still in the market analysis with a waived notice must publish the E1 notice before its dialogue.
 *
 * - The context keeps every record. Fields v1 left out in records written before they existed are
 *   stated the way v2 writes them: a notice's `registrationUntil` (null: the planned end applies)
 *   and a dialogue summary's `outcome` (`dialogueHeld`, the only outcome before there were two).
 */
export const digigreenPlanningV1ToV2: WorkflowMigration = {
  id: 'digigreen-planning/v1-to-v2',
  workflowId: 'digigreen-planning',
  from: 1,
  to: 2,
  description:
    'Same stages. From the move on: above the EU threshold no waiver of the engagement notice (the E1 notice is required), approval requested only for a procedure the thresholds allow.',

  reasons: {},

  mapStage(stage: string): StageMapping {
    return { stage };
  },

  upcast(context: PlanContext): PlanContext {
    const next = structuredClone(context);
    if (next.engagementNotice && next.engagementNotice.registrationUntil === undefined) next.engagementNotice.registrationUntil = null;
    if (next.dialogueSummary && next.dialogueSummary.outcome === undefined) next.dialogueSummary.outcome = 'dialogueHeld';
    return next;
  },
};
