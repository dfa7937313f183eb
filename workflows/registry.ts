import type { WorkflowDefinition } from './common/types';
import { digigreenPlanningV1 } from './digigreen-planning/v1.machine';
import { digigreenPlanningV2 } from './digigreen-planning/v2.machine';
import { smallProcurementV1 } from './small-procurement/v1.machine';

/**
 * Every workflow version ever released. A new version is added beside the old one and never
 * edited in place: stored plans are always restored with the version they started on.
 */
const ALL: readonly WorkflowDefinition[] = [digigreenPlanningV1, digigreenPlanningV2, smallProcurementV1];

export class WorkflowRegistry {
  private readonly byKey = new Map<string, WorkflowDefinition>();

  constructor(definitions: readonly WorkflowDefinition[] = ALL) {
    for (const def of definitions) {
      const key = WorkflowRegistry.key(def.id, def.version);
      if (this.byKey.has(key)) throw new Error(`Workflow ${key} is registered twice`);
      if (def.machine.id !== def.id) throw new Error(`Workflow ${key} has machine id ${def.machine.id}`);
      this.byKey.set(key, def);
    }
  }

  private static key(id: string, version: number): string {
    return `${id}@${version}`;
  }

  get(id: string, version: number): WorkflowDefinition | undefined {
    return this.byKey.get(WorkflowRegistry.key(id, version));
  }

  latest(id: string): WorkflowDefinition | undefined {
    return this.versions(id).at(-1);
  }

  versions(id: string): WorkflowDefinition[] {
    return [...this.byKey.values()].filter((d) => d.id === id).sort((a, b) => a.version - b.version);
  }

  list(): WorkflowDefinition[] {
    return [...this.byKey.values()];
  }
}
