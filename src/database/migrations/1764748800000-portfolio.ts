import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Read models and indexes for the manager views (docs/portfolio.md says which query uses which). */
export class Portfolio1764748800000 implements MigrationInterface {
  name = 'Portfolio1764748800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('procurement_plans', new TableColumn({ name: 'environmental_award_criteria', type: 'integer', default: 0 }));
    await queryRunner.createTable(
      new Table({
        name: 'stage_stay_days',
        columns: [
          { name: 'organisation_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'stage', type: 'varchar', length: '50', isPrimary: true },
          { name: 'days', type: 'integer', isPrimary: true },
          { name: 'stays', type: 'integer' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'plan_goal_codes',
        columns: [
          { name: 'plan_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'goal_code', type: 'varchar', length: '80', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '100' },
          { name: 'active', type: 'boolean' },
        ],
        foreignKeys: [{ columnNames: ['plan_id'], referencedTableName: 'procurement_plans', referencedColumnNames: ['id'] }],
        indices: [new TableIndex({ name: 'idx_goal_codes_org_active', columnNames: ['organisation_id', 'active', 'goal_code'] })],
      }),
    );
    for (const index of [
      new TableIndex({ name: 'idx_plans_org_owner', columnNames: ['organisation_id', 'owner_id', 'owner_name', 'stage'] }),
      new TableIndex({ name: 'idx_plans_org_workflow', columnNames: ['organisation_id', 'workflow_id', 'workflow_version'] }),
      new TableIndex({ name: 'idx_plans_org_stage_entered', columnNames: ['organisation_id', 'stage_entered_at', 'id'] }),
      new TableIndex({ name: 'idx_plans_org_last_event', columnNames: ['organisation_id', 'last_event_at', 'stage'] }),
      new TableIndex({ name: 'idx_plans_org_deadline', columnNames: ['organisation_id', 'next_deadline_at', 'stage'] }),
      new TableIndex({ name: 'idx_plans_org_env_award', columnNames: ['organisation_id', 'environmental_award_criteria', 'stage'] }),
      new TableIndex({ name: 'idx_plans_stage_entered', columnNames: ['stage_entered_at', 'id'] }),
      new TableIndex({ name: 'idx_plans_updated', columnNames: ['updated_at', 'id'] }),
      new TableIndex({ name: 'idx_plans_org_updated', columnNames: ['organisation_id', 'updated_at', 'id'] }),
    ]) {
      await queryRunner.createIndex('procurement_plans', index);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [
      'idx_plans_org_owner',
      'idx_plans_org_workflow',
      'idx_plans_org_stage_entered',
      'idx_plans_org_last_event',
      'idx_plans_org_deadline',
      'idx_plans_org_env_award',
      'idx_plans_stage_entered',
      'idx_plans_updated',
      'idx_plans_org_updated',
    ]) {
      await queryRunner.dropIndex('procurement_plans', name);
    }
    await queryRunner.dropTable('plan_goal_codes');
    await queryRunner.dropTable('stage_stay_days');
    await queryRunner.dropColumn('procurement_plans', 'environmental_award_criteria');
  }
}
