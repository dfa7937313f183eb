import { EVENTS } from '../../workflows/common/events';
import { CATALOGUES } from './catalogue';
import { LANGUAGES } from './language';
import { localisePayload } from './workflow-texts';

type Schema = { properties?: Record<string, Schema>; items?: Schema; enum?: unknown[] };

/** Every property name and enum value of the events people send, as forms show them. */
function fieldsOf(schema: Schema, into = { fields: new Set<string>(), options: new Set<string>() }) {
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    into.fields.add(name);
    for (const value of child.enum ?? []) into.options.add(`${name}.${String(value)}`);
    for (const value of child.items?.enum ?? []) into.options.add(`${name}.${String(value)}`);
    fieldsOf(child, into);
    if (child.items) fieldsOf(child.items, into);
  }
  return into;
}

describe('Labels of event payload fields', () => {
  const sent = Object.values(EVENTS).filter((e) => !('internal' in e && e.internal));
  const { fields, options } = sent.reduce((acc, e) => fieldsOf(e.payload as Schema, acc), { fields: new Set<string>(), options: new Set<string>() });

  it.each([...LANGUAGES])('every field and option an officer or manager sends has a label in %s', (language) => {
    const missing = [...[...fields].map((f) => `field.${f}`), ...[...options].map((o) => `option.${o}`)].filter((key) => !CATALOGUES[language][key]);
    expect(missing).toEqual([]);
  });

  it('adds titles and option labels in the reader’s language, and changes no validation keyword', () => {
    const schema = EVENTS.SELECT_PROCEDURE.payload as Record<string, unknown>;
    const fi = localisePayload(schema, 'fi') as { properties: Record<string, Record<string, unknown>>; required: string[] };
    expect(fi.properties.procedure.title).toBe('Hankintamenettely');
    expect(fi.properties.procedure['x-enumTitles']).toContain('Avoin menettely');
    expect(fi.properties.procedure.enum).toEqual((schema.properties as Record<string, { enum: string[] }>).procedure.enum);
    expect(fi.required).toEqual(schema.required);
    const sv = localisePayload(EVENTS.RECORD_SUSTAINABILITY_STRATEGY.payload, 'sv') as {
      properties: { goals: { title: string; items: { properties: { code: { title: string; 'x-enumTitles': string[] } } } } };
    };
    expect(sv.properties.goals.title).toBe('Hållbarhetsmål');
    expect(sv.properties.goals.items.properties.code['x-enumTitles']).toContain('Cirkulär ekonomi');
  });
});
