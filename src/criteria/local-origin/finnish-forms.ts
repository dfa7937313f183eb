/**
 * Finnish case forms and demonyms of place names, derived from the nominative. Good enough to
 * recognise a name in a criterion, not to write Finnish: forms are over-generated on purpose (both
 * consonant grades, both vowel harmonies, inner and outer local cases) because a form that no one
 * writes costs nothing, while a missing one lets a refusal slip through. Names are recognised only
 * when capitalised (see the detector), so a generated form that is also a common word does no harm.
 */

interface Stems {
  /** Stems of the cases that take the weak grade (-n, -ssa, -lla, -lta, -lle, -ksi). */
  weak: string[];
  /** Stems of the cases that take the strong grade (illative, essive). */
  strong: string[];
  /** What -lainen/-läinen is added to: Helsinki → helsinki(läinen), Lahti → lahte(lainen). */
  demonym: string[];
}

/** Final words of compound names whose stems are not regular: Seinäjoki → Seinäjoella, seinäjokelainen. */
const COMPONENTS: Record<string, Stems> = {
  järvi: { weak: ['järve'], strong: ['järve'], demonym: ['järve'] },
  joki: { weak: ['joe'], strong: ['joke'], demonym: ['joke'] },
  lahti: { weak: ['lahde'], strong: ['lahte'], demonym: ['lahte'] },
  niemi: { weak: ['nieme'], strong: ['nieme'], demonym: ['nieme'] },
  salmi: { weak: ['salme'], strong: ['salme'], demonym: ['salme'] },
  koski: { weak: ['koske'], strong: ['koske'], demonym: ['koske'] },
  mäki: { weak: ['mäe'], strong: ['mäke'], demonym: ['mäke', 'mäki'] },
  vesi: { weak: ['vede'], strong: ['vete'], demonym: ['vesi', 'vede'] },
  kaupunki: { weak: ['kaupungi'], strong: ['kaupunki'], demonym: ['kaupunki'] },
  lampi: { weak: ['lamme'], strong: ['lampe'], demonym: ['lampi', 'lampe'] },
  saari: { weak: ['saare'], strong: ['saare'], demonym: ['saare', 'saari'] },
  suomi: { weak: ['suome'], strong: ['suome'], demonym: ['suoma'] },
  kivi: { weak: ['kive'], strong: ['kive'], demonym: ['kive'] },
};

/**
 * Names whose first word is inflected too (Uusikaupunki → Uudessakaupungissa) or that are otherwise
 * irregular: their forms are listed, not derived.
 */
const IRREGULAR: Record<string, string[]> = {
  uusimaa: ['uudenmaan', 'uudellamaalla', 'uudeltamaalta', 'uudellemaalle', 'uusimaa', 'uudessamaassa', 'uudeksimaaksi'],
  uusikaupunki: ['uudenkaupungin', 'uudessakaupungissa', 'uudestakaupungista', 'uuteenkaupunkiin', 'uusikaupunki'],
  uusikaarlepyy: ['uudenkaarlepyyn', 'uudessakaarlepyyssä', 'uudestakaarlepyystä', 'uuteenkaarlepyyhyn', 'uusikaarlepyy'],
};

const VOWEL = '[aeiouyäö]';
/** Strong → weak grade of the consonant that opens the last syllable. */
const GRADATION: Array<[RegExp, string]> = [
  ['kk', 'k'],
  ['pp', 'p'],
  ['tt', 't'],
  ['nk', 'ng'],
  ['mp', 'mm'],
  ['lt', 'll'],
  ['nt', 'nn'],
  ['rt', 'rr'],
  ['lp', 'lv'],
  ['rp', 'rv'],
  ['ht', 'hd'],
  ['rk', 'r'],
  ['lk', 'l'],
  ['t', 'd'],
  ['p', 'v'],
  ['k', ''],
].map(([strong, weak]) => [new RegExp(`(${VOWEL}|[hlrn])${strong}(${VOWEL}+)$`), `$1${weak}$2`] as [RegExp, string]);

function weakGrade(stem: string): string {
  for (const [pattern, replacement] of GRADATION) {
    if (pattern.test(stem)) return stem.replace(pattern, replacement);
  }
  return stem;
}

