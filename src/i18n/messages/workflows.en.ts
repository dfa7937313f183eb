import { REQUIREMENTS } from '../../../workflows/common/requirements';
import { MOVE_REFUSALS } from '../../../workflows/common/migration';
import { WorkflowMigrations } from '../../../workflows/migrations';
import { WorkflowRegistry } from '../../../workflows/registry';
import type { Catalogue } from '../catalogue';

/**
 * English workflow texts, read from the workflow definitions themselves (their one source): the
 * requirement each guard judges, stage titles and descriptions, event descriptions. A text shared by
 * workflows has one key (`stage.draft.title`); a workflow or version that says it differently gets
 * its own (`workflow.small-procurement.stage.needsAssessment.description`, `workflow.<id>.v2.…`).
 */
function workflowTexts(): Record<string, string> {
  const texts: Record<string, string> = {};
  /** The most general key still free or already saying the same; the most specific one otherwise. */
  const put = (keys: readonly string[], text: string) => {
    const key = keys.find((k) => texts[k] === undefined || texts[k] === text) ?? keys[keys.length - 1];
    texts[key] = text;
  };
  for (const def of new WorkflowRegistry().list()) {
    const scopes = (path: string) => [path, `workflow.${def.id}.${path}`, `workflow.${def.id}.v${def.version}.${path}`];
    put(scopes('title').slice(1), def.title);
    put(scopes('description').slice(1), def.description);
    for (const stage of def.stages) {
      put(scopes(`stage.${stage.id}.title`), stage.title);
      put(scopes(`stage.${stage.id}.description`), stage.description);
    }
    for (const event of Object.values(def.events)) put(scopes(`event.${event.type}`), event.description);
  }
  for (const [id, requirement] of REQUIREMENTS) texts[`requirement.${id}`] = requirement.message;
  for (const migration of new WorkflowMigrations().list()) {
    texts[`migration.${migration.id}.description`] = migration.description;
    for (const [code, text] of Object.entries(migration.reasons)) texts[`migration.${migration.id}.${code}`] = text;
  }
  for (const [code, text] of Object.entries(MOVE_REFUSALS)) texts[`migration.refusal.${code}`] = text;
  return texts;
}

export const workflowsEn: Catalogue = {
  ...workflowTexts(),
  // Reasons the engine itself gives beside the workflows' requirements.
  'requirement.stage.acceptsEvent': 'The plan is in stage {stage}, which does not take {event}.',
  'requirement.caller.role': 'Only {roles} may send {event}; your role is {role}.',
  'requirement.plan.closedOnlyRationale': 'The plan is closed ({stage}): only its rationale may change.',
  'role.officer': 'procurement officer',
  'role.supplier': 'supplier',
  'role.manager': 'manager',
  'role.admin': 'administrator',
  'role.system': 'the planning engine',
  'doc.workflow.version': 'version {version}',
  'doc.workflow.diagram':
    'The diagram is generated from the machine (`{route}` returns it as `mermaid`; `npm run docs:workflows` rewrites this page); a test fails if this page and the code disagree. Each label names the event and, in brackets, the requirements its guard checks.',
  'doc.workflow.stages': 'Stages',
  'doc.workflow.stage': 'Stage',
  'doc.workflow.meaning': 'Meaning',
  'doc.workflow.final': 'final',
  'doc.workflow.events': 'Events',
  'doc.workflow.event': 'Event',
  'doc.workflow.who': 'Who',
  'doc.workflow.whatItDoes': 'What it does',
  'doc.workflow.requirements': 'Requirements',
  'doc.workflow.requirementsIntro': 'Each is judged on facts the engine computes from stored data; a refused event names the unmet ones in these words.',
  'doc.workflow.id': 'Id',
  'doc.workflow.requirement': 'Requirement',
  'doc.workflow.payloads': 'Event payloads (JSON Schema) and the requirements of each event in each stage are served by `{route}`.',
};
