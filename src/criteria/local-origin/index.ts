import { demonymBases, finnishForms, splitDemonym } from './finnish-forms';
import {
  ACTOR_COMPOUND_HEADS,
  ACTORS,
  AREAS,
  ARTICLES,
  BUYERS,
  CONJUNCTIONS,
  COPULAS,
  DISTANCE_UNITS,
  DISTANCE_WORDS,
  FROM,
  FUNCTION_WORDS,
  GENERIC_AREA_WORDS,
  GENERIC_AREAS,
  IN,
  LANGUAGE_PREPOSITIONS,
  LANGUAGE_WORDS,
  LOCAL_ADVERBS,
  LOCAL_AREAS,
  LOCAL_COMPOUNDS,
  LOCALS,
  MODIFIED_HEADS,
  NATIONALITIES,
  OFFICES,
  ORIGIN_COUNTRY,
  PREFERENCES,
  RESTRICTIONS,
  SEAT_PHRASES,
  SEAT_VERBS,
  SEATS,
  WordClass,
} from './lexicon';
import { COUNTRIES, MUNICIPALITIES, REGIONS } from './places';

/**
 * Refuses criteria that restrict or favour suppliers, their staff or their products by where they
 * come from: nationality, a named place or area of seat, residence or production, being "local", or
 * a distance limit. Such a criterion discriminates under EU law (TFEU art. 18, 49 and 56; Directive
 * 2014/24/EU art. 18(1)). Decision 0024 explains the design; test/fixtures/local-origin-corpus.json
 * is the boundary it is held to.
 *
 * A sentence is refused when three things meet: an origin marker, its tie to a supplier (the marker
 * qualifies a supplier word, or a seat word links the two), and a word that restricts or favours.
 * A place of delivery or performance ("delivery to Vantaa's schools"), a language ("service in
 * Finnish") or a question that only asks ("Where is your head office?") therefore passes.
 */
export type LocalOriginRule = 'nationality' | 'place' | 'local' | 'distance';

export const LOCAL_ORIGIN_RULES: Record<LocalOriginRule, string> = {
  nationality: 'favours suppliers, staff or products by nationality or domestic origin',
  place: 'favours suppliers, staff or products by the municipality, region, country or area of their seat, residence or production',
  local: 'favours local or regional suppliers or products',
  distance: "limits the distance of a supplier's seat or of production from a place",
};

export interface LocalOriginFinding {
  rule: LocalOriginRule;
  /** The words of the text that make the finding, as written. */
  phrase: string;
}

interface Token {
  raw: string;
  lower: string;
  /** `lower` without an English possessive: "tenderer's" → "tenderer". */
  base: string;
  start: number;
  end: number;
  capital: boolean;
  /** The parts of a hyphenated word ("helsinki-based" → helsinki, based), or just the word. */
  parts: string[];
}

interface PlaceSpan {
  start: number;
  end: number;
  /** A Finnish genitive or an English/Swedish bare name, which may qualify the next noun instead of naming a seat. */
  attributive: boolean;
}

// ------------------------------------------------------------------ compiled once

/** Every form of every place name, lower case, space-separated words → whether the form can be attributive. */
const PLACE_FORMS = new Map<string, boolean>();
const DEMONYM_BASES = new Set<string>();
let longestPlace = 1;

function addPlace(form: string, attributive: boolean): void {
  const key = form.toLowerCase();
  PLACE_FORMS.set(key, (PLACE_FORMS.get(key) ?? false) || attributive);
  longestPlace = Math.max(longestPlace, key.split(' ').length);
}

function addFinnishName(name: string): void {
  for (const form of finnishForms(name)) addPlace(form, form.endsWith('n') || form === name.toLowerCase());
}

function addForeignName(name: string): void {
  addPlace(name, true);
  addPlace(`${name}'s`, true);
  addPlace(`${name}’s`, true);
  if (!/[sxz]$/i.test(name)) addPlace(`${name}s`, true);
}

for (const [, fi, sv] of MUNICIPALITIES) {
  addFinnishName(fi);
  addForeignName(fi);
  if (sv) addForeignName(sv);
  for (const base of demonymBases(fi)) DEMONYM_BASES.add(base);
}
for (const region of REGIONS) {
  addFinnishName(region.fi);
  addForeignName(region.fi);
  addForeignName(region.sv);
  for (const en of region.en) addForeignName(en);
  for (const base of region.demonyms) DEMONYM_BASES.add(base);
}
for (const country of COUNTRIES) {
  addFinnishName(country.fi);
  addForeignName(country.sv);
  addForeignName(country.en);
}

