import { readFileSync } from 'node:fs';
import { WorkflowRegistry } from '../../workflows/registry';
import { LANGUAGES } from '../i18n/language';
import { renderWorkflowDoc, workflowDocPath } from './render-workflow-doc';

describe('docs/workflows', () => {
  const pages = new WorkflowRegistry().list().flatMap((def) => LANGUAGES.map((language) => [`${def.id}@${def.version} (${language})`, def, language] as const));
  it.each(pages)('documents %s exactly as the machine is (run `npm run docs:workflows` after changing a workflow)', (_, def, language) => {
    expect(readFileSync(workflowDocPath(def, language), 'utf8')).toBe(renderWorkflowDoc(def, language));
  });
});
