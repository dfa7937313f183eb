import type { Catalogue } from '../catalogue';

/** Työnkulkujen tekstit suomeksi: vaiheet, tapahtumat ja vaatimukset (termit: docs/glossary.md). */
export const workflowsFi: Catalogue = {
  'workflow.digigreen-planning.title': 'Digivihreän hankinnan suunnittelu',
  'workflow.digigreen-planning.description':
    'Kestävän hankinnan koko suunnitteluvaihe kansallisen kynnysarvon ylittäville hankinnoille: tarvekartoitus, markkinakartoitus, markkinavuoropuhelu, valinnainen yhteiskehittäminen, kriteerit ja strategia, hankintamenettely ja hyväksyntä.',
  'workflow.digigreen-planning.v2.description':
    'Kestävän hankinnan koko suunnitteluvaihe kansallisen kynnysarvon ylittäville hankinnoille: tarvekartoitus, markkinakartoitus ja ilmoitus markkinavuoropuhelusta (EU-kynnysarvon ylittävissä eForms-ilmoitus E1), markkinavuoropuhelu toimittajien kanssa (tai kirjattu tieto siitä, ettei yksikään ilmoittautunut), valinnainen yhteiskehittäminen, kriteerit ja strategia, kynnysarvojen sallima hankintamenettely ja hyväksyntä.',
  'workflow.small-procurement.title': 'Pienhankinta (kansallisen kynnysarvon alittava)',
  'workflow.small-procurement.description':
    'Kevyempi suunnitteluprosessi kansallisen kynnysarvon alittaville hankinnoille: ei markkinavuoropuhelua eikä yhteiskehittämistä.',
  'workflow.small-procurement.stage.needsAssessment.description': 'Tarve ja hankinnan perustelu.',
  'workflow.small-procurement.stage.marketAnalysis.description': 'Kevyt markkinakartoitus: toimittajat, ratkaisut, kypsyys ja riskit.',
  'workflow.small-procurement.stage.criteriaAndStrategy.description': 'Kestävyystavoitteet ja -strategiat, kriteerit ja budjetti.',
  'workflow.small-procurement.stage.procedureSelection.description':
    'Kansallisen kynnysarvon alittavissa hankinnoissa sallittu hankintamenettely perusteluineen.',

  'stage.draft.title': 'Luonnos',
  'stage.draft.description': 'Sisäinen luonnos: nimi, hankinnan kohde, CPV-koodi, ennakoitu arvo ja vastuuhenkilö.',
  'stage.needsAssessment.title': 'Tarvekartoitus',
  'stage.needsAssessment.description': 'Tarve, kuullut käyttäjäryhmät, strategiset tavoitteet, joita hankinta palvelee, ja hankinnan perustelu.',
  'stage.marketAnalysis.title': 'Markkinakartoitus',
  'stage.marketAnalysis.description': 'Markkinakartoitus (tunnetut toimittajat, ratkaisut, kypsyys ja riskit) ja ilmoitus markkinavuoropuhelusta.',
  'stage.marketDialogue.title': 'Markkinavuoropuhelu',
  'stage.marketDialogue.description':
    'Vuoropuhelukierrokset toimittajien kanssa, lisäkysymykset ja vastaukset sekä julkaistu yhteenveto markkinavuoropuhelusta.',
  'stage.coDevelopment.title': 'Yhteiskehittäminen',
  'stage.coDevelopment.description': 'Valinnaiset työpajat ja pilotit toimittajien kanssa; vaihe voidaan ohittaa kirjatulla perustelulla.',
  'stage.criteriaAndStrategy.title': 'Kriteerit ja strategia',
  'stage.criteriaAndStrategy.description': 'Kestävyystavoitteet ja -strategiat, kriteerit, painoarvot, elinkaarikustannukset, riskit ja budjetti.',
  'stage.procedureSelection.title': 'Hankintamenettelyn valinta',
  'stage.procedureSelection.description': 'Hankintamenettely ja sen perustelu.',
  'stage.approval.title': 'Hyväksyntä',
  'stage.approval.description': 'Muu esihenkilö kuin hyväksyntää pyytänyt hyväksyy suunnitelman tai palauttaa sen perustellen.',
  'stage.readyForTender.title': 'Valmis kilpailutukseen',
  'stage.readyForTender.description': 'Hyväksytty ja luovutettu kilpailutukseen.',
  'stage.tenderLinked.title': 'Kilpailutus linkitetty',
  'stage.tenderLinked.description': 'Tarjouspyyntö on julkaistu ja linkitetty tähän suunnitelmaan.',
  'stage.cancelled.title': 'Keskeytetty',
  'stage.cancelled.description': 'Keskeytetty, syy kirjattu.',
  'stage.unsuccessful.title': 'Ei toteutunut',
  'stage.unsuccessful.description': 'Suljettu ilman kilpailutusta, syy kirjattu.',

  'event.START_NEEDS_ASSESSMENT': 'Päätä luonnosvaihe ja aloita tarvekartoitus.',
  'event.RECORD_NEEDS': 'Kirjaa tarve, kuullut käyttäjäryhmät, strategiset tavoitteet, joita hankinta palvelee, ja perustelu. Korvaa aiemman kirjauksen.',
  'event.COMPLETE_NEEDS_ASSESSMENT': 'Päätä tarvekartoitus ja siirry markkinakartoitukseen.',
  'event.RECORD_MARKET_ANALYSIS':
    'Kirjaa markkinakartoitus: tunnetut toimittajat, saatavilla olevat ratkaisut, niiden kypsyys ja riskit. Korvaa aiemman kirjauksen.',
  'event.PUBLISH_ENGAGEMENT_NOTICE':
    'Julkaise ilmoitus markkinavuoropuhelusta (mitä, miten ja milloin vuoropuhelu käydään) eForms-muotoisena E1-ilmoituksena; torjutaan, ja puuttuvat tietokentät nimetään, kun ilmoituksesta, suunnitelmasta tai organisaation profiilista puuttuu jokin niistä.',
  'event.WAIVE_ENGAGEMENT_NOTICE': 'Kirjaa, miksi ilmoitusta markkinavuoropuhelusta ei julkaista ennen vuoropuhelua.',
  'event.START_MARKET_DIALOGUE': 'Aloita markkinavuoropuhelu toimittajien kanssa.',
  'event.SCHEDULE_DIALOGUE_ROUND': 'Vuoropuhelukierros luotiin (POST /procurements/:id/dialogue/rounds): sen määräajoista tulee pysyviä ajastimia.',
  'event.EXTEND_DIALOGUE_ROUND':
    'Kierroksen määräaikoja jatkettiin (PATCH /procurements/:id/dialogue/rounds/:roundId); tapahtumaloki säilyttää vanhat ja uudet päivämäärät.',
  'event.DIALOGUE_ROUND_DEADLINE': 'Kierroksen määräaika umpeutui: vastaukset lisäkysymyksiin päättyvät (clarifications) tai kierros sulkeutuu (close).',
  'event.PUBLISH_DIALOGUE_SUMMARY':
    'Julkaise kaikille osallistujille yhteenveto markkinavuoropuhelusta ja siitä, miten palautetta käytetään; ilmoita noSolutionOnMarket, jos mikään markkinoilla oleva ratkaisu ei vastaa tarpeeseen, ja tulos noSupplierRegistered, jos yksikään toimittaja ei rekisteröitynyt ilmoittautumisaikana (ilmoitus markkinavuoropuhelusta).',
  'event.START_CO_DEVELOPMENT': 'Siirry markkinavuoropuhelusta yhteiskehittämiseen (työpajat, pilotit).',
  'event.SKIP_CO_DEVELOPMENT': 'Siirry markkinavuoropuhelusta suoraan kriteereihin ja strategiaan ja kirjaa, miksi yhteiskehittäminen ohitetaan.',
  'event.RECORD_CO_DEVELOPMENT_ACTIVITY': 'Kirjaa työpaja tai pilotti osallistujineen ja tuloksineen.',
  'event.COMPLETE_CO_DEVELOPMENT': 'Päätä yhteiskehittäminen ja laadi kriteerit ja strategia.',
  'event.RECORD_SUSTAINABILITY_STRATEGY':
    'Kirjaa kestävyystavoitteet, joita suunnitelma palvelee (OCDS-kestävyystavoitekoodit), ja kullekin strategia, tai perustelu sille, ettei tavoitteita ole.',
  'event.COMPLETE_CRITERIA': 'Päätä kriteerit ja strategia ja valitse hankintamenettely.',
  'event.SELECT_PROCEDURE': 'Valitse hankintamenettely ja perustele valinta.',
  'event.REVISE_CRITERIA': 'Palaa kriteereihin ja strategiaan.',
  'event.REQUEST_APPROVAL': 'Pyydä esihenkilöltä hyväksyntä suunnitelmalle.',
  'event.APPROVE': 'Hyväksy suunnitelma kilpailutettavaksi. Hyväksyjä ei saa olla hyväksyntää pyytänyt henkilö.',
  'event.RETURN_FOR_REVISION': 'Palauta suunnitelma hankintamenettelyn valintaan perustellen.',
  'event.VOID_APPROVAL':
    'Suunnitelma muuttui hyväksynnän tai hyväksyntäpyynnön jälkeen (PATCH /procurements/:id): se tarvitsee uuden hyväksynnän, jota pyytää muutoksen tekijä.',
  'event.LINK_TENDER': 'Kirjaa tälle suunnitelmalle kilpailutusjärjestelmässä julkaistu tarjouspyyntö.',
  'event.MARK_UNSUCCESSFUL': 'Sulje suunnitelma toteutumattomana ja kirjaa syy.',
  'event.CANCEL': 'Keskeytä suunnitelma ja kirjaa syy.',
  'event.COMPLETE_MARKET_ANALYSIS': 'Päätä markkinakartoitus ja laadi kriteerit ja strategia.',

  'requirement.plan.title': 'Suunnitelmalla on nimi.',
  'requirement.plan.description': 'Suunnitelmassa on kuvaus hankinnan kohteesta.',
  'requirement.plan.cpvCode': 'Suunnitelma on luokiteltu CPV-koodilla.',
  'requirement.plan.budget': 'Suunnitelmalla on ennakoitu arvo.',
  'requirement.needs.described': 'Tarve on kuvattu.',
  'requirement.needs.usersConsulted': 'Vähintään yhtä käyttäjäryhmää on kuultu tarpeesta.',
  'requirement.needs.strategicGoals': 'Tarve on liitetty vähintään yhteen organisaation strategiseen tavoitteeseen.',
  'requirement.needs.rationale': 'Hankinnalle on kirjattu perustelu.',
  'requirement.market.analysisRecorded': 'Markkinakartoitus (tunnetut toimittajat, ratkaisut, kypsyys ja riskit) on kirjattu.',
  'requirement.notice.publishedOrWaived': 'Ilmoitus markkinavuoropuhelusta on julkaistu markkinoille, tai sen julkaisematta jättämiselle on kirjattu syy.',
  'requirement.notice.e1OrWaivedBelowEu':
    'Ilmoitus markkinavuoropuhelusta on julkaistu (eForms-ilmoituksena E1), tai – vain EU-kynnysarvon alittavissa hankinnoissa – sen julkaisematta jättämiselle on kirjattu syy.',
  'requirement.notice.waiverBelowEu':
    'Ilmoituksen markkinavuoropuhelusta voi jättää julkaisematta vain EU-kynnysarvon alittavissa hankinnoissa: sen ylittävissä markkinavuoropuhelusta ilmoitetaan eForms-ilmoituksella E1.',
  'requirement.dialogue.summaryPublished':
    'Kaikille osallistujille on julkaistu yhteenveto markkinavuoropuhelusta, jossa kerrotaan, miten palautetta käytettiin.',
  'requirement.dialogue.questionsAnswered': 'Jokaiseen lisäkysymykseen on julkaistu vastaus.',
  'requirement.dialogue.roundsClosed': 'Jokaisen vuoropuhelukierroksen määräaika on umpeutunut ja kierros on suljettu.',
  'requirement.dialogue.heldWithSuppliers':
    'Vähintään yksi vuoropuhelukierros on päättynyt niin, että siihen oli rekisteröitynyt vähintään yksi toimittaja, tai yhteenveto markkinavuoropuhelusta kirjaa, ettei yksikään toimittaja rekisteröitynyt ennen ilmoittautumisajan päättymistä (ilmoitus markkinavuoropuhelusta).',
  'requirement.dialogue.meetingsOfferedToAll':
    'Jokaisella kahdenvälisten tapaamisten kierroksella on tarjottu tapaamista jokaiselle rekisteröityneelle toimittajalle (direktiivi 2014/24/EU 41 art.).',
  'requirement.coDevelopment.activityRecorded': 'Vähintään yksi yhteiskehittämisen työpaja tai pilotti on kirjattu tuloksineen.',
  'requirement.strategy.sustainability': 'Vähintään yhdellä kestävyystavoitteella on strategia, tai sille, ettei tavoitteita ole, on kirjattu perustelu.',
  'requirement.criteria.awardDefined': 'Vähintään yksi vertailuperuste on määritelty.',
  'requirement.criteria.awardWeightsSum100': 'Vertailuperusteiden painoarvojen summa on 100.',
  'requirement.criteria.awardLinkedToSubject': 'Jokaisen vertailuperusteen yhteys hankinnan kohteeseen on ilmoitettu (direktiivi 2014/24/EU 67 art. 3 kohta).',
  'requirement.lcc.methodAndDataStated':
    'Jos käytetään elinkaarikustannuksia, niiden laskentamenetelmä ja tarjoajilta vaadittavat tiedot on ilmoitettu (direktiivi 2014/24/EU 68 art. 2 kohta).',
  'requirement.procedure.selected': 'Hankintamenettely on valittu ja perusteltu.',
  'requirement.procedure.innovationPartnershipJustified':
    'Innovaatiokumppanuutta käytetään vain, jos markkinakartoituksessa tai yhteenvedossa markkinavuoropuhelusta todetaan, ettei mikään markkinoilla oleva ratkaisu vastaa tarpeeseen (direktiivi 2014/24/EU 31 art.).',
  'requirement.procedure.allowedByThresholds':
    'Valittu hankintamenettely on sallittu suunnitelman ennakoidulla arvolla: pienhankinnan suorahankinta vain kansallisen kynnysarvon alittavissa ja EU-kynnysarvon ylittävissä vain direktiivin menettelyt (hankintalaki 1397/2016, direktiivi 2014/24/EU).',
  'requirement.approval.fourEyes': 'Hyväksyjä ei ole hyväksyntää pyytänyt henkilö (neljän silmän periaate).',
  'migration.digigreen-planning/v1-to-v2.description':
    'Samat vaiheet. Siirrosta alkaen: EU-kynnysarvon ylittävissä hankinnoissa ilmoitusta markkinavuoropuhelusta ei voi jättää julkaisematta (eForms-ilmoitus E1 vaaditaan), ja hyväksyntää voi pyytää vain kynnysarvojen sallimalle hankintamenettelylle.',
  'migration.refusal.targetUnknownStage': 'Vaihe {stage} ei ole työnkulun {workflow} vaihe.',
  'migration.refusal.targetFinalMismatch': 'Vaihe {from} ja kohdevaihe {to} eroavat: toinen päättää suunnitelman, toinen ei.',
  'migration.refusal.targetNotRestorable': 'Työnkulku {workflow} ei voi palauttaa suunnitelmaa vaiheeseen {stage}: {error}',
  'requirement.stage.acceptsEvent': 'Suunnitelma on vaiheessa {stage}, jossa tapahtumaa {event} ei voi tehdä.',
  'requirement.caller.role': 'Tapahtuman {event} voi tehdä vain {roles}; roolisi on {role}.',
  'requirement.plan.closedOnlyRationale': 'Suunnitelma on suljettu ({stage}): vain sen perustelua voi muuttaa.',
  'role.officer': 'hankinta-asiantuntija',
  'role.supplier': 'toimittaja',
  'role.manager': 'esihenkilö',
  'role.admin': 'pääkäyttäjä',
  'role.system': 'suunnittelujärjestelmä',
  'doc.workflow.version': 'versio {version}',
  'doc.workflow.diagram':
    'Kaavio luodaan suoraan tilakoneesta (`{route}` palauttaa sen `mermaid`-muodossa; `npm run docs:workflows` kirjoittaa tämän sivun uudelleen); testi epäonnistuu, jos sivu ja koodi eroavat. Kukin nimiö kertoo tapahtuman ja hakasulkeissa vaatimukset, jotka sen ehto tarkistaa.',
  'doc.workflow.stages': 'Vaiheet',
  'doc.workflow.stage': 'Vaihe',
  'doc.workflow.meaning': 'Merkitys',
  'doc.workflow.final': 'päättävä',
  'doc.workflow.events': 'Tapahtumat',
  'doc.workflow.event': 'Tapahtuma',
  'doc.workflow.who': 'Kuka',
  'doc.workflow.whatItDoes': 'Mitä se tekee',
  'doc.workflow.requirements': 'Vaatimukset',
  'doc.workflow.requirementsIntro':
    'Kukin arvioidaan tiedoista, jotka moottori laskee tallennetusta aineistosta; hylätty tapahtuma nimeää täyttymättömät vaatimukset näillä sanoilla.',
  'doc.workflow.id': 'Tunniste',
  'doc.workflow.requirement': 'Vaatimus',
  'doc.workflow.payloads': 'Tapahtumien sisällöt (JSON Schema) ja kunkin tapahtuman vaatimukset kussakin vaiheessa palauttaa `{route}`.',
};
