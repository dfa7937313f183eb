import { readFileSync } from 'node:fs';
import { e1MappingTable } from './e1-terms';

describe('docs/notices.md', () => {
  it('shows the mapping from plan to business terms exactly as the E1 notice applies it', () => {
    const page = readFileSync('docs/notices.md', 'utf8');
    const table = /<!-- e1-mapping:start -->\n([\s\S]*?)\n<!-- e1-mapping:end -->/.exec(page)?.[1];
    expect(table).toBe(e1MappingTable());
  });
});
