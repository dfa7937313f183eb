/**
 * What a stage allows, as XState `tags` on the stage. Feature modules ask whether the plan's stage
 * carries a tag (`EngineService.hasTag`, `PlanLoader.inStage`) and never compare stage ids, so a new
 * workflow version may rename, split or add stages without touching them.
 *
 * The meaning of each tag is part of the contract between workflows and modules: a stage that
 * carries one promises what is written here.
 */
export const STAGE_TAGS = {
  'dialogue.registrationOpen': 'Suppliers may register interest; the plan is listed among the plans open to suppliers.',
  'dialogue.running': 'The market dialogue runs: responses, questions, answers, comments and meetings are taken.',
  'criteria.editable': 'The criteria may be added, changed and removed.',
  'lcc.editable': 'The life-cycle cost model may be set and removed.',
  'approval.waiting': "The plan waits for a manager's decision.",
  'plan.closed': 'The plan has ended (a final stage); one of the plan.<ending> tags says how.',
  'plan.tenderLinked': 'Ended: the tender was published and linked.',
  'plan.unsuccessful': 'Ended without a tender.',
  'plan.cancelled': 'Ended: cancelled, with a reason.',
} as const;

export type StageTag = keyof typeof STAGE_TAGS;

/** A stage's `tags`, checked against the known tags. */
export const tags = (...list: StageTag[]): StageTag[] => list;
