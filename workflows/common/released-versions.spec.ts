import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowRegistry } from '../registry';
import { describeVersion } from './describe-version';
import { REQUIREMENTS } from './requirements';
import type { Requirement, WorkflowDefinition } from './types';

/**
 * Released workflow versions are frozen: each has a golden description in the repository, and a
 * change of shared code (events, requirements, actions, stages) that alters a released version fails
 * here. A new version is a new file beside the old one (docs/workflows/evolving.md).
 * `UPDATE_GOLDEN=1 npm test -- released-versions` writes the golden copy of a version that has none.
 */
const registry = new WorkflowRegistry();
const goldenPath = (id: string, version: number) => join(process.cwd(), 'workflows', id, `v${version}.golden.json`);

describe('Released workflow versions', () => {
  it.each(registry.list().map((def) => [`${def.id}@${def.version}`, def] as const))('%s matches its golden description', (_key, def) => {
    const path = goldenPath(def.id, def.version);
    const described = JSON.parse(JSON.stringify(describeVersion(def))) as unknown;
    if (!existsSync(path) && process.env.UPDATE_GOLDEN === '1') writeFileSync(path, `${JSON.stringify(described, null, 2)}\n`);
    expect(existsSync(path)).toBe(true);
    expect(described).toEqual(JSON.parse(readFileSync(path, 'utf8')));
  });

  it('fails on a deliberate change of shared code: an event schema, a requirement check, a tag', () => {
    const def = registry.get('digigreen-planning', 1)!;
    const golden = JSON.parse(readFileSync(goldenPath(def.id, def.version), 'utf8')) as ReturnType<typeof describeVersion>;
    const described = (d: typeof def) => JSON.parse(JSON.stringify(describeVersion(d))) as unknown;
    expect(described(def)).toEqual(golden);

    // events.ts: a field of RECORD_NEEDS made mandatory.
    const spec = def.events.RECORD_NEEDS;
    const changedSchema: WorkflowDefinition = {
      ...def,
      events: { ...def.events, RECORD_NEEDS: { ...spec, payload: { ...spec.payload, required: [...(spec.payload.required ?? []), 'rationale'] } } },
    };
    expect(described(changedSchema)).not.toEqual(golden);

    // requirements.ts: the check behind a requirement the version uses.
    const requirements = REQUIREMENTS as Map<string, Requirement>;
    const original = requirements.get('needs.rationale')!;
    requirements.set('needs.rationale', { ...original, check: (f) => f.needs.rationaleGiven && f.needs.described });
    try {
      expect(described(def)).not.toEqual(golden);
    } finally {
      requirements.set('needs.rationale', original);
    }
    expect(described(def)).toEqual(golden);

    // shared-stages.ts: a tag added to a stage.
    const retagged = describeVersion(def);
    retagged.stages[0].tags.push('deliberately.added');
    expect(JSON.parse(JSON.stringify(retagged))).not.toEqual(golden);
  });
});