// ------------------------------------------------------------------ reading a sentence

const WORD = /[\p{L}\p{N}]+(?:[-:'’][\p{L}\p{N}]+)*/gu;

function tokenize(sentence: string, offset: number): Token[] {
  const tokens: Token[] = [];
  for (const match of sentence.matchAll(WORD)) {
    const raw = match[0];
    const lower = raw.toLowerCase();
    const base = lower.replace(/['’]s$/, '');
    tokens.push({
      raw,
      lower,
      base,
      start: offset + match.index,
      end: offset + match.index + raw.length,
      capital: /^\p{Lu}/u.test(raw),
      parts: base.includes('-') ? base.split('-') : [base],
    });
  }
  return tokens;
}

/** Sentences and their offsets: a criterion's restriction and its origin marker are judged within one sentence. */
function sentences(text: string): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  const boundary = /[.!?;]\s+|\n+/g;
  let from = 0;
  for (const match of text.matchAll(boundary)) {
    out.push({ text: text.slice(from, match.index), offset: from });
    from = match.index + match[0].length;
  }
  out.push({ text: text.slice(from), offset: from });
  return out;
}

const anyPart = (t: Token | undefined, words: WordClass) => t !== undefined && (words.has(t.base) || (t.parts.length > 1 && t.parts.some((p) => words.has(p))));

/** A word for a supplier, its staff or its products, also as the head of a compound (kuljetusyritys, byggföretag). */
function isActorWord(word: string): boolean {
  return ACTORS.has(word) || ACTOR_COMPOUND_HEADS.some((head) => word.indexOf(head, 2) > 0);
}

function isActor(t: Token | undefined, next: Token | undefined): boolean {
  if (!t) return false;
  const actor = isActorWord(t.base) || (t.parts.length > 1 && t.parts.some(isActorWord));
  return actor && !(next && MODIFIED_HEADS.has(next.base));
}

class Sentence {
  readonly places: PlaceSpan[] = [];
  /** Token index → index of the last token of a multi-word seat ("head office", "place of business"). */
  readonly seatPhrases = new Map<number, number>();
  /** Seat word index → index of the supplier it belongs to. */
  private readonly supplierOf = new Map<number, number>();
  readonly restricts: boolean;
  readonly prefers: boolean;

  constructor(
    private readonly source: string,
    readonly tokens: Token[],
  ) {
    this.findPlaces();
    this.findSeatPhrases();
    this.restricts = tokens.some((t, i) => RESTRICTIONS.has(t.base) || (/t?t[aä]v[aä]$/.test(t.base) && ['on', 'ovat'].includes(tokens[i - 1]?.base ?? '')));
    this.prefers = tokens.some((t) => PREFERENCES.has(t.base));
  }

  private findPlaces(): void {
    const { tokens } = this;
    for (let i = 0; i < tokens.length; i++) {
      if (!tokens[i].capital) continue;
      for (let n = Math.min(longestPlace, tokens.length - i); n >= 1; n--) {
        const key = tokens
          .slice(i, i + n)
          .map((t) => t.lower)
          .join(' ');
        const attributive = PLACE_FORMS.get(key) ?? PLACE_FORMS.get(key.replace(/['’]s$/, ''));
        const firstPart = n === 1 && tokens[i].parts.length > 1 ? PLACE_FORMS.get(tokens[i].parts[0]) : undefined;
        if (attributive !== undefined || firstPart !== undefined) {
          let end = i + n - 1;
          while (end + 1 < tokens.length && AREAS.has(tokens[end + 1].base)) end++;
          this.places.push({ start: i, end, attributive: (attributive ?? firstPart) === true && end === i + n - 1 });
          i = end;
          break;
        }
      }
    }
  }

  private findSeatPhrases(): void {
    this.tokens.forEach((t, i) => {
      for (const rest of SEAT_PHRASES[t.base] ?? []) {
        if (rest.every((word, k) => this.tokens[i + 1 + k]?.base === word)) this.seatPhrases.set(i, i + rest.length);
      }
    });
  }

  isPlace(i: number): boolean {
    return this.places.some((p) => i >= p.start && i <= p.end);
  }

  /** The nearest token before `i` that carries meaning, skipping function words, places and numbers. */
  contentBefore(i: number): number {
    for (let j = i - 1; j >= 0 && j >= i - 7; j--) {
      const t = this.tokens[j];
      if (FUNCTION_WORDS.has(t.base) || this.isPlace(j) || /^\d/.test(t.base) || IN.has(t.base) || FROM.has(t.base)) continue;
      return j;
    }
    return -1;
  }

  contentAfter(i: number): number {
    for (let j = i + 1; j < this.tokens.length && j <= i + 7; j++) {
      const t = this.tokens[j];
      if (FUNCTION_WORDS.has(t.base) || this.isPlace(j) || IN.has(t.base) || FROM.has(t.base) || LOCAL_AREAS.has(t.base)) continue;
      return j;
    }
    return -1;
  }

  actorAt(j: number): boolean {
    return j >= 0 && isActor(this.tokens[j], this.tokens[j + 1]);
  }

  /** A seat noun owned by a supplier: "tarjoajan kotipaikka", "the tenderer's head office", not "tilaajan toimipiste". */
  private supplierSeat(i: number): boolean {
    const t = this.tokens[i];
    const owner = this.contentBefore(i);
    if (SEATS.has(t.base) || this.seatPhrases.has(i)) return !(owner >= 0 && BUYERS.has(this.tokens[owner].base));
    return OFFICES.has(t.base) && this.actorAt(owner);
  }

  /** Indices of seat words tied to a supplier: its seat noun, or a seat verb whose subject or object is a supplier. */
  seatsOfSuppliers(): number[] {
    const seats: number[] = [];
    this.tokens.forEach((t, i) => {
      const before = this.contentBefore(i);
      if (this.supplierSeat(i)) {
        seats.push(i);
        if (this.actorAt(before)) this.supplierOf.set(i, before);
      } else if (anyPart(t, SEAT_VERBS)) {
        const after = this.contentAfter(i);
        if (this.actorAt(before) || (before >= 0 && this.supplierSeat(before))) {
          seats.push(i);
          this.supplierOf.set(i, this.supplierOf.get(before) ?? before);
        } else if (this.actorAt(after)) {
          seats.push(i);
          this.supplierOf.set(i, after);
        }
      }
    });
    return seats;
  }

  /** The span of a finding, widened to the supplier its seat word belongs to: "suppliers located in Vantaa". */
  span(...indices: number[]): string {
    const all = indices.flatMap((i) => (this.supplierOf.has(i) ? [i, this.supplierOf.get(i)!] : [i]));
    return this.phrase(Math.min(...all), Math.max(...all));
  }

  /** The text from token `from` to token `to` (either order), as written. */
  phrase(from: number, to: number): string {
    const [a, b] = from <= to ? [from, to] : [to, from];
    return this.source.slice(this.tokens[a].start, this.tokens[b].end);
  }
}

// ------------------------------------------------------------------ the rules

/** An adjective that qualifies a supplier: "Finnish companies", "paikallinen yritys", or describes one: "the supplier must be domestic". */
function qualifiesSupplier(s: Sentence, i: number, adjectives: WordClass[]): number {
  const { tokens } = s;
  let j = i + 1;
  while (
    j < tokens.length &&
    (CONJUNCTIONS.has(tokens[j].base) || ARTICLES.has(tokens[j].base) || adjectives.some((a) => a.has(tokens[j].base)) || demonymOf(tokens[j]))
  )
    j++;
  if (s.actorAt(j) && j - i <= 4) return j;
  let k = i - 1;
  while (k >= 0 && (ARTICLES.has(tokens[k].base) || CONJUNCTIONS.has(tokens[k].base) || adjectives.some((a) => a.has(tokens[k].base)))) k--;
  if (k >= 0 && COPULAS.has(tokens[k].base)) {
    const subject = s.contentBefore(k);
    if (s.actorAt(subject)) return subject;
  }
  return -1;
}

function demonymOf(t: Token): { base: string; rest: string } | null {
  return splitDemonym(t.base, DEMONYM_BASES);
}

function* findingsIn(s: Sentence, restrictive: boolean): Generator<LocalOriginFinding> {
  const { tokens } = s;
  if (!restrictive && !s.restricts) return;
  const seats = s.seatsOfSuppliers();

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // Nationality: "Finnish companies", "kotimaiset tuotteet", "ett finländskt företag", "subcontractors must be domestic".
    if (NATIONALITIES.has(t.base) && !LANGUAGE_WORDS.has(t.base) && !LANGUAGE_PREPOSITIONS.has(tokens[i - 1]?.base ?? '')) {
      const actor = qualifiesSupplier(s, i, [NATIONALITIES]);
      if (actor >= 0) yield { rule: 'nationality', phrase: s.phrase(i, actor) };
    }
    // Demonyms: "turkulaiset yritykset", "yrityksen on oltava vantaalainen", "vantaalaisyritykset".
    const demonym = demonymOf(t);
    if (demonym) {
      if (demonym.rest && isActorWord(demonym.rest)) yield { rule: 'place', phrase: t.raw };
      else if (!demonym.rest) {
        const actor = qualifiesSupplier(s, i, [NATIONALITIES, LOCALS]);
        if (actor >= 0) yield { rule: 'place', phrase: s.phrase(i, actor) };
      }
    }
    // Local: "local suppliers", "paikallinen yritys", "lokala leverantörer", "locally produced", "lähiruoka".
    if (LOCALS.has(t.base)) {
      const actor = qualifiesSupplier(s, i, [LOCALS, NATIONALITIES]);
      if (actor >= 0) yield { rule: 'local', phrase: s.phrase(i, actor) };
    }
    if (LOCAL_ADVERBS.has(t.base)) {
      const next = s.contentAfter(i);
      if (next >= 0 && (SEAT_VERBS.has(tokens[next].base) || s.actorAt(next))) yield { rule: 'local', phrase: s.phrase(i, next) };
    }
    if (LOCAL_COMPOUNDS.has(t.base) || t.parts.some((p) => LOCAL_COMPOUNDS.has(p))) yield { rule: 'local', phrase: t.raw };
    if (LOCAL_AREAS.has(t.base) || (t.base === 'local' && ['area', 'region'].includes(tokens[i + 1]?.base ?? ''))) {
      const tie = tiedToSupplier(s, i, i, seats) ?? (s.actorAt(i + 1) ? i + 1 : null);
      if (tie !== null) yield { rule: 'local', phrase: s.span(tie, i) };
    }
    // Unnamed areas: "in the same municipality", "samassa kunnassa", "i kommunen".
    const area = genericArea(tokens, i);
    if (area >= 0) {
      const tie = tiedToSupplier(s, i, area, seats);
      if (tie !== null) yield { rule: 'place', phrase: s.span(tie, i, area) };
    }
    // Country of origin, when it is scored or preferred.
    if ((ORIGIN_COUNTRY.has(t.base) || (t.base === 'country' && tokens[i + 1]?.base === 'of' && tokens[i + 2]?.base === 'origin')) && s.prefers) {
      yield { rule: 'place', phrase: s.phrase(i, ORIGIN_COUNTRY.has(t.base) ? i : i + 2) };
    }
    // Distance: "within 50 km", "enintään 30 km:n etäisyydellä", "inom 20 km".
    if (/^\d+(?:[.,]\d+)?$/.test(t.base) && DISTANCE_UNITS.has(tokens[i + 1]?.base ?? '')) {
      const tie = distanceTie(s, i, seats);
      if (tie !== null) yield { rule: 'distance', phrase: s.span(tie, i + 1) };
    } else if (/^\d+km$/.test(t.base)) {
      const tie = distanceTie(s, i, seats);
      if (tie !== null) yield { rule: 'distance', phrase: s.span(tie, i) };
    }
  }

  // Named places: "suppliers located in Vantaa", "kotipaikka Helsingissä", "säte i Sverige", "Helsinki-based companies".
  for (const place of s.places) {
    // "Vantaan yritykset", "Espoo companies": a place naming suppliers, unless it names the buyer ("Oulun kaupungin henkilöstö").
    const naming = tokens.slice(place.start, place.end + 1).some((t) => BUYERS.has(t.base));
    if (place.attributive && !naming && s.actorAt(place.end + 1)) {
      yield { rule: 'place', phrase: s.phrase(place.start, place.end + 1) };
      continue;
    }
    if (place.attributive && attributiveUse(s, place)) continue;
    const tie = tiedToSupplier(s, place.start, place.end, seats);
    if (tie !== null) yield { rule: 'place', phrase: s.span(tie, place.start, place.end) };
  }
}

/** A bare or genitive name followed by a common noun names whose the noun is: "Espoo city hall", "Kuopion torista". */
function attributiveUse(s: Sentence, place: PlaceSpan): boolean {
  const next = s.tokens[place.end + 1];
  if (!next || next.capital) return false;
  return !(
    FUNCTION_WORDS.has(next.base) ||
    RESTRICTIONS.has(next.base) ||
    SEAT_VERBS.has(next.base) ||
    CONJUNCTIONS.has(next.base) ||
    IN.has(next.base) ||
    DISTANCE_WORDS.has(next.base) ||
    ['receive', 'receives', 'get', 'gets', 'qualify', 'may', 'will', 'are', 'is'].includes(next.base)
  );
}

/** Index of the seat word or supplier that ties the span [from, to] to a supplier, or null. */
function tiedToSupplier(s: Sentence, from: number, to: number, seats: number[]): number | null {
  const near = seats.find((k) => (k < from && from - k <= 6) || (k > to && k - to <= 6) || (k >= from && k <= to));
  if (near !== undefined) return near;
  // "suppliers from Ostrobothnia", "företag från Österbotten", "leverantörer i närområdet".
  let p = from - 1;
  while (p >= 0 && ARTICLES.has(s.tokens[p].base)) p--;
  if (p >= 1 && (FROM.has(s.tokens[p].base) || IN.has(s.tokens[p].base)) && s.actorAt(p - 1)) return p - 1;
  // "Helsinki-based companies": a place and a seat verb in one word.
  const word = s.tokens[from];
  if (from === to && word.parts.length > 1 && word.parts.slice(1).some((part) => SEAT_VERBS.has(part)) && s.actorAt(s.contentAfter(from)))
    return s.contentAfter(from);
  return null;
}

/** The seat word or supplier a distance limit applies to: "toimipisteen on sijaittava 30 km:n …", "suppliers must be within a 40 km radius". */
function distanceTie(s: Sentence, number: number, seats: number[]): number | null {
  const seat = seats.find((k) => k < number && number - k <= 8);
  if (seat !== undefined) return seat;
  for (let j = number - 1; j >= 0 && j >= number - 6; j--) {
    const t = s.tokens[j];
    if (DISTANCE_WORDS.has(t.base) || FUNCTION_WORDS.has(t.base) || SEAT_VERBS.has(t.base)) continue;
    return s.actorAt(j) || SEATS.has(t.base) ? j : null;
  }
  return null;
}

/** Index of the last word of an unnamed area starting at `i` ("same municipality", "kommunen"), or -1. */
function genericArea(tokens: Token[], i: number): number {
  if (GENERIC_AREA_WORDS.has(tokens[i].base)) return i;
  for (const rest of GENERIC_AREAS[tokens[i].base] ?? []) {
    if (rest.every((word, k) => tokens[i + 1 + k]?.base === word)) return i + rest.length;
  }
  return -1;
}

// ------------------------------------------------------------------ the API

function find(texts: Array<string | null | undefined>, restrictive: boolean): LocalOriginFinding[] {
  const findings: LocalOriginFinding[] = [];
  for (const text of texts) {
    if (!text) continue;
    for (const part of sentences(text)) {
      const tokens = tokenize(part.text, part.offset);
      if (tokens.length === 0) continue;
      for (const finding of findingsIn(new Sentence(text, tokens), restrictive)) {
        if (!findings.some((f) => f.rule === finding.rule && f.phrase === finding.phrase)) findings.push(finding);
      }
    }
  }
  return findings;
}

/**
 * Every origin preference in the texts of a criterion, in the order found. A criterion restricts or
 * favours by its nature (a selection criterion is a requirement, an award criterion a preference),
 * so "The tenderer is located within 30 km" needs no "must" to be refused.
 */
export function findLocalOriginPreferences(...texts: Array<string | null | undefined>): LocalOriginFinding[] {
  return find(texts, true);
}

/** The first origin preference in the texts of a criterion, or null. */
export function findLocalOriginPreference(...texts: Array<string | null | undefined>): LocalOriginFinding | null {
  return find(texts, true)[0] ?? null;
}

/**
 * The first origin restriction in a text that may only ask (a questionnaire question, an option):
 * refused only where its own words restrict or favour ("only", "must", "lisäpisteitä", "ska"), so
 * "Onko yrityksenne kotipaikka Vantaalla?" passes.
 */
export function findLocalOriginRestriction(...texts: Array<string | null | undefined>): LocalOriginFinding | null {
  return find(texts, false)[0] ?? null;
}
