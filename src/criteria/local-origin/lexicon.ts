/**
 * The words the local-origin check knows, in English, Finnish and Swedish. Finnish and Swedish words
 * are inflected, so most entries are stems a token must start with (see WordClass); English ones are
 * whole words. Lower case throughout.
 */

/** Whole words and stems; a token belongs to the class if it is one of the words or starts with one of the stems. */
export class WordClass {
  private readonly words: ReadonlySet<string>;
  private readonly stems: ReadonlySet<string>;
  private readonly stemLengths: number[];

  constructor(words: string[], stems: string[] = []) {
    this.words = new Set(words);
    this.stems = new Set(stems);
    this.stemLengths = [...new Set(stems.map((s) => s.length))].sort((a, b) => a - b);
  }

  has(token: string): boolean {
    if (this.words.has(token)) return true;
    for (const length of this.stemLengths) {
      if (length > token.length) break;
      if (this.stems.has(token.slice(0, length))) return true;
    }
    return false;
  }
}

/** Whom a criterion may not favour by origin: suppliers and their kin, their staff, their products. */
export const ACTORS = new WordClass(
  [
    'supplier', 'suppliers', 'tenderer', 'tenderers', 'bidder', 'bidders', 'company', 'companies', 'firm', 'firms', 'business',
    'businesses', 'contractor', 'contractors', 'subcontractor', 'subcontractors', 'provider', 'providers', 'producer', 'producers',
    'manufacturer', 'manufacturers', 'vendor', 'vendors', 'enterprise', 'enterprises', 'sme', 'smes', 'caterer', 'caterers',
    'workforce', 'staff', 'employees', 'employee', 'workers', 'worker', 'personnel', 'labour', 'labor', 'products', 'product', 'goods',
    'produce', 'food', 'foods', 'materials', 'ingredients', 'content', 'citizens', 'nationals', 'origin', 'owners', 'ownership',
    'tuotteet', 'bolag',
  ],
  [
    // Finnish
    'toimittaj', 'tarjoaj', 'yrity', 'yhtiö', 'palveluntuottaj', 'tuottaj', 'valmistaj', 'urakoitsij', 'aliurakoitsij', 'alihankkij',
    'yrittäj', 'henkilöst', 'työntekij', 'työvoim', 'tuote', 'tuotte', 'elintarvik', 'raaka-ain', 'alkuper', 'kansalai', 'toimij',
    'ruoka', 'ruoa', 'ruuan', 'ruokaa',
    // Swedish
    'leverantör', 'anbudsgivar', 'företag', 'producent', 'tillverkar', 'entreprenör', 'underleverantör', 'underentreprenör', 'personal',
    'arbetskraft', 'anställd', 'arbetstagar', 'produkt', 'livsmedl', 'livsmedel', 'varor', 'råvar', 'ursprung', 'tjänsteleverantör',
    'firma', 'bolag', 'medborgar', 'odlar', 'näringsidkar',
  ],
);

/** Heads of Finnish and Swedish compounds that name the bidding party: kuljetusyritys, byggföretag. */
export const ACTOR_COMPOUND_HEADS = ['toimittaj', 'tarjoaj', 'tuottaj', 'yrity', 'valmistaj', 'urakoitsij', 'yrittäj', 'leverantör', 'företag', 'producent', 'entreprenör'];

/** Nouns after which an actor word is a modifier, not the one favoured: "Finnish labour law", "food law". */
export const MODIFIED_HEADS = new WordClass([
  'law', 'laws', 'legislation', 'regulation', 'regulations', 'act', 'acts', 'standard', 'standards', 'rule', 'rules', 'register',
  'market', 'markets', 'safety', 'time', 'language', 'portal', 'agreement', 'agreements', 'requirements', 'recommendations', 'code',
  'codes', 'conditions', 'card', 'cards', 'policy',
]);

/** The buyer and its premises: a seat owned by the buyer is a place of performance. */
export const BUYERS = new WordClass(
  ['buyer', "buyer's", 'contracting', 'authority', "authority's", 'city', "city's", 'municipality', "municipality's", 'customer', "customer's", 'client', "client's", 'purchaser', 'kunnan', 'kaupungin'],
  ['tilaaj', 'hankintayksik', 'asiakka', 'beställar', 'upphandlande', 'kommunens', 'stadens', 'kundens'],
);

