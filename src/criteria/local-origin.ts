/**
 * Phrases that make a criterion favour suppliers or products by where they come from. Such a
 * criterion discriminates under EU law (TFEU art. 18 and 34; Directive 2014/24/EU art. 18(1)), so the
 * service refuses it. The list errs on the side of asking the officer to rephrase: a criterion may
 * still demand short delivery times or low transport emissions, which are not origin.
 */
const ORIGIN_PATTERNS: Array<{ pattern: RegExp; reads: string }> = [
  {
    pattern: /\b(local|locally[- ]based|regional|domestic|national|home[- ]grown)\s+(suppliers?|compan(y|ies)|firms?|businesses|producers?|manufacturers?|contractors?|labou?r|workforce|origin|content|products?|produce)\b/i,
    reads: 'prefers local, regional or national suppliers or products',
  },
  { pattern: /\b(locally|domestically|nationally)\s+(produced|made|grown|manufactured|sourced|owned)\b/i, reads: 'prefers locally made or owned' },
  {
    pattern: /\b(based|located|registered|established|headquartered|situated|resident)\s+(with)?in\s+(the\s+)?(same\s+)?(city|town|municipality|region|county|country|area|province|state)\b/i,
    reads: 'requires the supplier to be based in the area',
  },
  { pattern: /\bwithin\s+\d+\s*(km|kilomet(er|re)s?|miles?)\s+(of|from)\b/i, reads: 'requires the supplier to be within a distance' },
  { pattern: /\b(country|place)\s+of\s+origin\b/i, reads: 'judges the country of origin' },
  { pattern: /\b(kotimai\w*|paikallis\w*\s+(yritys|yrityk|toimittaj|tuottaj)\w*)/i, reads: 'prefers domestic or local (Finnish)' },
  { pattern: /\b(inhemsk\w*|lokala?\s+(leverantör|företag|producent)\w*)/i, reads: 'prefers domestic or local (Swedish)' },
];

/** The first origin preference found in the texts, as a sentence, or null. */
export function findLocalOriginPreference(...texts: Array<string | null | undefined>): string | null {
  for (const text of texts) {
    if (!text) continue;
    for (const { pattern, reads } of ORIGIN_PATTERNS) {
      const match = pattern.exec(text);
      if (match) return `"${match[0]}" ${reads}`;
    }
  }
  return null;
}
