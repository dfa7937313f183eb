import type { Catalogue } from '../catalogue';
import { errorsSv } from './errors.sv';
import { mailSv } from './mail.sv';
import { fieldsSv } from './fields.sv';
import { templatesSv } from './templates.sv';
import { workflowsSv } from './workflows.sv';

/** Svenska: termerna i den officiella svenska översättningen av upphandlingslagen, se docs/glossary.md. */
export const sv: Catalogue = { 'language.name': 'svenska', ...errorsSv, ...workflowsSv, ...templatesSv, ...fieldsSv, ...mailSv };
