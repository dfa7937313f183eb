import type { Schemas } from '../../api/client';
import type { MessageKey } from '../../i18n/i18n';

export type Round = Schemas['Round'];
export type RoundType = Round['type'];
export type QuestionType = Schemas['QuestionDto']['type'];

export const ROUND_TYPES: RoundType[] = ['rfi', 'supplierDay', 'oneToOne', 'draftConsultation'];
export const QUESTION_TYPES: QuestionType[] = ['text', 'number', 'singleChoice', 'multiChoice', 'yesNo', 'documentRef'];

export const roundTypeKey = (type: string) => `tools.dialogue.roundType.${type}` as MessageKey;
export const roundStatusKey = (status: string) => `tools.dialogue.status.${status}` as MessageKey;
export const questionTypeKey = (type: string) => `tools.dialogue.questionType.${type}` as MessageKey;

export const STATUS_BADGE: Record<Round['status'], string> = {
  scheduled: 'badge',
  open: 'badge badge--ok',
  closed: 'badge',
  cancelled: 'badge badge--alert',
};

/** Whether the dialogue's own commands (rounds, answers, meetings) are accepted: only while the plan is in the market dialogue. */
/** The plan's stage runs the market dialogue (its tag, not its name: workflows may name stages differently). */
export const dialogueRunning = (plan: { tags: string[] }) => plan.tags.includes('dialogue.running');

export const dialogueKey = (planId: string) => ['dialogue', planId] as const;
