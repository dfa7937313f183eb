import { readFileSync } from 'node:fs';
import { OUTGOING_EVENT_TYPES } from '../outbox/event-catalogue';
import { EVENT_DOC_PATH, renderEventDoc } from './render-event-doc';

describe('docs/events.md', () => {
  it('lists every outgoing event type exactly as the catalogue has it (run `npm run docs:workflows` after changing it)', () => {
    expect(readFileSync(EVENT_DOC_PATH, 'utf8')).toBe(renderEventDoc());
  });

  it('has one row and one schema an event type', () => {
    const doc = renderEventDoc();
    const rows = doc.split('\n').filter((line) => line.startsWith('| [`'));
    expect(rows.map((row) => row.split('`')[1])).toEqual(OUTGOING_EVENT_TYPES);
    for (const type of OUTGOING_EVENT_TYPES) expect(doc).toContain(`### ${type}\n`);
  });
});
