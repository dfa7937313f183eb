import type { Catalogue } from '../catalogue';
import { errorsEn } from './errors.en';
import { mailEn } from './mail.en';
import { fieldsEn } from './fields.en';
import { templatesEn } from './templates.en';
import { workflowsEn } from './workflows.en';

/** English: the source of every message key. Keep the terms of docs/glossary.md. */
export const en: Catalogue = { 'language.name': 'English', ...errorsEn, ...workflowsEn, ...templatesEn, ...fieldsEn, ...mailEn };
