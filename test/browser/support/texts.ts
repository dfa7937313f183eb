import { CATALOGUES, interpolate } from '../../../web/src/i18n/catalogues';

export type Language = 'fi' | 'sv' | 'en';

/**
 * The console's own texts in one language, read from its catalogues: the journeys find controls by
 * the names a person reads, in the language the test runs in, without repeating a word of them.
 */
export function consoleTexts(language: Language) {
  const catalogue: Record<string, string> = CATALOGUES[language];
  const text = (key: string, params: Record<string, string | number> = {}) => {
    const value = catalogue[key];
    if (value === undefined) throw new Error(`No console text ${key}`);
    return interpolate(value, params);
  };
  /** A text with its placeholders as wildcards, for messages that carry a time or an id. */
  const pattern = (key: string, params: Record<string, string | number> = {}) => {
    const escaped = text(key, params).replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    return new RegExp(escaped.replace(/\{\w+\}/g, '.*'));
  };
  return { text, pattern };
}
