import { CRITERION_TEMPLATES, TEMPLATE_TEXT_FIELDS, templateMessageKey } from '../criteria/criterion-templates';
import { findLocalOriginPreference } from '../criteria/local-origin/index';
import { localisedTemplate } from '../criteria/localised-templates';
import { CATALOGUES } from './catalogue';
import { LANGUAGES } from './language';
import { templatesEn } from './messages/templates.en';
import { templatesFi } from './messages/templates.fi';
import { templatesSv } from './messages/templates.sv';

/** Every (template, field) the templates have a text for. */
const ENTRIES = CRITERION_TEMPLATES.flatMap((template) =>
  TEMPLATE_TEXT_FIELDS.filter((field) => template[field] !== undefined).map((field) => ({ template, field, key: templateMessageKey(template.id, field) })),
);
const TRANSLATIONS = { fi: templatesFi, sv: templatesSv } as const;

/** Texts a translation may leave as in English because they are the same by nature (none today). */
const SAME_BY_NATURE = new Set<string>();

/** Numbers, standards and regulation numbers: what a translation must carry over exactly. */
const figures = (text: string) => (text.match(/\d+(?:[.,/-]\d+)*/g) ?? []).sort();

describe('criterion template texts in the catalogues', () => {
  it('has 16 templates with unique ids', () => {
    expect(CRITERION_TEMPLATES).toHaveLength(16);
    expect(new Set(CRITERION_TEMPLATES.map((t) => t.id)).size).toBe(CRITERION_TEMPLATES.length);
  });

  it('generates the English texts from the templates themselves, one key a field', () => {
    expect(Object.keys(templatesEn).sort()).toEqual(ENTRIES.map((e) => e.key).sort());
    for (const { template, field, key } of ENTRIES) expect(templatesEn[key]).toBe(template[field]);
  });

  it.each(LANGUAGES)('has every field of every template in %s, and no template key the templates lack', (language) => {
    const keys = Object.keys(CATALOGUES[language]).filter((key) => key.startsWith('template.'));
    expect(keys.sort()).toEqual(ENTRIES.map((e) => e.key).sort());
    for (const { key } of ENTRIES) expect(CATALOGUES[language][key]?.trim()).toBeTruthy();
  });

  it.each(Object.keys(TRANSLATIONS) as Array<keyof typeof TRANSLATIONS>)('translates every text into %s rather than copying the English', (language) => {
    const copied = ENTRIES.filter(({ key }) => !SAME_BY_NATURE.has(key) && TRANSLATIONS[language][key] === templatesEn[key]).map((e) => e.key);
    expect(copied).toEqual([]);
  });

  it('has different Finnish and Swedish texts', () => {
    expect(ENTRIES.filter(({ key }) => templatesFi[key] === templatesSv[key]).map((e) => e.key)).toEqual([]);
  });

  it.each(ENTRIES.map((e) => [e.key] as const))('keeps the numbers, units and references of %s', (key) => {
    expect(figures(templatesFi[key])).toEqual(figures(templatesEn[key]));
    expect(figures(templatesSv[key])).toEqual(figures(templatesEn[key]));
  });

  it.each(LANGUAGES)('gives %s texts that the local-origin check accepts (a criterion from a template is never refused)', (language) => {
    for (const template of CRITERION_TEMPLATES) {
      const t = localisedTemplate(template, language);
      expect([t.id, findLocalOriginPreference(t.title, t.text, t.verification, t.subjectLink)]).toEqual([t.id, null]);
    }
  });

  it.each(LANGUAGES)('localises the texts into %s and keeps everything else, the source reference included', (language) => {
    for (const template of CRITERION_TEMPLATES) {
      const t = localisedTemplate(template, language);
      for (const field of TEMPLATE_TEXT_FIELDS) {
        expect(t[field]).toBe(template[field] === undefined ? undefined : CATALOGUES[language][templateMessageKey(template.id, field)]);
      }
      const { title: _t, text: _x, verification: _v, subjectLink: _s, ...rest } = t;
      const { title: _t2, text: _x2, verification: _v2, subjectLink: _s2, ...original } = template;
      expect(rest).toEqual(original);
      expect(t.sourceReference).toBe(template.sourceReference);
    }
  });
});
