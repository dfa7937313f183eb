import { join } from 'node:path';
import { requirementsFor, toMermaid } from '../../workflows/common/inspect';
import { requirement } from '../../workflows/common/requirements';
import type { WorkflowDefinition } from '../../workflows/common/types';
import { translate } from '../i18n/catalogue';
import type { Language } from '../i18n/language';
import { eventDescription, requirementText, stageDescription, workflowDescription, workflowTitle } from '../i18n/workflow-texts';

/** English at `<id>-v<version>.md`, the other languages beside it (`….fi.md`, `….sv.md`). */
export const workflowDocPath = (def: WorkflowDefinition, language: Language = 'en') =>
  join('docs', 'workflows', `${def.id}-v${def.version}${language === 'en' ? '' : `.${language}`}.md`);

/** The page of one workflow version in docs/workflows, in one language, rendered from the machine itself. */
export function renderWorkflowDoc(def: WorkflowDefinition, language: Language = 'en'): string {
  const route = `GET /workflows/${def.id}/versions/${def.version}`;
  const text = (key: string, params: Record<string, string | number> = {}) => translate(`doc.workflow.${key}`, params, language);
  const ids = new Set<string>();
  for (const stage of def.stages.filter((s) => !s.final)) {
    for (const type of Object.keys(def.events)) for (const id of requirementsFor(def, stage.id, type) ?? []) ids.add(id);
  }
  return [
    `# ${workflowTitle(def, language)} — \`${def.id}\` ${text('version', { version: def.version })}`,
    '',
    workflowDescription(def, language),
    '',
    text('diagram', { route }),
    '',
    '```mermaid',
    toMermaid(def),
    '```',
    '',
    `## ${text('stages')}`,
    '',
    `| ${text('stage')} | ${text('meaning')} |`,
    '| --- | --- |',
    ...def.stages.map((s) => `| \`${s.id}\`${s.final ? ` (${text('final')})` : ''} | ${stageDescription(def, s.id, language)} |`),
    '',
    `## ${text('events')}`,
    '',
    `| ${text('event')} | ${text('who')} | ${text('whatItDoes')} |`,
    '| --- | --- | --- |',
    ...Object.values(def.events).map((e) => `| \`${e.type}\` | ${e.roles.join(', ')} | ${eventDescription(def, e.type, language)} |`),
    '',
    `## ${text('requirements')}`,
    '',
    text('requirementsIntro'),
    '',
    `| ${text('id')} | ${text('requirement')} |`,
    '| --- | --- |',
    ...[...ids].map((id) => `| \`${id}\` | ${requirementText(def, { id, message: requirement(id).message }, language)} |`),
    '',
    text('payloads', { route }),
    '',
  ].join('\n');
}
