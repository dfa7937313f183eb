import type { Catalogue } from '../catalogue';

/**
 * E-mails (src/mail): one subject and introduction per kind of message, the labels of the facts they
 * list, and the lines every message shares. Keys: `mail.<kind>.<part>`. Values a reader must see as
 * written (titles, questions, answers) are placeholders, and the HTML version escapes each.
 */
export const mailEn = {
  'mail.buyer': 'Contracting authority',
  'mail.time': '{time} (Finnish time)',
  'mail.minutes': '{minutes} minutes',
  'mail.link.dialogue': 'Open the market dialogue',
  'mail.link.plan': 'Open the procurement plan',
  'mail.footer.supplier':
    'You receive this message because {supplier} registered in this market dialogue. In the registration you can change the address and language of these messages and turn reminders off.',
  'mail.footer.staff':
    'You receive this message because of your role in {organisation}. In your notification settings you can change the address and language of these messages and turn reminders off.',
  'mail.automatic': 'This message was sent automatically; replies are not read.',

  'mail.round.title': 'Dialogue round',
  'mail.round.opensAt': 'Opens',
  'mail.round.questionsUntil': 'Clarification questions until',
  'mail.round.clarificationsUntil': 'Answers published until',
  'mail.round.closesAt': 'Closes',

  'mail.roundScheduled.subject': 'New dialogue round: {title}',
  'mail.roundScheduled.intro': '{buyer} has scheduled the dialogue round “{round}” in the market dialogue “{title}”.',
  'mail.roundExtended.subject': 'Deadlines extended: {title}',
  'mail.roundExtended.intro': '{buyer} has extended the deadlines of the dialogue round “{round}” in the market dialogue “{title}”.',
  'mail.roundExtended.change': 'was {previous}, now {current}',
  'mail.roundClosing.subject': 'Reminder: a dialogue round closes soon: {title}',
  'mail.roundClosing.intro': 'The dialogue round “{round}” in the market dialogue “{title}” closes on {closesAt}. Nothing sent after that is accepted.',
  'mail.answerPublished.subject': 'Answer published: {title}',
  'mail.answerPublished.intro':
    '{buyer} has published an answer to clarification questions in the market dialogue “{title}”. Every registered supplier receives the same answer.',
  'mail.answerPublished.questions': 'Clarification questions',
  'mail.answerPublished.answer': 'Answer',
  'mail.meetingOffered.subject': 'One-to-one meeting offered: {title}',
  'mail.meetingOffered.intro':
    '{buyer} offers you a one-to-one meeting in the market dialogue “{title}”. Book one of the free times below in the market dialogue; you can move or decline it later.',
  'mail.meetingOffered.when': 'Free time',
  'mail.meetingOffered.duration': 'Duration',
  'mail.meetingBooked.subject': 'Meeting booked: {title}',
  'mail.meetingBooked.intro': '{supplier} has booked a one-to-one meeting in the market dialogue of the procurement plan “{title}”.',
  'mail.meetingMoved.intro': '{supplier} has moved its one-to-one meeting in the market dialogue of the procurement plan “{title}”.',
  'mail.meetingBooked.when': 'Time',
  'mail.meetingBooked.previous': 'Previously',
  'mail.meetingDeclined.subject': 'Meeting declined: {title}',
  'mail.meetingDeclined.intro': '{supplier} has declined its one-to-one meeting in the market dialogue of the procurement plan “{title}”.',
  'mail.meetingDeclined.freed': 'Time freed',
  'mail.summaryPublished.subject': 'Dialogue summary published: {title}',
  'mail.summaryPublished.intro': '{buyer} has published the dialogue summary of the market dialogue “{title}”.',
  'mail.summaryPublished.summary': 'Summary',
  'mail.summaryPublished.inputUse': 'How the input is used',
  'mail.planCancelled.subject': 'Market dialogue cancelled: {title}',
  'mail.planCancelled.intro': '{buyer} has cancelled the procurement “{title}”. Its market dialogue has ended, and no further rounds will be held.',
  'mail.planCancelled.reason': 'Reason',

  'mail.questionAsked.subject': 'New clarification question: {title}',
  'mail.questionAsked.intro':
    'A supplier registered in the market dialogue of the procurement plan “{title}” has asked a clarification question in the dialogue round “{round}”. Publish the answer to every registered supplier by {until}.',
  'mail.questionAsked.question': 'Clarification question',
  'mail.responsesDigest.subject': 'Responses received: {title}',
  'mail.responsesDigest.intro': 'Suppliers have responded in the market dialogue of the procurement plan “{title}” since {since}.',
  'mail.responsesDigest.counts': 'responses {responses}, suppliers {suppliers}',
  'mail.approvalDecided.approved.subject': 'Procurement plan approved: {title}',
  'mail.approvalDecided.approved.intro': '{by} has approved the procurement plan “{title}”.',
  'mail.approvalDecided.returned.subject': 'Procurement plan returned for revision: {title}',
  'mail.approvalDecided.returned.intro': '{by} has returned the procurement plan “{title}” for revision.',
  'mail.approvalDecided.comment': 'Comment',
  'mail.approvalRequested.subject': 'Approval requested: {title}',
  'mail.approvalRequested.intro': '{by} asks for approval of the procurement plan “{title}”.',
  'mail.approvalRequested.again': 'Approval is needed again because the plan changed: {reason}',
  'mail.approvalWaiting.subject': 'Reminder: approval waiting for {days} days: {title}',
  'mail.approvalWaiting.intro': 'The procurement plan “{title}” has waited for approval since {since}.',
} as const satisfies Catalogue;

export type MailMessageKey = keyof typeof mailEn;
