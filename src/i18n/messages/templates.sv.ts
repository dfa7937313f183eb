import type { Catalogue } from '../catalogue';

/**
 * Criterion templates: title, text, verification and subject link of each, under template.<id>.<field>.
 * Upphandlingslagens termer (docs/glossary.md); ordvalen i de svenska versionerna av EU:s GPP-kriterier.
 */
export const templatesSv: Catalogue = {
  'template.ict-durability-warranty.title': 'Livslängd: garanti och reservdelar',
  'template.ict-durability-warranty.text':
    'Enheterna har en garanti på minst tre år som omfattar delar och arbete, och reservdelar (batteri, tangentbord, skärm, laddare) finns tillgängliga i minst fem år efter leveransen.',
  'template.ict-durability-warranty.verification': 'Garantivillkoren och tillverkarens åtagande om tillgång till reservdelar.',

  'template.ict-battery-endurance.title': 'Batteriets livslängd',
  'template.ict-battery-endurance.text':
    'Poäng ges i proportion till den batterikapacitet som garanteras efter 300 fullständiga laddningscykler, från 80 % (inga poäng) till 95 % (full poäng).',
  'template.ict-battery-endurance.verification': 'Provningsrapport enligt IEC 61960-3 eller motsvarande standard.',
  'template.ict-battery-endurance.subjectLink': 'Batteriets livslängd avgör hur länge de upphandlade enheterna förblir användbara.',

  'template.ict-refurbished-share.title': 'Rekonditionerade enheter',
  'template.ict-refurbished-share.text':
    'Poäng ges i proportion till andelen erbjudna rekonditionerade enheter som uppfyller funktionskraven och har samma garanti som nya enheter.',
  'template.ict-refurbished-share.verification':
    'Förteckning över de erbjudna enheterna där de rekonditionerade är markerade, med en beskrivning av rekonditioneringsprocessen och garantivillkoren.',
  'template.ict-refurbished-share.subjectLink': 'Huruvida de levererade enheterna är nya eller rekonditionerade är en egenskap hos de varor som upphandlas.',

  'template.dc-renewable-energy.title': 'Förnybar el för datacentertjänster',
  'template.dc-renewable-energy.text':
    'Den el som används av de datacenter som levererar tjänsten är till 100 % förnybar och rapporteras årligen tillsammans med datacentrets PUE-värde (Power Usage Effectiveness).',
  'template.dc-renewable-energy.verification': 'Ursprungsgarantier eller elköpsavtal (PPA); årlig PUE-rapport.',

  'template.transport-zero-emission-vehicles.title': 'Utsläppsfria fordon',
  'template.transport-zero-emission-vehicles.text': 'De lätta fordon som levereras har inga avgasutsläpp av CO2.',
  'template.transport-zero-emission-vehicles.verification': 'Intyg om överensstämmelse som anger CO2-utsläpp på 0 g/km.',

  'template.transport-service-emissions.title': 'Transporttjänstens utsläpp',
  'template.transport-service-emissions.text': 'Poäng ges i proportion till andelen av tjänstens körkilometer som körs med utsläppsfria fordon.',
  'template.transport-service-emissions.verification':
    'Fordonsförteckning med registreringsnummer och utsläppsklasser samt en plan för hur fordonen fördelas på tjänsten.',
  'template.transport-service-emissions.subjectLink': 'De fordon som används avgör utsläppen från den transporttjänst som upphandlas.',

  'template.food-organic-share.title': 'Ekologiska produkter',
  'template.food-organic-share.text':
    'Ekologiskt producerade produkter utgör minst 25 % av värdet av de livsmedel och drycker som köps in (förordning (EU) 2018/848).',
  'template.food-organic-share.verification': 'Fakturor och certifikat för ekologisk produktion; rapportering kvartalsvis.',

  'template.food-waste-prevention.title': 'Förebyggande av matsvinn',
  'template.food-waste-prevention.text':
    'Leverantören mäter matsvinnet varje månad, rapporterar det och genomför en överenskommen plan för att minska det; ätlig mat som inte serverats skänks bort när det kan ske på ett livsmedelssäkert sätt.',
  'template.food-waste-prevention.verification': 'Månatliga rapporter om uppmätt matsvinn och planen för att minska det.',

  'template.construction-recycled-content.title': 'Återvunnet och återanvänt material',
  'template.construction-recycled-content.text':
    'Poäng ges i proportion till andelen (räknat i massa) återvunnet eller återanvänt material i den betong, det stål och den isolering som används.',
  'template.construction-recycled-content.verification': 'Materialdeklarationer eller miljövarudeklarationer (EN 15804).',
  'template.construction-recycled-content.subjectLink': 'Det material som byggs in i byggnadsverket är en del av den byggentreprenad som upphandlas.',

  'template.construction-demolition-waste.title': 'Bygg- och rivningsavfall',
  'template.construction-demolition-waste.text':
    'Minst 70 % (räknat i vikt) av det icke-farliga bygg- och rivningsavfallet förbereds för återanvändning eller materialåtervinns.',
  'template.construction-demolition-waste.verification': 'Avfallshanteringsplan för byggarbetsplatsen och transportdokument för avfallet.',

  'template.cleaning-ecolabel-products.title': 'Miljömärkta rengöringsmedel',
  'template.cleaning-ecolabel-products.text':
    'Minst 80 % (räknat i volym) av de rengöringsmedel som används uppfyller kriterierna för EU-miljömärket för rengöringsmedel eller motsvarande krav.',
  'template.cleaning-ecolabel-products.verification': 'Produktförteckning med licenser för EU-miljömärket (eller motsvarande miljömärkning av typ I).',

  'template.cleaning-staff-training.title': 'Utbildning av personalen i dosering och utrustning',
  'template.cleaning-staff-training.text':
    'Städpersonalen utbildas i korrekt dosering, användning av mikrofiberutrustning och avfallssortering när kontraktet inleds och därefter årligen.',
  'template.cleaning-staff-training.verification': 'Utbildningsregister för den personal som har avdelats för kontraktet.',

  'template.furniture-repairability.title': 'Reparerbara och demonterbara möbler',
  'template.furniture-repairability.text': 'Möblerna kan demonteras med vanliga verktyg, och reservdelar finns tillgängliga i minst fem år.',
  'template.furniture-repairability.verification': 'Demonteringsanvisningar och åtagandet om tillgång till reservdelar.',

  'template.furniture-refurbished.title': 'Renoverade och återtillverkade möbler',
  'template.furniture-refurbished.text':
    'Poäng ges i proportion till andelen erbjudna möbler som är renoverade eller återtillverkade och uppfyller funktionskraven.',
  'template.furniture-refurbished.verification': 'Förteckning över de erbjudna möblerna där de renoverade är markerade, med en beskrivning av renoveringen.',
  'template.furniture-refurbished.subjectLink': 'Huruvida möblerna är nya eller renoverade är en egenskap hos de varor som upphandlas.',

  'template.energy-renewable-electricity.title': 'Förnybar el',
  'template.energy-renewable-electricity.text':
    'All el som levereras enligt kontraktet kommer från förnybara energikällor, vilket visas med annullerade ursprungsgarantier.',
  'template.energy-renewable-electricity.verification': 'Ursprungsgarantier som annulleras för den upphandlande enhetens räkning varje år.',

  'template.energy-additionality.title': 'Ny förnybar elproduktion',
  'template.energy-additionality.text':
    'Poäng ges i proportion till andelen av den levererade elen som kommer från anläggningar som tagits i drift under de senaste fem åren.',
  'template.energy-additionality.verification': 'Ursprungsgarantier som anger idrifttagningsdatum för varje anläggning.',
  'template.energy-additionality.subjectLink': 'Hur den levererade elen produceras är en egenskap hos den el som upphandlas.',
};
