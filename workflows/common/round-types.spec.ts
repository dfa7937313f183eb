import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowRegistry } from '../registry';
import { ROUND_TYPES } from './context';
import { describeVersion } from './describe-version';
import { DIALOGUE_ROUND_TYPES, roundTypesTaking, type RoundTypeSpec } from './round-types';

const registry = new WorkflowRegistry();

describe('Round types per workflow version', () => {
  it('are declared by every registered version, each offered type with what it takes', () => {
    for (const def of registry.list()) {
      const offered = Object.keys(def.roundTypes);
      expect(offered.filter((type) => !(ROUND_TYPES as readonly string[]).includes(type))).toEqual([]);
      // A version without rounds offers no round type.
      if (!def.events.SCHEDULE_DIALOGUE_ROUND) expect(offered).toEqual([]);
    }
  });

  it('say which types take responses, comments and meetings', () => {
    expect(roundTypesTaking(DIALOGUE_ROUND_TYPES, 'responses')).toEqual(['rfi']);
    expect(roundTypesTaking(DIALOGUE_ROUND_TYPES, 'comments')).toEqual(['draftConsultation']);
    expect(roundTypesTaking(DIALOGUE_ROUND_TYPES, 'meetings')).toEqual(['oneToOne']);
    expect(roundTypesTaking({}, 'meetings')).toEqual([]);
  });

  it('are part of the frozen description: an edit of the shared table fails the golden comparison', () => {
    const def = registry.get('digigreen-planning', 1)!;
    const golden = JSON.parse(readFileSync(join(process.cwd(), 'workflows', def.id, `v${def.version}.golden.json`), 'utf8')) as unknown;
    const described = () => JSON.parse(JSON.stringify(describeVersion(def))) as unknown;
    expect(described()).toEqual(golden);

    const table = DIALOGUE_ROUND_TYPES as Record<string, RoundTypeSpec>;
    const original = table.supplierDay;
    table.supplierDay = { ...original, questionnaire: 'allowed' };
    try {
      expect(described()).not.toEqual(golden);
    } finally {
      table.supplierDay = original;
    }
    expect(described()).toEqual(golden);
  });
});
