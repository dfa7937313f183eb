import { formatMessage, type MessageParams } from './format';
import type { Language } from './language';
import { en } from './messages/en';
import { fi } from './messages/fi';
import { sv } from './messages/sv';

/** One catalogue a language, keyed by stable message codes; English is the source of the keys. */
export type Catalogue = Readonly<Record<string, string>>;

export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { en, fi, sv };

export const hasMessage = (key: string): boolean => key in en;

/**
 * The text of `key` in `language`, its placeholders filled. The completeness test keeps every key in
 * every language; should one still be missing at run time, the English text stands in rather than a
 * code reaching a person.
 */
export function translate(key: string, params: MessageParams, language: Language): string {
  const template = CATALOGUES[language][key] ?? en[key];
  if (template === undefined) throw new Error(`No message "${key}" in the catalogues`);
  return formatMessage(template, params);
}
