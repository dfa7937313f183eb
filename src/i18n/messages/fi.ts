import type { Catalogue } from '../catalogue';
import { errorsFi } from './errors.fi';
import { mailFi } from './mail.fi';
import { fieldsFi } from './fields.fi';
import { templatesFi } from './templates.fi';
import { workflowsFi } from './workflows.fi';

/** Suomi: hankintalain termit, ks. docs/glossary.md. */
export const fi: Catalogue = { 'language.name': 'suomi', ...errorsFi, ...workflowsFi, ...templatesFi, ...fieldsFi, ...mailFi };
