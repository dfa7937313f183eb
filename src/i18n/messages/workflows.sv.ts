import type { Catalogue } from '../catalogue';

/** Arbetsflödenas texter på svenska: skeden, händelser och krav (termer: docs/glossary.md). */
export const workflowsSv: Catalogue = {
  'workflow.digigreen-planning.title': 'Planering av digigrön upphandling',
  'workflow.digigreen-planning.description':
    'Hela planeringsskedet för en hållbar upphandling över det nationella tröskelvärdet: behovsanalys, marknadsanalys, marknadsdialog, valfri samutveckling, kriterier och strategi, upphandlingsförfarande och godkännande.',
  'workflow.digigreen-planning.v2.description':
    'Hela planeringsskedet för en hållbar upphandling över det nationella tröskelvärdet: behovsanalys, marknadsanalys och meddelande om marknadsdialog (över EU-tröskelvärdet eForms-meddelandet E1), marknadsdialog med leverantörer (eller det antecknade utfallet att ingen anmälde sig), valfri samutveckling, kriterier och strategi, ett upphandlingsförfarande som tröskelvärdena tillåter och godkännande.',
  'workflow.small-procurement.title': 'Småupphandling (under det nationella tröskelvärdet)',
  'workflow.small-procurement.description':
    'En lättare planeringsprocess för upphandlingar under det nationella tröskelvärdet: ingen marknadsdialog och ingen samutveckling.',
  'workflow.small-procurement.stage.needsAssessment.description': 'Behovet och motiveringen till upphandlingen.',
  'workflow.small-procurement.stage.marketAnalysis.description': 'En lätt marknadsanalys: leverantörer, lösningar, mognad och risker.',
  'workflow.small-procurement.stage.criteriaAndStrategy.description': 'Hållbarhetsmål och strategier, kriterier och budget.',
  'workflow.small-procurement.stage.procedureSelection.description':
    'Ett upphandlingsförfarande som är tillåtet under det nationella tröskelvärdet, med motivering.',

  'stage.draft.title': 'Utkast',
  'stage.draft.description': 'Internt utkast: namn, föremålet för kontraktet, CPV-kod, uppskattat värde och ansvarsperson.',
  'stage.needsAssessment.title': 'Behovsanalys',
  'stage.needsAssessment.description': 'Behovet, de användargrupper som hörts, de strategiska mål som upphandlingen tjänar och motiveringen.',
  'stage.marketAnalysis.title': 'Marknadsanalys',
  'stage.marketAnalysis.description': 'Marknadsanalys (kända leverantörer, lösningar, mognad och risker) och meddelande om marknadsdialog.',
  'stage.marketDialogue.title': 'Marknadsdialog',
  'stage.marketDialogue.description':
    'Dialogrundor med leverantörer, kompletterande frågor och svar samt den publicerade sammanfattningen av marknadsdialogen.',
  'stage.coDevelopment.title': 'Samutveckling',
  'stage.coDevelopment.description': 'Valfria workshoppar och pilotprojekt med leverantörer; skedet kan hoppas över med en antecknad motivering.',
  'stage.criteriaAndStrategy.title': 'Kriterier och strategi',
  'stage.criteriaAndStrategy.description': 'Hållbarhetsmål och strategier, kriterier, viktning, livscykelkostnader, risker och budget.',
  'stage.procedureSelection.title': 'Val av upphandlingsförfarande',
  'stage.procedureSelection.description': 'Upphandlingsförfarandet och dess motivering.',
  'stage.approval.title': 'Godkännande',
  'stage.approval.description': 'En annan chef än den som begärt godkännandet godkänner planen eller returnerar den med motivering.',
  'stage.readyForTender.title': 'Klar för konkurrensutsättning',
  'stage.readyForTender.description': 'Godkänd och överlämnad till konkurrensutsättning.',
  'stage.tenderLinked.title': 'Konkurrensutsättning länkad',
  'stage.tenderLinked.description': 'Anbudsförfrågan är publicerad och länkad till denna plan.',
  'stage.cancelled.title': 'Avbruten',
  'stage.cancelled.description': 'Avbruten, med orsaken antecknad.',
  'stage.unsuccessful.title': 'Ej genomförd',
  'stage.unsuccessful.description': 'Avslutad utan konkurrensutsättning, med orsaken antecknad.',

  'event.START_NEEDS_ASSESSMENT': 'Avsluta utkastet och inled behovsanalysen.',
  'event.RECORD_NEEDS':
    'Anteckna behovet, de användargrupper som hörts, de strategiska mål som upphandlingen tjänar och motiveringen. Ersätter den tidigare anteckningen.',
  'event.COMPLETE_NEEDS_ASSESSMENT': 'Avsluta behovsanalysen och gå vidare till marknadsanalysen.',
  'event.RECORD_MARKET_ANALYSIS':
    'Anteckna marknadsanalysen: kända leverantörer, tillgängliga lösningar, deras mognad och riskerna. Ersätter den tidigare anteckningen.',
  'event.PUBLISH_ENGAGEMENT_NOTICE':
    'Publicera meddelandet om marknadsdialog (vad, hur och när dialogen förs) som ett eForms-meddelande av typ E1; avvisas, med de saknade fälten namngivna, så länge meddelandet, planen eller organisationens profil saknar något av dem.',
  'event.WAIVE_ENGAGEMENT_NOTICE': 'Anteckna varför inget meddelande om marknadsdialog publiceras före dialogen.',
  'event.START_MARKET_DIALOGUE': 'Inled marknadsdialogen med leverantörerna.',
  'event.SCHEDULE_DIALOGUE_ROUND': 'En dialogrunda skapades (POST /procurements/:id/dialogue/rounds): dess tidsfrister blir beständiga timrar.',
  'event.EXTEND_DIALOGUE_ROUND':
    'Rundans tidsfrister förlängdes (PATCH /procurements/:id/dialogue/rounds/:roundId); händelseloggen bevarar de gamla och nya datumen.',
  'event.DIALOGUE_ROUND_DEADLINE': 'En tidsfrist för rundan löpte ut: svaren på kompletterande frågor upphör (clarifications) eller rundan stängs (close).',
  'event.PUBLISH_DIALOGUE_SUMMARY':
    'Publicera för alla deltagare en sammanfattning av marknadsdialogen och hur synpunkterna används; ange noSolutionOnMarket om ingen lösning på marknaden motsvarar behovet, och utfallet noSupplierRegistered om ingen leverantör registrerade sig under anmälningstiden i meddelandet om marknadsdialog.',
  'event.START_CO_DEVELOPMENT': 'Gå från marknadsdialogen till samutveckling (workshoppar, pilotprojekt).',
  'event.SKIP_CO_DEVELOPMENT': 'Gå från marknadsdialogen direkt till kriterier och strategi och anteckna varför samutvecklingen hoppas över.',
  'event.RECORD_CO_DEVELOPMENT_ACTIVITY': 'Anteckna en workshop eller ett pilotprojekt med deltagare och resultat.',
  'event.COMPLETE_CO_DEVELOPMENT': 'Avsluta samutvecklingen och fastställ kriterier och strategi.',
  'event.RECORD_SUSTAINABILITY_STRATEGY':
    'Anteckna de hållbarhetsmål som planen tjänar (OCDS-koder för hållbarhetsmål) med en strategi för vart och ett, eller en motivering till att inga mål finns.',
  'event.COMPLETE_CRITERIA': 'Avsluta kriterier och strategi och välj upphandlingsförfarande.',
  'event.SELECT_PROCEDURE': 'Välj upphandlingsförfarande och motivera valet.',
  'event.REVISE_CRITERIA': 'Gå tillbaka till kriterier och strategi.',
  'event.REQUEST_APPROVAL': 'Begär godkännande av planen av en chef.',
  'event.APPROVE': 'Godkänn planen för konkurrensutsättning. Den som godkänner får inte vara den som begärt godkännandet.',
  'event.RETURN_FOR_REVISION': 'Returnera planen till valet av upphandlingsförfarande med motivering.',
  'event.VOID_APPROVAL':
    'Planen ändrades efter att den godkänts eller lämnats för godkännande (PATCH /procurements/:id): den behöver godkännas på nytt, begärt av den som ändrade den.',
  'event.LINK_TENDER': 'Anteckna den anbudsförfrågan som publicerats i upphandlingssystemet för denna plan.',
  'event.MARK_UNSUCCESSFUL': 'Avsluta planen som ej genomförd och anteckna orsaken.',
  'event.CANCEL': 'Avbryt planen och anteckna orsaken.',
  'event.COMPLETE_MARKET_ANALYSIS': 'Avsluta marknadsanalysen och fastställ kriterier och strategi.',

  'requirement.plan.title': 'Planen har ett namn.',
  'requirement.plan.description': 'Planen har en beskrivning av vad som upphandlas.',
  'requirement.plan.cpvCode': 'Planen är klassificerad med en CPV-kod.',
  'requirement.plan.budget': 'Planen har ett uppskattat värde.',
  'requirement.needs.described': 'Behovet har beskrivits.',
  'requirement.needs.usersConsulted': 'Minst en användargrupp har hörts om behovet.',
  'requirement.needs.strategicGoals': 'Behovet är kopplat till minst ett av organisationens strategiska mål.',
  'requirement.needs.rationale': 'En motivering till upphandlingen har antecknats.',
  'requirement.market.analysisRecorded': 'En marknadsanalys (kända leverantörer, lösningar, mognad och risker) har antecknats.',
  'requirement.notice.publishedOrWaived':
    'Ett meddelande om marknadsdialog har publicerats för marknaden, eller en orsak till att inget publiceras har antecknats.',
  'requirement.notice.e1OrWaivedBelowEu':
    'Meddelandet om marknadsdialog har publicerats (som eForms-meddelande E1), eller – endast under EU-tröskelvärdet – en orsak till att inget publiceras har antecknats.',
  'requirement.notice.waiverBelowEu':
    'Att avstå från meddelandet om marknadsdialog är möjligt endast under EU-tröskelvärdet: över det annonseras marknadsdialogen med eForms-meddelandet E1.',
  'requirement.dialogue.summaryPublished': 'En sammanfattning av marknadsdialogen som anger hur synpunkterna användes har publicerats för alla deltagare.',
  'requirement.dialogue.questionsAnswered': 'Varje kompletterande fråga har ett publicerat svar.',
  'requirement.dialogue.roundsClosed': 'Varje dialogrunda har nått sin tidsfrist och stängts.',
  'requirement.dialogue.heldWithSuppliers':
    'Minst en dialogrunda har avslutats med minst en registrerad leverantör, eller dialogsammanfattningen anger att ingen leverantör registrerade sig före utgången av anmälningstiden i meddelandet om marknadsdialog.',
  'requirement.dialogue.meetingsOfferedToAll':
    'I varje runda med enskilda möten har ett möte erbjudits varje registrerad leverantör (direktiv 2014/24/EU art. 41).',
  'requirement.coDevelopment.activityRecorded': 'Minst en workshop eller ett pilotprojekt för samutveckling har antecknats med sina resultat.',
  'requirement.strategy.sustainability': 'Minst ett hållbarhetsmål har en strategi, eller en motivering till att inga mål finns har antecknats.',
  'requirement.criteria.awardDefined': 'Minst ett tilldelningskriterium har fastställts.',
  'requirement.criteria.awardWeightsSum100': 'Tilldelningskriteriernas viktning summerar till 100.',
  'requirement.criteria.awardLinkedToSubject': 'Varje tilldelningskriterium anger sin koppling till föremålet för kontraktet (direktiv 2014/24/EU art. 67.3).',
  'requirement.lcc.methodAndDataStated':
    'Om livscykelkostnader används anges beräkningsmetoden och de uppgifter anbudsgivarna ska lämna (direktiv 2014/24/EU art. 68.2).',
  'requirement.procedure.selected': 'Ett upphandlingsförfarande har valts med motivering.',
  'requirement.procedure.innovationPartnershipJustified':
    'Innovationspartnerskap används endast när marknadsanalysen eller sammanfattningen av marknadsdialogen konstaterar att ingen lösning på marknaden motsvarar behovet (direktiv 2014/24/EU art. 31).',
  'requirement.procedure.allowedByThresholds':
    'Det valda upphandlingsförfarandet är tillåtet vid planens uppskattade värde: direktupphandling som småupphandling endast under det nationella tröskelvärdet, och endast direktivets upphandlingsförfaranden från EU-tröskelvärdet uppåt (upphandlingslagen 1397/2016, direktiv 2014/24/EU).',
  'requirement.approval.fourEyes': 'Den som godkänner är inte den som begärt godkännandet (fyraögonsprincipen).',
  'migration.digigreen-planning/v1-to-v2.description':
    'Samma skeden. Från flytten: över EU-tröskelvärdet kan man inte avstå från meddelandet om marknadsdialog (eForms-meddelandet E1 krävs), och godkännande kan begäras endast för ett upphandlingsförfarande som tröskelvärdena tillåter.',
  'migration.refusal.targetUnknownStage': 'Skedet {stage} är inte ett skede i {workflow}.',
  'migration.refusal.targetFinalMismatch': 'Skedet {from} och målskedet {to} skiljer sig åt: det ena avslutar planen, det andra inte.',
  'migration.refusal.targetNotRestorable': '{workflow} kan inte återställa planen i skedet {stage}: {error}',
  'requirement.stage.acceptsEvent': 'Planen är i skedet {stage}, där händelsen {event} inte kan göras.',
  'requirement.caller.role': 'Händelsen {event} kan endast göras av {roles}; din roll är {role}.',
  'requirement.plan.closedOnlyRationale': 'Planen är avslutad ({stage}): endast dess motivering kan ändras.',
  'role.officer': 'upphandlingsexpert',
  'role.supplier': 'leverantör',
  'role.manager': 'chef',
  'role.admin': 'administratör',
  'role.system': 'planeringssystemet',
  'doc.workflow.version': 'version {version}',
  'doc.workflow.diagram':
    'Diagrammet genereras direkt från tillståndsmaskinen (`{route}` returnerar det som `mermaid`; `npm run docs:workflows` skriver om denna sida); ett test misslyckas om sidan och koden skiljer sig åt. Varje etikett anger händelsen och inom hakparentes de krav som dess villkor kontrollerar.',
  'doc.workflow.stages': 'Skeden',
  'doc.workflow.stage': 'Skede',
  'doc.workflow.meaning': 'Betydelse',
  'doc.workflow.final': 'slutligt',
  'doc.workflow.events': 'Händelser',
  'doc.workflow.event': 'Händelse',
  'doc.workflow.who': 'Vem',
  'doc.workflow.whatItDoes': 'Vad den gör',
  'doc.workflow.requirements': 'Krav',
  'doc.workflow.requirementsIntro':
    'Varje krav bedöms utifrån uppgifter som motorn beräknar ur lagrade data; en avvisad händelse anger de krav som inte uppfylls med dessa ord.',
  'doc.workflow.id': 'Id',
  'doc.workflow.requirement': 'Krav',
  'doc.workflow.payloads': 'Händelsernas innehåll (JSON Schema) och kraven för varje händelse i varje skede returneras av `{route}`.',
};
