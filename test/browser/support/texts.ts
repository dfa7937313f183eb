import { auth } from '../../../web/src/i18n/messages/auth';
import { common } from '../../../web/src/i18n/messages/common';
import { manager } from '../../../web/src/i18n/messages/manager';
import { officer } from '../../../web/src/i18n/messages/officer';
import { plan } from '../../../web/src/i18n/messages/plan';
import { planTools } from '../../../web/src/i18n/messages/planTools';
import { supplier } from '../../../web/src/i18n/messages/supplier';

export type Language = 'fi' | 'sv' | 'en';
const AREAS = [common, auth, officer, plan, planTools, supplier, manager];

/**
 * The console's own texts in one language, read from its catalogues: the journeys find controls by
 * the names a person reads, in the language the test runs in, without repeating a word of them.
 */
export function consoleTexts(language: Language) {
  const catalogue: Record<string, string> = Object.assign({}, ...AREAS.map((area) => area[language] as Record<string, string>));
  const text = (key: string, params: Record<string, string | number> = {}) => {
    const value = catalogue[key];
    if (value === undefined) throw new Error(`No console text ${key}`);
    return value.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
  /** A text with its placeholders as wildcards, for messages that carry a time or an id. */
  const pattern = (key: string, params: Record<string, string | number> = {}) => {
    const escaped = text(key, params).replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    return new RegExp(escaped.replace(/\{\w+\}/g, '.*'));
  };
  return { text, pattern };
}