/** Words that restrict or favour: a criterion that only describes (an RFI question, a place of delivery) has none. */
export const RESTRICTIONS = new WordClass(
  [
    'only', 'solely', 'exclusively', 'must', 'shall', 'should', 'required', 'require', 'requires', 'requirement', 'mandatory', 'need',
    'needs', 'preferred', 'prefer', 'prefers', 'preference', 'priority', 'prioritised', 'prioritized', 'favoured', 'favored', 'favour',
    'favor', 'favours', 'favors', 'points', 'point', 'score', 'scores', 'scored', 'bonus', 'extra', 'additional', 'awarded', 'accepted',
    'acceptable', 'qualify', 'qualifies', 'eligible', 'assessed', 'evaluated', 'weighted', 'advantage',
    'vain', 'ainoastaan', 'yksinomaan', 'tulee', 'tulevat', 'täytyy', 'pitää', 'oltava', 'eduksi', 'ehdoton', 'velvollinen',
    'endast', 'enbart', 'bara', 'uteslutande', 'ska', 'skall', 'måste', 'krav', 'kräver', 'krävs', 'företräde', 'förtur', 'föredrar',
    'föredras', 'poäng', 'extrapoäng', 'premieras', 'premierar', 'gynnas', 'godtas', 'godkänns', 'accepteras', 'bedöms', 'värderas',
    'fördel',
  ],
  ['edellyt', 'vaadi', 'vaati', 'etusij', 'suosi', 'lisäpist', 'piste', 'hyväksy', 'arvioi', 'painot', 'priorit'],
);

/** Evaluation words: "country of origin" is refused only when it is scored or preferred, not when it is asked. */
export const PREFERENCES = new WordClass(
  ['preferred', 'prefer', 'preference', 'priority', 'favoured', 'favored', 'points', 'score', 'scores', 'scored', 'bonus', 'assessed', 'evaluated', 'weighted', 'eduksi', 'företräde', 'förtur', 'föredras', 'poäng', 'premieras', 'bedöms', 'värderas'],
  ['etusij', 'suosi', 'lisäpist', 'piste', 'arvioi', 'painot', 'priorit'],
);

/** Where a supplier sits: nouns whose owner is a supplier unless the text says it is the buyer's. */
export const SEATS = new WordClass(
  ['headquarters', 'domicile', 'seat', 'säte', 'sätet', 'hemvist'],
  ['kotipaik', 'toimipist', 'toimipaik', 'pääkonttor', 'kotikun', 'asuinpaik', 'sijaintipaik', 'sijaint', 'sijainn', 'hemort', 'verksamhetsort', 'huvudkontor', 'driftställ'],
);

/** Two-word seats: "head office", "registered office", "place of business" (the first word keys the rest). */
export const SEAT_PHRASES: Record<string, string[][]> = {
  head: [['office'], ['offices']],
  registered: [['office'], ['offices'], ['seat']],
  place: [['of', 'business'], ['of', 'establishment']],
  principal: [['place', 'of', 'business']],
};

/** Premises that are a seat only when a supplier has them: "an office in Turku", "kontor i Borgå". */
export const OFFICES = new WordClass(['office', 'offices', 'branch', 'branches', 'establishment', 'kontor', 'kontoret', 'filial', 'filialer'], ['konttor', 'sivuliik']);

/** Verbs and participles of being somewhere or coming from there: located, sijaitseva, bosatt, producerade. */
export const SEAT_VERBS = new WordClass(
  [
    'located', 'based', 'headquartered', 'registered', 'established', 'situated', 'resident', 'residents', 'residing', 'reside',
    'resides', 'live', 'lives', 'living', 'domiciled', 'operating', 'manufactured', 'produced', 'made', 'grown', 'sourced', 'originating',
    'originate', 'originates', 'owned',
    'kotoisin', 'lähtöisin', 'asua', 'asuu', 'asuvat', 'asuva', 'asuvia', 'asuvien', 'asuvan', 'asuttava', 'oleva', 'olevat', 'olevia',
    'olevien', 'olevan', 'toimiva', 'toimivat', 'toimivia', 'toimivien', 'toimivan', 'toimia', 'toimii',
    'belägen', 'beläget', 'belägna', 'ligga', 'ligger', 'bosatt', 'bosatta', 'boende', 'registrerad', 'registrerat', 'registrerade',
    'etablerad', 'etablerat', 'etablerade', 'hemmahörande', 'verksam', 'verksamt', 'verksamma', 'producerad', 'producerat', 'producerade',
    'tillverkad', 'tillverkat', 'tillverkade', 'odlad', 'odlade', 'odlat', 'förankrad', 'förankrat', 'förankrade', 'baserad', 'baserat',
    'baserade', 'finnas',
  ],
  ['sijait', 'rekisteröi', 'perustettu', 'valmistettu', 'tuotettu', 'tuotetut', 'kasvatettu'],
);

