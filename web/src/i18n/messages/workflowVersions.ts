import { defineMessages } from '../define';

/**
 * Texts of the workflow versions page (managers and admins): each workflow's versions and the moves
 * of running plans to another version (migrations), previewed and then applied. "Migration" is
 * "siirto versioon" / "flytt till version" throughout.
 */
export const workflowVersions = defineMessages({
  en: {
    'workflowVersions.title': 'Workflow versions',
    'workflowVersions.lead':
      'A procurement plan keeps the workflow version it started with until it is moved to another version. Preview what a move to version does to each plan before you move them.',
    'workflowVersions.none': 'The service runs no workflows.',
    'workflowVersions.versions': 'Versions',
    'workflowVersions.version': 'Version {version}',
    'workflowVersions.latest': 'Latest',
    'workflowVersions.migrations.none': 'This workflow has no move to another version.',

    'workflowVersions.migration.title': 'Move to version {to} (from version {from})',
    'workflowVersions.migration.plansOnSource': 'Plans on version {from}: {count}',
    'workflowVersions.migration.noPlans': 'No plan runs on version {from}: there is nothing to move.',
    'workflowVersions.preview': 'Preview',
    'workflowVersions.previewAgain': 'Preview again',
    'workflowVersions.previewFor': 'Preview the move to version {to}: {workflow}',
    'workflowVersions.previewAgainFor': 'Preview again the move to version {to}: {workflow}',

    'workflowVersions.preview.title': 'Preview of the move to version {to}',
    'workflowVersions.preview.lead': 'The preview changes nothing.',
    'workflowVersions.preview.summary': '{count} plans previewed: {outcomes}.',
    'workflowVersions.preview.remaining': '{remaining} more plans run on version {from} and are not in this preview. Preview again once these have been moved.',
    'workflowVersions.preview.nothingToMove': 'No plan of the preview can be moved.',
    'workflowVersions.preview.caption': 'What the move to version {to} would do, plan by plan',

    'workflowVersions.table.plan': 'Plan',
    'workflowVersions.table.outcome': 'Outcome',
    'workflowVersions.table.stage': 'Stage before → after',
    'workflowVersions.table.stageNow': 'Stage now',
    'workflowVersions.table.timers': 'Pending timers',
    'workflowVersions.table.unmet': 'Requirements not met after the move',
    'workflowVersions.stageChange': '{from} → {to}',
    'workflowVersions.timers.summary': 'Kept {kept}, dropped {dropped}',
    'workflowVersions.timer': '{event}, due {date}: {action}',
    'workflowVersions.timer.kept': 'kept',
    'workflowVersions.timer.dropped': 'dropped (the move cancels it)',
    'workflowVersions.unmet.event': '{event}:',

    'workflowVersions.outcome.wouldMigrate': 'Would move',
    'workflowVersions.outcome.migrated': 'Moved',
    'workflowVersions.outcome.alreadyMigrated': 'Moved before',
    'workflowVersions.outcome.unmapped': 'Cannot be moved',
    'workflowVersions.outcome.notOnSourceVersion': 'On another version',
    'workflowVersions.outcome.notFound': 'Not found',
    'workflowVersions.outcome.conflict': 'Changed meanwhile: run again',
    'workflowVersions.outcomeCount': '{outcome} {count}',

    'workflowVersions.move': 'Move {count} plans to version {to}',
    'workflowVersions.moveOne': 'Move 1 plan to version {to}',
    'workflowVersions.confirm.title': 'Move {count} plans to version {to}?',
    'workflowVersions.confirm.titleOne': 'Move 1 plan to version {to}?',
    'workflowVersions.confirm.text':
      'Each plan moves as the preview shows, each in a change of its own, and the move is recorded in the plan’s audit trail. A move to version cannot be undone.',
    'workflowVersions.confirm.dropped': 'The move cancels {count} pending timers.',
    'workflowVersions.confirm.yes': 'Yes, move the plans',

    'workflowVersions.result.title': 'Outcome of the move to version {to}',
    'workflowVersions.result.caption': 'The move to version {to}, plan by plan',
    'workflowVersions.result.summary': 'Move to version {to}: {outcomes}.',
    'workflowVersions.result.retry': 'Run again for {count} plans that changed meanwhile',
  },
  fi: {
    'workflowVersions.title': 'Työnkulkujen versiot',
    'workflowVersions.lead':
      'Hankintasuunnitelma pysyy siinä työnkulun versiossa, jossa se aloitettiin, kunnes se siirretään toiseen versioon. Esikatsele, mitä siirto versioon tekee kullekin suunnitelmalle, ennen kuin siirrät ne.',
    'workflowVersions.none': 'Palvelussa ei ole työnkulkuja.',
    'workflowVersions.versions': 'Versiot',
    'workflowVersions.version': 'Versio {version}',
    'workflowVersions.latest': 'Uusin',
    'workflowVersions.migrations.none': 'Tällä työnkululla ei ole siirtoa toiseen versioon.',

    'workflowVersions.migration.title': 'Siirto versioon {to} (versiosta {from})',
    'workflowVersions.migration.plansOnSource': 'Suunnitelmia versiossa {from}: {count}',
    'workflowVersions.migration.noPlans': 'Yksikään suunnitelma ei ole versiossa {from}: siirrettävää ei ole.',
    'workflowVersions.preview': 'Esikatsele',
    'workflowVersions.previewAgain': 'Esikatsele uudelleen',
    'workflowVersions.previewFor': 'Esikatsele siirto versioon {to}: {workflow}',
    'workflowVersions.previewAgainFor': 'Esikatsele uudelleen siirto versioon {to}: {workflow}',

    'workflowVersions.preview.title': 'Siirron versioon {to} esikatselu',
    'workflowVersions.preview.lead': 'Esikatselu ei muuta mitään.',
    'workflowVersions.preview.summary': 'Esikatseltu {count} suunnitelmaa: {outcomes}.',
    'workflowVersions.preview.remaining':
      'Versiossa {from} on lisäksi {remaining} suunnitelmaa, jotka eivät ole tässä esikatselussa. Esikatsele uudelleen, kun nämä on siirretty.',
    'workflowVersions.preview.nothingToMove': 'Yhtäkään esikatselun suunnitelmaa ei voi siirtää.',
    'workflowVersions.preview.caption': 'Mitä siirto versioon {to} tekisi kullekin suunnitelmalle',

    'workflowVersions.table.plan': 'Suunnitelma',
    'workflowVersions.table.outcome': 'Tulos',
    'workflowVersions.table.stage': 'Vaihe ennen → jälkeen',
    'workflowVersions.table.stageNow': 'Vaihe nyt',
    'workflowVersions.table.timers': 'Odottavat ajastukset',
    'workflowVersions.table.unmet': 'Puuttuvat edellytykset siirron jälkeen',
    'workflowVersions.stageChange': '{from} → {to}',
    'workflowVersions.timers.summary': 'Säilyy {kept}, poistuu {dropped}',
    'workflowVersions.timer': '{event}, erääntyy {date}: {action}',
    'workflowVersions.timer.kept': 'säilyy',
    'workflowVersions.timer.dropped': 'poistuu (siirto peruu sen)',
    'workflowVersions.unmet.event': '{event}:',

    'workflowVersions.outcome.wouldMigrate': 'Siirtyisi',
    'workflowVersions.outcome.migrated': 'Siirretty',
    'workflowVersions.outcome.alreadyMigrated': 'Siirretty jo aiemmin',
    'workflowVersions.outcome.unmapped': 'Ei voi siirtää',
    'workflowVersions.outcome.notOnSourceVersion': 'On toisessa versiossa',
    'workflowVersions.outcome.notFound': 'Ei löydy',
    'workflowVersions.outcome.conflict': 'Muuttui samaan aikaan: suorita uudelleen',
    'workflowVersions.outcomeCount': '{outcome} {count}',

    'workflowVersions.move': 'Siirrä {count} suunnitelmaa versioon {to}',
    'workflowVersions.moveOne': 'Siirrä 1 suunnitelma versioon {to}',
    'workflowVersions.confirm.title': 'Siirretäänkö {count} suunnitelmaa versioon {to}?',
    'workflowVersions.confirm.titleOne': 'Siirretäänkö 1 suunnitelma versioon {to}?',
    'workflowVersions.confirm.text':
      'Kukin suunnitelma siirtyy esikatselun mukaisesti omana muutoksenaan, ja siirto kirjataan suunnitelman tapahtumalokiin. Siirtoa versioon ei voi perua.',
    'workflowVersions.confirm.dropped': 'Siirto peruu {count} odottavaa ajastusta.',
    'workflowVersions.confirm.yes': 'Kyllä, siirrä suunnitelmat',

    'workflowVersions.result.title': 'Siirron versioon {to} tulos',
    'workflowVersions.result.caption': 'Siirto versioon {to} suunnitelmittain',
    'workflowVersions.result.summary': 'Siirto versioon {to}: {outcomes}.',
    'workflowVersions.result.retry': 'Suorita uudelleen {count} suunnitelmalle, jotka muuttuivat samaan aikaan',
  },
  sv: {
    'workflowVersions.title': 'Arbetsflödenas versioner',
    'workflowVersions.lead':
      'En upphandlingsplan följer den version av arbetsflödet som den började med tills den flyttas till en annan version. Förhandsgranska vad en flytt till version gör med varje plan innan du flyttar planerna.',
    'workflowVersions.none': 'Tjänsten har inga arbetsflöden.',
    'workflowVersions.versions': 'Versioner',
    'workflowVersions.version': 'Version {version}',
    'workflowVersions.latest': 'Senaste',
    'workflowVersions.migrations.none': 'Detta arbetsflöde har ingen flytt till en annan version.',

    'workflowVersions.migration.title': 'Flytt till version {to} (från version {from})',
    'workflowVersions.migration.plansOnSource': 'Planer i version {from}: {count}',
    'workflowVersions.migration.noPlans': 'Ingen plan följer version {from}: det finns inget att flytta.',
    'workflowVersions.preview': 'Förhandsgranska',
    'workflowVersions.previewAgain': 'Förhandsgranska igen',
    'workflowVersions.previewFor': 'Förhandsgranska flytten till version {to}: {workflow}',
    'workflowVersions.previewAgainFor': 'Förhandsgranska igen flytten till version {to}: {workflow}',

    'workflowVersions.preview.title': 'Förhandsgranskning av flytten till version {to}',
    'workflowVersions.preview.lead': 'Förhandsgranskningen ändrar ingenting.',
    'workflowVersions.preview.summary': '{count} planer förhandsgranskade: {outcomes}.',
    'workflowVersions.preview.remaining':
      'Ytterligare {remaining} planer följer version {from} och ingår inte i förhandsgranskningen. Förhandsgranska igen när dessa har flyttats.',
    'workflowVersions.preview.nothingToMove': 'Ingen plan i förhandsgranskningen kan flyttas.',
    'workflowVersions.preview.caption': 'Vad flytten till version {to} skulle göra, plan för plan',

    'workflowVersions.table.plan': 'Plan',
    'workflowVersions.table.outcome': 'Resultat',
    'workflowVersions.table.stage': 'Skede före → efter',
    'workflowVersions.table.stageNow': 'Skede nu',
    'workflowVersions.table.timers': 'Väntande tidsstyrda händelser',
    'workflowVersions.table.unmet': 'Förutsättningar som inte uppfylls efter flytten',
    'workflowVersions.stageChange': '{from} → {to}',
    'workflowVersions.timers.summary': 'Behålls {kept}, tas bort {dropped}',
    'workflowVersions.timer': '{event}, förfaller {date}: {action}',
    'workflowVersions.timer.kept': 'behålls',
    'workflowVersions.timer.dropped': 'tas bort (flytten avbryter den)',
    'workflowVersions.unmet.event': '{event}:',

    'workflowVersions.outcome.wouldMigrate': 'Skulle flyttas',
    'workflowVersions.outcome.migrated': 'Flyttad',
    'workflowVersions.outcome.alreadyMigrated': 'Flyttad redan tidigare',
    'workflowVersions.outcome.unmapped': 'Kan inte flyttas',
    'workflowVersions.outcome.notOnSourceVersion': 'Följer en annan version',
    'workflowVersions.outcome.notFound': 'Hittades inte',
    'workflowVersions.outcome.conflict': 'Ändrades samtidigt: kör igen',
    'workflowVersions.outcomeCount': '{outcome} {count}',

    'workflowVersions.move': 'Flytta {count} planer till version {to}',
    'workflowVersions.moveOne': 'Flytta 1 plan till version {to}',
    'workflowVersions.confirm.title': 'Flytta {count} planer till version {to}?',
    'workflowVersions.confirm.titleOne': 'Flytta 1 plan till version {to}?',
    'workflowVersions.confirm.text':
      'Varje plan flyttas så som förhandsgranskningen visar, var och en som en egen ändring, och flytten registreras i planens händelselogg. En flytt till version kan inte ångras.',
    'workflowVersions.confirm.dropped': 'Flytten avbryter {count} väntande tidsstyrda händelser.',
    'workflowVersions.confirm.yes': 'Ja, flytta planerna',

    'workflowVersions.result.title': 'Resultatet av flytten till version {to}',
    'workflowVersions.result.caption': 'Flytten till version {to}, plan för plan',
    'workflowVersions.result.summary': 'Flytt till version {to}: {outcomes}.',
    'workflowVersions.result.retry': 'Kör igen för {count} planer som ändrades samtidigt',
  },
});
