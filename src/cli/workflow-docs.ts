import { writeFileSync } from 'node:fs';
import { WorkflowRegistry } from '../../workflows/registry';
import { LANGUAGES } from '../i18n/language';
import { ERROR_DOC_PATH, renderErrorDoc } from './render-error-doc';
import { EVENT_DOC_PATH, renderEventDoc } from './render-event-doc';
import { renderThresholdDoc, THRESHOLD_DOC_PATH } from './render-threshold-doc';
import { renderWorkflowDoc, workflowDocPath } from './render-workflow-doc';

for (const def of new WorkflowRegistry().list()) {
  for (const language of LANGUAGES) {
    writeFileSync(workflowDocPath(def, language), renderWorkflowDoc(def, language));
    process.stdout.write(`wrote ${workflowDocPath(def, language)}\n`);
  }
}
writeFileSync(ERROR_DOC_PATH, renderErrorDoc());
process.stdout.write(`wrote ${ERROR_DOC_PATH}\n`);
writeFileSync(EVENT_DOC_PATH, renderEventDoc());
process.stdout.write(`wrote ${EVENT_DOC_PATH}\n`);
writeFileSync(THRESHOLD_DOC_PATH, renderThresholdDoc());
process.stdout.write(`wrote ${THRESHOLD_DOC_PATH}\n`);
