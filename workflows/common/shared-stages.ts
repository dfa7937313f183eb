import { CANCEL_TRANSITION, needs } from './plan-setup';
import { tags } from './tags';
import type { StageSpec } from './types';

/** What leaving criteriaAndStrategy needs, in every workflow (Directive 2014/24/EU art. 67–68). */
export const CRITERIA_DONE = [
  'strategy.sustainability',
  'criteria.awardDefined',
  'criteria.awardWeightsSum100',
  'criteria.awardLinkedToSubject',
  'lcc.methodAndDataStated',
];

export const criteriaAndStrategy = {
  tags: tags('criteria.editable', 'lcc.editable'),
  on: {
    RECORD_SUSTAINABILITY_STRATEGY: { actions: 'recordStrategy' },
    COMPLETE_CRITERIA: { target: 'procedureSelection', guard: needs(...CRITERIA_DONE) },
    ...CANCEL_TRANSITION,
  },
} as const;

/** From approval to the end: identical in every workflow, so the four-eyes and void rules are too. */
export const approvalToClosure = {
  approval: {
    tags: tags('approval.waiting'),
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
  tenderLinked: { type: 'final', tags: tags('plan.closed', 'plan.tenderLinked') },
  cancelled: { type: 'final', tags: tags('plan.closed', 'plan.cancelled') },
  unsuccessful: { type: 'final', tags: tags('plan.closed', 'plan.unsuccessful') },
} as const;

export const DRAFT_STAGE: StageSpec = {
  id: 'draft',
  title: 'Draft',
  description: 'Internal draft: title, subject, CPV code, estimated value, owner.',
  final: false,
};

export const CLOSING_STAGES: StageSpec[] = [
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
