import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LANGUAGES, type Language } from './define';
import { CATALOGUES, interpolate, type MessageKey, type Params } from './catalogues';
import { formatters, type Formatters } from './format';

export { interpolate, type MessageKey, type Params };

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