/** Prepositions of origin: "suppliers from Ostrobothnia", "företag från Österbotten". */
export const FROM = new WordClass(['from', 'från']);
/** Prepositions of place that tie a supplier to a place: "suppliers in Vantaa", "leverantörer i närområdet". */
export const IN = new WordClass(['in', 'i']);

/** Nouns that extend a place to its surroundings: "Oulun seudulta", "the Helsinki metropolitan area". */
export const AREAS = new WordClass(
  ['region', "region's", 'area', "area's", 'metropolitan', 'district', 'surroundings', 'municipality', 'city', 'regionen', 'området', 'trakten', 'närheten', 'kommun', 'stad', 'kaupungin', 'kunnan'],
  ['seutu', 'seudu', 'alue', 'lähikun', 'ympäristö', 'talousalue', 'omgivning'],
);

/** The buyer's own area, unnamed: "the same municipality", "samassa kunnassa", "i kommunen". */
export const GENERIC_AREAS: Record<string, string[][]> = {
  same: [['municipality'], ['city'], ['region'], ['area'], ['locality'], ['country'], ['town']],
  our: [['municipality'], ['city'], ['region'], ['area'], ['town']],
  the: [['region'], ['area'], ['municipality'], ['locality']],
  this: [['region'], ['area'], ['municipality']],
  samassa: [['kunnassa'], ['kaupungissa'], ['maakunnassa']],
  samalla: [['paikkakunnalla'], ['alueella']],
  omalla: [['alueella'], ['paikkakunnalla']],
  samma: [['kommun'], ['region'], ['ort'], ['stad']],
};
export const GENERIC_AREA_WORDS = new WordClass(
  ['paikkakunnalla', 'paikkakunnalta', 'paikkakunnan', 'kommunen', 'orten', 'landskapet', 'maakunnassa', 'maakunnan', 'maakunnasta'],
  ['lähikunn', 'seutukunn'],
);
/** The local area, which the "local" rule names: lähialue, närområde, "the local area". */
export const LOCAL_AREAS = new WordClass(['lähellä', 'vicinity'], ['lähialue', 'närområd', 'lähiseu', 'närregion']);

/** Adjectives of nationality or of being domestic or foreign. */
export const NATIONALITIES = new WordClass(
  [
    'finnish', 'swedish', 'estonian', 'norwegian', 'danish', 'icelandic', 'german', 'russian', 'latvian', 'lithuanian', 'polish', 'french',
    'nordic', 'scandinavian', 'domestic', 'national', 'foreign', 'home-grown', 'homegrown',
  ],
  [
    'suomalai', 'kotimai', 'ruotsalai', 'virolai', 'norjalai', 'tanskalai', 'saksalai', 'venäläi', 'latvialai', 'liettualai', 'puolalai',
    'ranskalai', 'pohjoismai', 'ulkomai', 'ulkomaalai',
    'finländsk', 'finsk', 'svensk', 'inhemsk', 'nordisk', 'estnisk', 'norsk', 'dansk', 'tysk', 'rysk', 'lettisk', 'litauisk', 'polsk',
    'fransk', 'utländsk',
  ],
);
/** Words that name a language, not a nationality, though they start like one: finskspråkig, suomenkielinen. */
export const LANGUAGE_WORDS = new WordClass([], ['finskspråk', 'svenskspråk', 'finskta', 'svensktal']);
/** Prepositions that make a nationality word a language: "in Finnish", "på svenska". */
export const LANGUAGE_PREPOSITIONS = new WordClass(['in', 'på']);

