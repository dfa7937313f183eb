import type { Catalogue } from '../catalogue';

/**
 * Criterion templates: title, text, verification and subject link of each, under template.<id>.<field>.
 * Hankintalain termit (docs/glossary.md); EU:n GPP-kriteerien suomenkielisten versioiden sanasto.
 */
export const templatesFi: Catalogue = {
  'template.ict-durability-warranty.title': 'Pitkäikäisyys: takuu ja varaosat',
  'template.ict-durability-warranty.text':
    'Laitteilla on vähintään kolmen vuoden takuu, joka kattaa osat ja työn, ja varaosia (akku, näppäimistö, näyttö, laturi) on saatavilla vähintään viiden vuoden ajan toimituksesta.',
  'template.ict-durability-warranty.verification': 'Takuuehdot ja valmistajan sitoumus varaosien saatavuudesta.',

  'template.ict-battery-endurance.title': 'Akun kestävyys',
  'template.ict-battery-endurance.text':
    'Pisteet annetaan suhteessa akun kapasiteettiin, jonka taataan säilyvän 300 täyden latausjakson jälkeen, välillä 80 % (ei pisteitä) – 95 % (täydet pisteet).',
  'template.ict-battery-endurance.verification': 'Testausraportti standardin IEC 61960-3 tai vastaavan standardin mukaisesti.',
  'template.ict-battery-endurance.subjectLink': 'Akun kestävyys ratkaisee, kuinka kauan hankittavat laitteet pysyvät käyttökelpoisina.',

  'template.ict-refurbished-share.title': 'Kunnostetut laitteet',
  'template.ict-refurbished-share.text':
    'Pisteet annetaan suhteessa siihen, kuinka suuri osa tarjotuista laitteista on kunnostettuja laitteita, jotka täyttävät toiminnalliset vaatimukset ja joilla on sama takuu kuin uusilla laitteilla.',
  'template.ict-refurbished-share.verification':
    'Luettelo tarjotuista laitteista, jossa kunnostetut laitteet on merkitty, sekä kuvaus kunnostusprosessista ja takuuehdot.',
  'template.ict-refurbished-share.subjectLink': 'Se, ovatko toimitettavat laitteet uusia vai kunnostettuja, on hankittavien tavaroiden ominaisuus.',

  'template.dc-renewable-energy.title': 'Uusiutuva sähkö datakeskuspalveluissa',
  'template.dc-renewable-energy.text':
    'Palvelun tuottavien datakeskusten käyttämä sähkö on 100 % uusiutuvaa, ja siitä raportoidaan vuosittain yhdessä datakeskuksen PUE-luvun (Power Usage Effectiveness) kanssa.',
  'template.dc-renewable-energy.verification': 'Alkuperätakuut tai sähkönostosopimukset (PPA); vuosittainen PUE-raportti.',

  'template.transport-zero-emission-vehicles.title': 'Päästöttömät ajoneuvot',
  'template.transport-zero-emission-vehicles.text': 'Toimitettavien kevyiden ajoneuvojen pakoputken CO2-päästöt ovat nolla.',
  'template.transport-zero-emission-vehicles.verification': 'Vaatimustenmukaisuustodistus, jonka mukaan CO2-päästöt ovat 0 g/km.',

  'template.transport-service-emissions.title': 'Kuljetuspalvelun päästöt',
  'template.transport-service-emissions.text':
    'Pisteet annetaan suhteessa siihen, kuinka suuri osuus palvelun ajokilometreistä ajetaan päästöttömillä ajoneuvoilla.',
  'template.transport-service-emissions.verification':
    'Kalustoluettelo ajoneuvojen rekisteritunnuksineen ja päästöluokkineen sekä suunnitelma ajoneuvojen kohdentamisesta palveluun.',
  'template.transport-service-emissions.subjectLink': 'Käytettävät ajoneuvot ratkaisevat hankittavan kuljetuspalvelun päästöt.',

  'template.food-organic-share.title': 'Luonnonmukaiset tuotteet',
  'template.food-organic-share.text':
    'Luonnonmukaisesti tuotettujen tuotteiden osuus on vähintään 25 % hankittujen elintarvikkeiden ja juomien arvosta (asetus (EU) 2018/848).',
  'template.food-organic-share.verification': 'Laskut ja luomutodistukset; raportointi neljännesvuosittain.',

  'template.food-waste-prevention.title': 'Ruokahävikin ehkäisy',
  'template.food-waste-prevention.text':
    'Toimittaja mittaa ruokahävikin kuukausittain, raportoi sen ja toteuttaa sovitun vähentämissuunnitelman; tarjoilematta jäänyt syömäkelpoinen ruoka lahjoitetaan, kun se on elintarviketurvallisuuden kannalta mahdollista.',
  'template.food-waste-prevention.verification': 'Kuukausittaiset hävikin mittausraportit ja vähentämissuunnitelma.',

  'template.construction-recycled-content.title': 'Kierrätetyt ja uudelleenkäytetyt materiaalit',
  'template.construction-recycled-content.text':
    'Pisteet annetaan suhteessa kierrätetyn tai uudelleenkäytetyn materiaalin osuuteen (massasta) käytetyssä betonissa, teräksessä ja eristeissä.',
  'template.construction-recycled-content.verification': 'Materiaaliselosteet tai ympäristöselosteet (EN 15804).',
  'template.construction-recycled-content.subjectLink': 'Rakennuskohteeseen käytettävät materiaalit ovat osa hankittavaa rakennusurakkaa.',

  'template.construction-demolition-waste.title': 'Rakennus- ja purkujäte',
  'template.construction-demolition-waste.text':
    'Vähintään 70 % vaarattoman rakennus- ja purkujätteen painosta valmistellaan uudelleenkäyttöön tai kierrätetään.',
  'template.construction-demolition-waste.verification': 'Työmaan jätehuoltosuunnitelma ja jätteen siirtoasiakirjat.',

  'template.cleaning-ecolabel-products.title': 'Ympäristömerkityt puhdistusaineet',
  'template.cleaning-ecolabel-products.text':
    'Käytetyistä puhdistusaineista vähintään 80 % (tilavuuden mukaan) täyttää puhdistusaineiden EU-ympäristömerkin kriteerit tai vastaavat vaatimukset.',
  'template.cleaning-ecolabel-products.verification': 'Tuoteluettelo ja tuotteiden EU-ympäristömerkin (tai vastaavan tyypin I ympäristömerkin) lisenssit.',

  'template.cleaning-staff-training.title': 'Henkilöstön koulutus annostelusta ja välineistä',
  'template.cleaning-staff-training.text':
    'Siivoushenkilöstö koulutetaan oikeaan annosteluun, mikrokuituvälineiden käyttöön ja jätteiden lajitteluun sopimuksen alkaessa ja sen jälkeen vuosittain.',
  'template.cleaning-staff-training.verification': 'Koulutuskirjanpito sopimuksen tehtäviin nimetystä henkilöstöstä.',

  'template.furniture-repairability.title': 'Korjattavat ja purettavat kalusteet',
  'template.furniture-repairability.text': 'Kalusteet voidaan purkaa tavallisilla työkaluilla, ja varaosia on saatavilla vähintään viiden vuoden ajan.',
  'template.furniture-repairability.verification': 'Purkuohjeet ja sitoumus varaosien saatavuudesta.',

  'template.furniture-refurbished.title': 'Kunnostetut ja uudelleenvalmistetut kalusteet',
  'template.furniture-refurbished.text':
    'Pisteet annetaan suhteessa siihen, kuinka suuri osa tarjotuista kalusteista on kunnostettuja tai uudelleenvalmistettuja ja täyttää toiminnalliset vaatimukset.',
  'template.furniture-refurbished.verification': 'Luettelo tarjotuista kalusteista, jossa kunnostetut on merkitty, sekä kuvaus kunnostuksesta.',
  'template.furniture-refurbished.subjectLink': 'Se, ovatko kalusteet uusia vai kunnostettuja, on hankittavien tavaroiden ominaisuus.',

  'template.energy-renewable-electricity.title': 'Uusiutuva sähkö',
  'template.energy-renewable-electricity.text':
    'Kaikki sopimuksen perusteella toimitettava sähkö on tuotettu uusiutuvilla energialähteillä, mikä osoitetaan peruutetuilla alkuperätakuilla.',
  'template.energy-renewable-electricity.verification': 'Hankintayksikön lukuun vuosittain peruutetut alkuperätakuut.',

  'template.energy-additionality.title': 'Uusi uusiutuva sähköntuotanto',
  'template.energy-additionality.text':
    'Pisteet annetaan suhteessa siihen, kuinka suuri osuus toimitettavasta sähköstä on tuotettu viimeisten viiden vuoden aikana käyttöön otetuissa laitoksissa.',
  'template.energy-additionality.verification': 'Alkuperätakuut, joista ilmenee kunkin laitoksen käyttöönottopäivä.',
  'template.energy-additionality.subjectLink': 'Toimitettavan sähkön tuotantotapa on hankittavan sähkön ominaisuus.',
};
