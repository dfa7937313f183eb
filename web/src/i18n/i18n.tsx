import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LANGUAGES, type Language } from './define';
import { formatters, type Formatters } from './format';
import { auth } from './messages/auth';
import { common } from './messages/common';
import { goals } from './messages/goals';
import { manager } from './messages/manager';
import { officer } from './messages/officer';
import { plan } from './messages/plan';
import { planTools } from './messages/planTools';
import { supplier } from './messages/supplier';

const AREAS = [common, auth, goals, officer, plan, planTools, supplier, manager] as const;
type Area = (typeof AREAS)[number];
type KeysOf<T> = T extends { en: infer E } ? keyof E : never;
export type MessageKey = KeysOf<Area> & string;
export type Params = Record<string, string | number>;

const CATALOGUES = Object.fromEntries(
  LANGUAGES.map((language) => [language, Object.assign({}, ...AREAS.map((area) => area[language])) as Record<MessageKey, string>]),
) as Record<Language, Record<MessageKey, string>>;

/** Fills {name} placeholders; a placeholder without a value stays visible, so a missing one is noticed. */
export function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const STORAGE_KEY = 'ppe.language';

/** The language chosen before, else the browser's first of fi, sv, en, else Finnish. */
export function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.includes(stored as Language)) return stored as Language;
  for (const tag of navigator.languages ?? []) {
    const primary = tag.slice(0, 2).toLowerCase();
    if (LANGUAGES.includes(primary as Language)) return primary as Language;
  }
  return 'fi';
}

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, params?: Params): string;
  format: Formatters;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, onChange }: { children: ReactNode; onChange?: (language: Language) => void }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
    onChange?.(language);
  }, [language, onChange]);
  const value = useMemo<I18n>(() => {
    const catalogue = CATALOGUES[language];
    return { language, setLanguage, t: (key, params) => interpolate(catalogue[key] ?? key, params), format: formatters(language) };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
