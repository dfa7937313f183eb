import { readFileSync } from 'node:fs';
import { THRESHOLDS } from '../thresholds/thresholds';
import { renderThresholdDoc, THRESHOLD_DOC_PATH } from './render-threshold-doc';

describe('docs/thresholds.md', () => {
  it('lists every threshold exactly as the data has it (run `npm run docs:workflows` after changing it)', () => {
    expect(readFileSync(THRESHOLD_DOC_PATH, 'utf8')).toBe(renderThresholdDoc());
  });

  it('has one row a threshold, each with its source', () => {
    const rows = renderThresholdDoc()
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    expect(rows).toHaveLength(THRESHOLDS.length);
    for (const t of THRESHOLDS) expect(rows.some((row) => row.includes(t.source))).toBe(true);
  });
});
