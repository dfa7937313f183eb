import type { OutgoingEventType } from '../../../src/outbox/event-catalogue';
import type { MessageKey } from '../i18n/i18n';

/** What `events` holds to subscribe to every type, present and future (src/webhooks/webhook-subscriptions.ts). */
export const ALL_EVENTS = '*';

/**
 * The description of every outgoing event type of the catalogue (src/outbox/event-catalogue.ts),
 * in the order the form lists them. Typed against the catalogue: a type added there without a text
 * here fails the console's type check.
 */
const DESCRIPTIONS: Record<OutgoingEventType, MessageKey> = {
  'plan.created': 'eventType.plan.created',
  'plan.updated': 'eventType.plan.updated',
  'plan.teamChanged': 'eventType.plan.teamChanged',
  'plan.workflowMigrated': 'eventType.plan.workflowMigrated',
  'plan.stageChanged': 'eventType.plan.stageChanged',
  'plan.eventRecorded': 'eventType.plan.eventRecorded',
  'plan.goalsDeclared': 'eventType.plan.goalsDeclared',
  'plan.cancelled': 'eventType.plan.cancelled',
  'plan.closedUnsuccessful': 'eventType.plan.closedUnsuccessful',
  'plan.tenderLinked': 'eventType.plan.tenderLinked',
  'approval.requested': 'eventType.approval.requested',
  'approval.decided': 'eventType.approval.decided',
  'approval.waiting': 'eventType.approval.waiting',
  'dialogue.supplierRegistered': 'eventType.dialogue.supplierRegistered',
  'dialogue.registrationUpdated': 'eventType.dialogue.registrationUpdated',
  'dialogue.roundScheduled': 'eventType.dialogue.roundScheduled',
  'dialogue.roundExtended': 'eventType.dialogue.roundExtended',
  'dialogue.roundClosing': 'eventType.dialogue.roundClosing',
  'dialogue.clarificationsClosed': 'eventType.dialogue.clarificationsClosed',
  'dialogue.roundClosed': 'eventType.dialogue.roundClosed',
  'dialogue.questionAsked': 'eventType.dialogue.questionAsked',
  'dialogue.answerPublished': 'eventType.dialogue.answerPublished',
  'dialogue.questionDismissed': 'eventType.dialogue.questionDismissed',
  'dialogue.responseReceived': 'eventType.dialogue.responseReceived',
  'dialogue.responsesDigest': 'eventType.dialogue.responsesDigest',
  'dialogue.draftCommentReceived': 'eventType.dialogue.draftCommentReceived',
  'dialogue.meetingOffered': 'eventType.dialogue.meetingOffered',
  'dialogue.meetingBooked': 'eventType.dialogue.meetingBooked',
  'dialogue.meetingDeclined': 'eventType.dialogue.meetingDeclined',
  'dialogue.meetingHeld': 'eventType.dialogue.meetingHeld',
  'dialogue.summaryPublished': 'eventType.dialogue.summaryPublished',
  'criteria.changed': 'eventType.criteria.changed',
  'lifeCycleCost.changed': 'eventType.lifeCycleCost.changed',
  'notice.statisticsOverridden': 'eventType.notice.statisticsOverridden',
};

export const EVENT_TYPES = Object.keys(DESCRIPTIONS) as OutgoingEventType[];

/** The description key of a type; null for a type this console does not know (a newer server). */
export function eventTypeKey(type: string): MessageKey | null {
  return (DESCRIPTIONS as Record<string, MessageKey | undefined>)[type] ?? null;
}
