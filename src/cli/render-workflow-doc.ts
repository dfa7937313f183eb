import { join } from 'node:path';
import { requirementsFor, toMermaid } from '../../workflows/common/inspect';
import { requirement } from '../../workflows/common/requirements';
import type { WorkflowDefinition } from '../../workflows/common/types';

export const workflowDocPath = (def: WorkflowDefinition) => join('docs', 'workflows', `${def.id}-v${def.version}.md`);

/** The page of one workflow version in docs/workflows, rendered from the machine itself. */
export function renderWorkflowDoc(def: WorkflowDefinition): string {
  const route = `GET /workflows/${def.id}/versions/${def.version}`;
  const ids = new Set<string>();
  for (const stage of def.stages.filter((s) => !s.final)) {
    for (const type of Object.keys(def.events)) for (const id of requirementsFor(def, stage.id, type) ?? []) ids.add(id);
  }
  return [
    `# ${def.title} — \`${def.id}\` version ${def.version}`,
    '',
    def.description,
    '',
    `The diagram is generated from the machine (\`${route}\` returns it as \`mermaid\`; \`npm run docs:workflows\` rewrites this page); a test fails if this page and the code disagree. Each label names the event and, in brackets, the requirements its guard checks.`,
    '',
    '```mermaid',
    toMermaid(def),
    '```',
    '',
    '## Stages',
    '',
    '| Stage | Meaning |',
    '| --- | --- |',
    ...def.stages.map((s) => `| \`${s.id}\`${s.final ? ' (final)' : ''} | ${s.description} |`),
    '',
    '## Events',
    '',
    '| Event | Who | What it does |',
    '| --- | --- | --- |',
    ...Object.values(def.events).map((e) => `| \`${e.type}\` | ${e.roles.join(', ')} | ${e.description} |`),
    '',
    '## Requirements',
    '',
    'Each is judged on facts the engine computes from stored data; a refused event names the unmet ones in these words.',
    '',
    '| Id | Requirement |',
    '| --- | --- |',
    ...[...ids].map((id) => `| \`${id}\` | ${requirement(id).message} |`),
    '',
    `Event payloads (JSON Schema) and the requirements of each event in each stage are served by \`${route}\`.`,
    '',
  ].join('\n');
}
