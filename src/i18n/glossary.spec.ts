import { readFileSync } from 'node:fs';
import { CATALOGUES } from './catalogue';

/**
 * The catalogues keep the terms of docs/glossary.md: wherever an English text uses a glossary term,
 * its Finnish and Swedish texts use that row's term (in any inflected form: the stems are compared).
 */

interface Term {
  en: string;
  fi: string;
  sv: string;
}

function glossary(): Term[] {
  return readFileSync('docs/glossary.md', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| English') && !line.startsWith('| ---'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .map(([en, fi, sv]) => ({ en: en.replace(/\s*\(.*\)$/, ''), fi, sv }));
}

/** Finnish and Swedish inflect by ending: a word matches when its stem (the word less its last letters) does. */
const stem = (word: string) => (word.length > 8 ? word.slice(0, -3) : word.length > 4 ? word.slice(0, -2) : word).toLowerCase();
const uses = (text: string, term: string) => term.split(/[\s-]+/).every((word) => text.toLowerCase().includes(stem(word)));
const mentions = (text: string, english: string) => new RegExp(`\\b${english.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}s?\\b`, 'i').test(text);

/**
 * English words the glossary defines that a text uses in another sense, by key: a reviewed list, each
 * with the sense meant. Anything not listed must follow the glossary.
 */
const OTHER_SENSE: Record<string, string[]> = {
  // "tender" as the tendering phase a plan is handed to, not a supplier's offer.
  'stage.readyForTender.title': ['tender'],
  'stage.tenderLinked.title': ['tender'],
  'stage.unsuccessful.description': ['tender'],
  // "the tendering system": the buyer's e-procurement system (hankintajärjestelmä / upphandlingssystem).
  'event.LINK_TENDER': ['tendering'],
  // The legal name of one procedure: neuvottelumenettely / förhandlat förfarande, not the glossary's general word.
  'option.procedure.competitiveProcedureWithNegotiation': ['procedure'],
  // Certificates "cancelled" (retired) on the buyer's behalf; a physical "weight" of waste.
  'template.energy-renewable-electricity.text': ['cancelled'],
  'template.energy-renewable-electricity.verification': ['cancelled'],
  'template.construction-demolition-waste.text': ['weight'],
};

describe('docs/glossary.md', () => {
  const terms = glossary();

  it('lists the core procurement terms in three languages', () => {
    expect(terms.length).toBeGreaterThan(40);
    for (const english of ['market dialogue', 'needs assessment', 'award criteria', 'tenderer', 'clarification question']) {
      expect(terms.map((t) => t.en)).toContain(english);
    }
    expect(terms.find((t) => t.en === 'market dialogue')).toEqual({ en: 'market dialogue', fi: 'markkinavuoropuhelu', sv: 'marknadsdialog' });
  });

  it('is followed by every Finnish and Swedish text of the catalogues', () => {
    // Longest terms first: a text about "award criteria" is judged by that row, not by "criteria".
    const ordered = [...terms].sort((a, b) => b.en.length - a.en.length);
    const departures: string[] = [];
    for (const [key, english] of Object.entries(CATALOGUES.en)) {
      // Placeholders ({stage}), field paths (criteria[].weight:) and routes are values, not words of the text.
      let rest = english.replace(/\{[A-Za-z0-9]+\}/g, ' ').replace(/\S*[/[\].:]\S*/g, ' ');
      for (const term of ordered) {
        if (!mentions(rest, term.en) || OTHER_SENSE[key]?.includes(term.en)) continue;
        rest = rest.replace(new RegExp(`\\b${term.en}s?\\b`, 'gi'), ' ');
        for (const language of ['fi', 'sv'] as const) {
          const text = CATALOGUES[language][key] ?? '';
          if (!uses(text, term[language])) departures.push(`${key} (${language}): "${term.en}" should be "${term[language]}" in: ${text}`);
        }
      }
    }
    expect(departures).toEqual([]);
  });
});
