import { CRITERION_TEMPLATES, TEMPLATE_TEXT_FIELDS, templateMessageKey } from '../../criteria/criterion-templates';
import type { Catalogue } from '../catalogue';

/**
 * Criterion templates: title, text, verification and subject link of each, under template.<id>.<field>.
 * The English texts have one source, the templates themselves (src/criteria/criterion-templates.ts).
 */
export const templatesEn: Catalogue = Object.fromEntries(
  CRITERION_TEMPLATES.flatMap((template) =>
    TEMPLATE_TEXT_FIELDS.flatMap((field) => {
      const value = template[field];
      return value === undefined ? [] : [[templateMessageKey(template.id, field), value] as const];
    }),
  ),
);
