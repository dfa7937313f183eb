import type { WorkflowMigration } from './common/migration';
import { digigreenPlanningV1ToV2 } from './digigreen-planning/migrations/v1-to-v2';

/** Every migration between released versions; like the versions themselves, never edited once released. */
const ALL: readonly WorkflowMigration[] = [digigreenPlanningV1ToV2];

export class WorkflowMigrations {
  constructor(private readonly migrations: readonly WorkflowMigration[] = ALL) {}

  find(workflowId: string, from: number, to: number): WorkflowMigration | undefined {
    return this.migrations.find((m) => m.workflowId === workflowId && m.from === from && m.to === to);
  }

  list(): readonly WorkflowMigration[] {
    return this.migrations;
  }
}