/** "local", "paikallinen", "lokal" and their kin as adjectives. */
export const LOCALS = new WordClass(
  [
    'local', 'regional', 'nearby', 'lokal', 'lokala', 'lokalt', 'regionala', 'paikallinen', 'paikallisen', 'paikallista', 'paikalliset',
    'paikallisten', 'paikallisia', 'paikallisille', 'paikalliselle', 'paikalliselta', 'paikallisilta', 'paikallisiin', 'paikalliseen',
    'paikallisena', 'alueellinen', 'alueellisen', 'alueellista', 'alueelliset', 'alueellisten', 'alueellisia', 'alueellisille',
    'paikkakuntalainen', 'paikkakuntalaiset', 'paikkakuntalaisia', 'paikkakuntalaisten', 'paikkakuntalaisille',
  ],
);
/** "locally", "paikallisesti", "lokalt": local when they qualify making, owning or being somewhere. */
export const LOCAL_ADVERBS = new WordClass(['locally', 'regionally', 'paikallisesti', 'alueellisesti', 'lokalt', 'regionalt']);
/** Words that say local origin on their own: lähiruoka, närproducerad, paikallisyritys. */
export const LOCAL_COMPOUNDS = new WordClass([], ['lähiruo', 'lähiruu', 'lähituot', 'lähituott', 'paikallisyrit', 'paikallistuot', 'paikallistuott', 'närproducer', 'närodla', 'lokalproducer', 'lokalodla']);

/** "country of origin", alkuperämaa, ursprungsland. */
export const ORIGIN_COUNTRY = new WordClass([], ['alkuperämaa', 'ursprungsland', 'valmistusmaa', 'tillverkningsland']);

/** Units of a distance limit: "50 km", "30 km:n", "20 kilometrin". */
export const DISTANCE_UNITS = new WordClass(
  ['km', 'km:n', 'km:ä', 'km:in', 'kilometer', 'kilometers', 'kilometre', 'kilometres', 'kilometrin', 'kilometriä', 'kilometrit', 'mile', 'miles', 'mil', 'kilometers'],
);
/** Words between a supplier and a distance that change nothing: "be within a 40 km radius", "finnas inom". */
export const DISTANCE_WORDS = new WordClass(['within', 'radius', 'inom', 'enintään', 'alle', 'max', 'maximum', 'högst', 'korkeintaan', 'säteellä', 'etäisyydellä', 'of', 'from']);

/** Copulas: a predicate after them describes the subject, "the supplier must be Finnish". */
export const COPULAS = new WordClass(['be', 'is', 'are', 'olla', 'oltava', 'on', 'ovat', 'vara', 'är']);
/** Articles between a copula and its predicate. */
export const ARTICLES = new WordClass(['a', 'an', 'the', 'ett', 'en']);
/** Words that join two adjectives before one noun: "Estonian or Finnish companies", "svenska och finska". */
export const CONJUNCTIONS = new WordClass(['and', 'or', 'ja', 'tai', 'sekä', 'och', 'eller', 'owned', 'registered', 'based']);

/** Words skipped when looking for the subject or object of a seat word. */
export const FUNCTION_WORDS = new WordClass([
  'the', 'a', 'an', 'that', 'which', 'who', 'whose', 'whom', 'is', 'are', 'be', 'been', 'being', 'was', 'were', 'must', 'shall', 'should',
  'will', 'may', 'can', 'could', 'would', 'only', 'also', 'all', 'its', 'their', 'our', 'with', 'have', 'has', 'having', 'to', 'not',
  'at', 'least', 'by',
  'on', 'ovat', 'oli', 'oltava', 'olla', 'tulee', 'tulevat', 'täytyy', 'pitää', 'pitäisi', 'vain', 'ainoastaan', 'jonka', 'jotka',
  'joka', 'joiden', 'jolla', 'joilla', 'sen', 'niiden', 'myös', 'saa', 'saavat', 'voi', 'voivat', 'ei', 'eivät', 'jos', 'kun', 'että',
  'ska', 'skall', 'måste', 'vara', 'är', 'var', 'ha', 'har', 'sitt', 'sin', 'sina', 'som', 'med', 'den', 'det', 'de', 'en', 'ett',
  'endast', 'bara', 'också', 'får', 'kan', 'bör', 'inte',
]);