function stemsOf(word: string): Stems {
  const component = Object.keys(COMPONENTS).find((c) => word === c || word.endsWith(c));
  if (component) {
    const head = word.slice(0, word.length - component.length);
    const { weak, strong, demonym } = COMPONENTS[component];
    return { weak: weak.map((s) => head + s), strong: strong.map((s) => head + s), demonym: demonym.map((s) => head + s) };
  }
  if (/(aa|ää|oo|öö|uu|yy|ee|ii)$/.test(word)) return { weak: [word], strong: [word], demonym: [word] };
  if (word.endsWith('nen')) {
    const base = word.slice(0, -3);
    return { weak: [`${base}se`, `${base}si`], strong: [`${base}se`, `${base}si`], demonym: [`${base}s`] };
  }
  if (word.endsWith('e')) return { weak: [word, `${word}e`], strong: [word, `${word}e`], demonym: [word] };
  if (word.endsWith('s')) {
    const base = word.slice(0, -1);
    return { weak: [`${base}kse`, `${base}de`, `${base}ksi`], strong: [`${base}kse`, `${base}te`], demonym: [word] };
  }
  if (word.endsWith('i')) {
    const eStem = `${word.slice(0, -1)}e`;
    return { weak: [word, weakGrade(word), eStem, weakGrade(eStem)], strong: [word, eStem], demonym: [word] };
  }
  if (/[aouyäö]$/.test(word)) return { weak: [word, weakGrade(word)], strong: [word], demonym: [word] };
  return { weak: [`${word}i`, word], strong: [`${word}i`], demonym: [word] };
}

const WEAK_ENDINGS = ['n', 'ssa', 'ssä', 'sta', 'stä', 'lla', 'llä', 'lta', 'ltä', 'lle', 'ksi'];
const STRONG_ENDINGS = ['na', 'nä', 'seen', 'hin', 'hun', 'hyn'];

/** The lower-case forms of one name: Vantaa → vantaa, vantaan, vantaalla, vantaalta, vantaalle, … */
export function finnishForms(name: string): string[] {
  const lower = name.toLowerCase();
  if (IRREGULAR[lower]) return IRREGULAR[lower];
  // Only the last part of a hyphenated name is inflected: Mänttä-Vilppulassa, Pohjois-Savossa.
  const cut = lower.lastIndexOf('-') + 1;
  const head = lower.slice(0, cut);
  const { weak, strong } = stemsOf(lower.slice(cut));
  const forms = new Set<string>([lower]);
  // Names in -nen are plural in the local cases and have a plural genitive: Ikaalisissa, Ikaalisten.
  if (lower.endsWith('nen')) forms.add(`${lower.slice(0, -3)}sten`);
  for (const stem of weak) for (const ending of WEAK_ENDINGS) forms.add(head + stem + ending);
  for (const stem of strong) {
    for (const ending of STRONG_ENDINGS) forms.add(head + stem + ending);
    forms.add(head + stem + stem.slice(-1) + 'n');
  }
  return [...forms];
}

/**
 * What the demonym of a place starts with before -lainen/-läinen: Helsinki → helsinki, Lahti → lahte,
 * Seinäjoki → seinäjoke, Ikaalinen → ikaalis; the hyphen of a name may be left out (mänttävilppula).
 */
export function demonymBases(name: string): string[] {
  const lower = name.toLowerCase();
  const cut = lower.lastIndexOf('-') + 1;
  const head = lower.slice(0, cut);
  const bases = stemsOf(lower.slice(cut)).demonym.map((d) => head + d);
  return [...new Set([...bases, ...bases.map((b) => b.replace(/-/g, ''))])];
}

const DEMONYM_ENDINGS = [
  'nen',
  'sen',
  'sta',
  'stä',
  'set',
  'ten',
  'sten',
  'sia',
  'siä',
  'sille',
  'selle',
  'silta',
  'siltä',
  'siin',
  'seen',
  'sena',
  'senä',
  'sina',
  'sinä',
  'sissa',
  'sissä',
  'sista',
  'sistä',
  'seksi',
  'siksi',
  's',
];

/** Splits a word into the place its demonym names and what follows: vantaalaisyritykset → ['vantaa', 'yritykset']. */
export function splitDemonym(word: string, bases: ReadonlySet<string>): { base: string; rest: string } | null {
  for (const suffix of ['lai', 'läi']) {
    let at = word.indexOf(suffix, 1);
    while (at > 0) {
      const base = word.slice(0, at);
      const after = word.slice(at + 3);
      if (bases.has(base)) {
        const ending = DEMONYM_ENDINGS.find((e) => after.startsWith(e));
        if (ending) return { base, rest: ending === 's' ? after.slice(1) : after.slice(ending.length) };
      }
      at = word.indexOf(suffix, at + 1);
    }
  }
  return null;
}
