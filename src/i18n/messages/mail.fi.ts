import type { MailMessageKey } from './mail.en';

/** Sähköpostien tekstit (ks. mail.en.ts). Kirjoitettu teititellen, hankintalain termein. */
export const mailFi: Record<MailMessageKey, string> = {
  'mail.buyer': 'Hankintayksikkö',
  'mail.time': '{time} (Suomen aikaa)',
  'mail.minutes': '{minutes} minuuttia',
  'mail.link.dialogue': 'Avaa markkinavuoropuhelu',
  'mail.link.plan': 'Avaa hankintasuunnitelma',
  'mail.footer.supplier':
    'Saatte tämän viestin, koska {supplier} on ilmoittautunut tähän markkinavuoropuheluun. Ilmoittautumisessa voitte muuttaa viestien osoitetta ja kieltä sekä ottaa muistutukset pois käytöstä.',
  'mail.footer.staff':
    'Saat tämän viestin tehtäväsi vuoksi organisaatiossa {organisation}. Ilmoitusasetuksissasi voit muuttaa viestien osoitetta ja kieltä sekä ottaa muistutukset pois käytöstä.',
  'mail.automatic': 'Tämä viesti on lähetetty automaattisesti, eikä siihen lähetettyjä vastauksia lueta.',

  'mail.round.title': 'Vuoropuhelukierros',
  'mail.round.opensAt': 'Alkaa',
  'mail.round.questionsUntil': 'Lisäkysymykset viimeistään',
  'mail.round.clarificationsUntil': 'Vastaukset julkaistaan viimeistään',
  'mail.round.closesAt': 'Päättyy',

  'mail.roundScheduled.subject': 'Uusi vuoropuhelukierros: {title}',
  'mail.roundScheduled.intro': '{buyer} on ajoittanut markkinavuoropuheluun ”{title}” vuoropuhelukierroksen ”{round}”.',
  'mail.roundExtended.subject': 'Määräaikoja on pidennetty: {title}',
  'mail.roundExtended.intro': '{buyer} on pidentänyt markkinavuoropuhelun ”{title}” vuoropuhelukierroksen ”{round}” määräaikoja.',
  'mail.roundExtended.change': 'aiemmin {previous}, nyt {current}',
  'mail.roundClosing.subject': 'Muistutus: vuoropuhelukierros päättyy pian: {title}',
  'mail.roundClosing.intro': 'Markkinavuoropuhelun ”{title}” vuoropuhelukierros ”{round}” päättyy {closesAt}. Sen jälkeen lähetettyä ei oteta vastaan.',
  'mail.answerPublished.subject': 'Vastaus julkaistu: {title}',
  'mail.answerPublished.intro':
    '{buyer} on julkaissut vastauksen markkinavuoropuhelun ”{title}” lisäkysymyksiin. Kaikki ilmoittautuneet toimittajat saavat saman vastauksen.',
  'mail.answerPublished.questions': 'Lisäkysymykset',
  'mail.answerPublished.answer': 'Vastaus',
  'mail.meetingOffered.subject': 'Tarjous kahdenvälisestä tapaamisesta: {title}',
  'mail.meetingOffered.intro':
    '{buyer} tarjoaa teille kahdenvälistä tapaamista markkinavuoropuhelussa ”{title}”. Varatkaa jokin alla olevista vapaista ajoista markkinavuoropuhelussa; voitte myöhemmin siirtää tai perua sen.',
  'mail.meetingOffered.when': 'Vapaa aika',
  'mail.meetingOffered.duration': 'Kesto',
  'mail.meetingBooked.subject': 'Tapaaminen varattu: {title}',
  'mail.meetingBooked.intro': '{supplier} on varannut kahdenvälisen tapaamisen hankintasuunnitelman ”{title}” markkinavuoropuhelussa.',
  'mail.meetingMoved.intro': '{supplier} on siirtänyt kahdenvälisen tapaamisensa hankintasuunnitelman ”{title}” markkinavuoropuhelussa.',
  'mail.meetingBooked.when': 'Aika',
  'mail.meetingBooked.previous': 'Aiemmin',
  'mail.meetingDeclined.subject': 'Tapaaminen peruttu: {title}',
  'mail.meetingDeclined.intro': '{supplier} on perunut kahdenvälisen tapaamisensa hankintasuunnitelman ”{title}” markkinavuoropuhelussa.',
  'mail.meetingDeclined.freed': 'Vapautunut aika',
  'mail.summaryPublished.subject': 'Yhteenveto markkinavuoropuhelusta julkaistu: {title}',
  'mail.summaryPublished.intro': '{buyer} on julkaissut yhteenvedon markkinavuoropuhelusta ”{title}”.',
  'mail.summaryPublished.summary': 'Yhteenveto',
  'mail.summaryPublished.inputUse': 'Miten saatua palautetta käytetään',
  'mail.planCancelled.subject': 'Markkinavuoropuhelu keskeytetty: {title}',
  'mail.planCancelled.intro':
    '{buyer} ilmoittaa, että hankinta ”{title}” on keskeytetty. Sen markkinavuoropuhelu on päättynyt, eikä uusia kierroksia järjestetä.',
  'mail.planCancelled.reason': 'Perustelu',

  'mail.questionAsked.subject': 'Uusi lisäkysymys: {title}',
  'mail.questionAsked.intro':
    'Hankintasuunnitelman ”{title}” markkinavuoropuheluun ilmoittautunut toimittaja on esittänyt lisäkysymyksen vuoropuhelukierroksella ”{round}”. Julkaise vastaus kaikille ilmoittautuneille toimittajille viimeistään {until}.',
  'mail.questionAsked.question': 'Lisäkysymys',
  'mail.responsesDigest.subject': 'Toimittajien vastauksia saapunut: {title}',
  'mail.responsesDigest.intro': 'Hankintasuunnitelman ”{title}” markkinavuoropuheluun on saapunut toimittajien vastauksia ajankohdan {since} jälkeen.',
  'mail.responsesDigest.counts': 'vastauksia {responses}, toimittajia {suppliers}',
  'mail.approvalDecided.approved.subject': 'Hankintasuunnitelma hyväksytty: {title}',
  'mail.approvalDecided.approved.intro': '{by} on hyväksynyt hankintasuunnitelman ”{title}”.',
  'mail.approvalDecided.returned.subject': 'Hankintasuunnitelma palautettu korjattavaksi: {title}',
  'mail.approvalDecided.returned.intro': '{by} on palauttanut hankintasuunnitelman ”{title}” korjattavaksi.',
  'mail.approvalDecided.comment': 'Kommentti',
  'mail.approvalRequested.subject': 'Hyväksyntää pyydetään: {title}',
  'mail.approvalRequested.intro': '{by} pyytää hyväksyntää hankintasuunnitelmalle ”{title}”.',
  'mail.approvalRequested.again': 'Hyväksyntä tarvitaan uudelleen, koska suunnitelmaa on muutettu: {reason}',
  'mail.approvalWaiting.subject': 'Muistutus: hyväksyntä on odottanut {days} päivää: {title}',
  'mail.approvalWaiting.intro': 'Hankintasuunnitelma ”{title}” on odottanut hyväksyntää {since} lähtien.',
};
