import type { Schemas } from '../../api/client';

export interface PlanTabProps {
  plan: Schemas['PlanDetail'];
  /** Reload the plan after a change (its stage, version and allowed events may have moved). */
  refresh(): void;
}

export default function Tab(_props: PlanTabProps) {
  return null;
}
