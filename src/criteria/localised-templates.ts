import { translate } from '../i18n/catalogue';
import type { Language } from '../i18n/language';
import { TEMPLATE_TEXT_FIELDS, templateMessageKey, type CriterionTemplate } from './criterion-templates';
import { extended } from '../common/extended';

/**
 * A template with its title, text, verification and subject link in `language`, from the catalogues
 * (`template.<id>.<field>`). The source reference names an official publication and stays as it is.
 */
export function localisedTemplate(template: CriterionTemplate, language: Language): CriterionTemplate {
  const texts: Partial<Record<(typeof TEMPLATE_TEXT_FIELDS)[number], string>> = {};
  for (const field of TEMPLATE_TEXT_FIELDS) {
    if (template[field] !== undefined) texts[field] = translate(templateMessageKey(template.id, field), {}, language);
  }
  return extended(template, texts);
}
