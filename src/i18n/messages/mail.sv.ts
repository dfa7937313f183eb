import type { MailMessageKey } from './mail.en';

/** E-postmeddelandenas texter (se mail.en.ts), med upphandlingslagens termer. */
export const mailSv: Record<MailMessageKey, string> = {
  'mail.buyer': 'Upphandlande enhet',
  'mail.time': '{time} (finsk tid)',
  'mail.minutes': '{minutes} minuter',
  'mail.link.dialogue': 'Öppna marknadsdialogen',
  'mail.link.plan': 'Öppna upphandlingsplanen',
  'mail.footer.supplier':
    'Ni får detta meddelande eftersom {supplier} har anmält sig till denna marknadsdialog. I anmälan kan ni ändra meddelandenas adress och språk och stänga av påminnelser.',
  'mail.footer.staff':
    'Du får detta meddelande på grund av din roll i {organisation}. I dina aviseringsinställningar kan du ändra meddelandenas adress och språk och stänga av påminnelser.',
  'mail.automatic': 'Detta meddelande har skickats automatiskt, och svar på det läses inte.',

  'mail.round.title': 'Dialogrunda',
  'mail.round.opensAt': 'Öppnas',
  'mail.round.questionsUntil': 'Kompletterande frågor senast',
  'mail.round.clarificationsUntil': 'Svar publiceras senast',
  'mail.round.closesAt': 'Stängs',

  'mail.roundScheduled.subject': 'Ny dialogrunda: {title}',
  'mail.roundScheduled.intro': '{buyer} har planerat dialogrundan ”{round}” i marknadsdialogen ”{title}”.',
  'mail.roundExtended.subject': 'Tidsfristerna har förlängts: {title}',
  'mail.roundExtended.intro': '{buyer} har förlängt tidsfristerna för dialogrundan ”{round}” i marknadsdialogen ”{title}”.',
  'mail.roundExtended.change': 'tidigare {previous}, nu {current}',
  'mail.roundClosing.subject': 'Påminnelse: en dialogrunda stängs snart: {title}',
  'mail.roundClosing.intro': 'Dialogrundan ”{round}” i marknadsdialogen ”{title}” stängs {closesAt}. Det som skickas efter det tas inte emot.',
  'mail.answerPublished.subject': 'Svar publicerat: {title}',
  'mail.answerPublished.intro':
    '{buyer} har publicerat ett svar på kompletterande frågor i marknadsdialogen ”{title}”. Alla anmälda leverantörer får samma svar.',
  'mail.answerPublished.questions': 'Kompletterande frågor',
  'mail.answerPublished.answer': 'Svar',
  'mail.meetingOffered.subject': 'Erbjudande om enskilt möte: {title}',
  'mail.meetingOffered.intro': '{buyer} erbjuder er ett enskilt möte i marknadsdialogen ”{title}”.',
  'mail.meetingOffered.when': 'Föreslagen tid',
  'mail.meetingOffered.duration': 'Längd',
  'mail.summaryPublished.subject': 'Sammanfattning av marknadsdialogen publicerad: {title}',
  'mail.summaryPublished.intro': '{buyer} har publicerat sammanfattningen av marknadsdialogen ”{title}”.',
  'mail.summaryPublished.summary': 'Sammanfattning',
  'mail.summaryPublished.inputUse': 'Hur synpunkterna används',
  'mail.planCancelled.subject': 'Marknadsdialogen avbruten: {title}',
  'mail.planCancelled.intro': '{buyer} har avbrutit upphandlingen ”{title}”. Dess marknadsdialog har avslutats, och inga fler rundor hålls.',
  'mail.planCancelled.reason': 'Skäl',

  'mail.questionAsked.subject': 'Ny kompletterande fråga: {title}',
  'mail.questionAsked.intro':
    'En leverantör som har anmält sig till marknadsdialogen för upphandlingsplanen ”{title}” har ställt en kompletterande fråga i dialogrundan ”{round}”. Publicera svaret till alla anmälda leverantörer senast {until}.',
  'mail.questionAsked.question': 'Kompletterande fråga',
  'mail.responsesDigest.subject': 'Svar från leverantörer har inkommit: {title}',
  'mail.responsesDigest.intro': 'Leverantörer har svarat i marknadsdialogen för upphandlingsplanen ”{title}” sedan {since}.',
  'mail.responsesDigest.counts': 'svar {responses}, leverantörer {suppliers}',
  'mail.approvalDecided.approved.subject': 'Upphandlingsplanen godkänd: {title}',
  'mail.approvalDecided.approved.intro': '{by} har godkänt upphandlingsplanen ”{title}”.',
  'mail.approvalDecided.returned.subject': 'Upphandlingsplanen har skickats tillbaka för bearbetning: {title}',
  'mail.approvalDecided.returned.intro': '{by} har skickat tillbaka upphandlingsplanen ”{title}” för bearbetning.',
  'mail.approvalDecided.comment': 'Kommentar',
  'mail.approvalRequested.subject': 'Begäran om godkännande: {title}',
  'mail.approvalRequested.intro': '{by} begär godkännande av upphandlingsplanen ”{title}”.',
  'mail.approvalRequested.again': 'Godkännande behövs på nytt eftersom planen har ändrats: {reason}',
  'mail.approvalWaiting.subject': 'Påminnelse: godkännandet har väntat i {days} dagar: {title}',
  'mail.approvalWaiting.intro': 'Upphandlingsplanen ”{title}” har väntat på godkännande sedan {since}.',
};
