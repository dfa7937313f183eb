import { readFileSync } from 'node:fs';
import { WorkflowRegistry } from '../../workflows/registry';
import { renderWorkflowDoc, workflowDocPath } from './render-workflow-doc';

describe('docs/workflows', () => {
  it.each(new WorkflowRegistry().list().map((def) => [`${def.id}@${def.version}`, def] as const))(
    'documents %s exactly as the machine is (run `npm run docs:workflows` after changing a workflow)',
    (_, def) => {
      expect(readFileSync(workflowDocPath(def), 'utf8')).toBe(renderWorkflowDoc(def));
    },
  );
});
