import { readFileSync } from 'node:fs';
import { ERROR_CODES } from '../common/error-codes';
import { ERROR_DOC_PATH, renderErrorDoc } from './render-error-doc';

describe('docs/errors.md', () => {
  it('lists every error code exactly as the code and the catalogues have it (run `npm run docs:workflows` after changing either)', () => {
    expect(readFileSync(ERROR_DOC_PATH, 'utf8')).toBe(renderErrorDoc());
  });

  it('has one row a code', () => {
    const rows = renderErrorDoc()
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    expect(rows.map((row) => row.split('`')[1])).toEqual(Object.keys(ERROR_CODES));
  });
});
