import { ERROR_CODES } from '../common/error-codes';
import { CATALOGUES, translate } from './catalogue';
import { placeholdersOf } from './format';
import { LANGUAGES } from './language';

const english = CATALOGUES.en;
const keys = Object.keys(english).sort();

/** An example value for each placeholder of the English text, recognisable in the rendered one. */
const exampleParams = (key: string) => Object.fromEntries(placeholdersOf(english[key]).map((name) => [name, `«${name}»`]));

describe('catalogues', () => {
  it.each(LANGUAGES)('%s has every key of the English catalogue and no other', (language) => {
    const present = Object.keys(CATALOGUES[language]).sort();
    expect({ missing: keys.filter((k) => !(k in CATALOGUES[language])), extra: present.filter((k) => !(k in english)) }).toEqual({ missing: [], extra: [] });
  });

  it.each(LANGUAGES)('%s has no empty message', (language) => {
    expect(keys.filter((k) => !CATALOGUES[language][k]?.trim())).toEqual([]);
  });

  it.each(LANGUAGES)('%s uses exactly the placeholders of the English text in every message', (language) => {
    const differing = keys
      .map((key) => ({
        key,
        en: [...new Set(placeholdersOf(english[key]))].sort(),
        [language]: [...new Set(placeholdersOf(CATALOGUES[language][key] ?? ''))].sort(),
      }))
      .filter((row) => JSON.stringify(row.en) !== JSON.stringify(row[language]));
    expect(differing).toEqual([]);
  });

  it.each(LANGUAGES)('%s renders every message with example params, each value in its place and no placeholder left', (language) => {
    const failures: string[] = [];
    for (const key of keys) {
      const params = exampleParams(key);
      let text: string;
      try {
        text = translate(key, params, language);
      } catch (err) {
        failures.push(`${key}: ${(err as Error).message}`);
        continue;
      }
      if (/\{[A-Za-z][A-Za-z0-9]*\}/.test(text)) failures.push(`${key}: a placeholder is left in "${text}"`);
      for (const value of Object.values(params)) if (!text.includes(value)) failures.push(`${key}: ${value} is not shown`);
    }
    expect(failures).toEqual([]);
  });

  it('has a message for every error code, and every error code has a status and a meaning', () => {
    for (const [code, { status, meaning }] of Object.entries(ERROR_CODES)) {
      expect({ code, message: typeof english[code] }).toEqual({ code, message: 'string' });
      expect({ code, status: status >= 400 && status < 600, meaning: meaning.length > 0 }).toEqual({ code, status: true, meaning: true });
    }
  });

  it('names error codes in dotted camelCase', () => {
    expect(Object.keys(ERROR_CODES).filter((code) => !/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/.test(code))).toEqual([]);
  });
});
