import { writeFileSync } from 'node:fs';
import { WorkflowRegistry } from '../../workflows/registry';
import { renderWorkflowDoc, workflowDocPath } from './render-workflow-doc';

for (const def of new WorkflowRegistry().list()) {
  writeFileSync(workflowDocPath(def), renderWorkflowDoc(def));
  process.stdout.write(`wrote ${workflowDocPath(def)}\n`);
}
