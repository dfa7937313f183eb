import { writeFileSync } from 'node:fs';
import { WorkflowRegistry } from '../../workflows/registry';
import { LANGUAGES } from '../i18n/language';
import { renderWorkflowDoc, workflowDocPath } from './render-workflow-doc';

for (const def of new WorkflowRegistry().list()) {
  for (const language of LANGUAGES) {
    writeFileSync(workflowDocPath(def, language), renderWorkflowDoc(def, language));
    process.stdout.write(`wrote ${workflowDocPath(def, language)}\n`);
  }
}
