import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Plans and their audit trail. Written with the Table API so one migration serves SQLite and PostgreSQL. */
export class InitialSchema1764489600000 implements MigrationInterface {
  name = 'InitialSchema1764489600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const isPostgres = queryRunner.connection.options.type === 'postgres';
    const timestamp = isPostgres ? 'timestamptz' : 'datetime';

    await queryRunner.createTable(
      new Table({
        name: 'procurement_plans',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'ocid', type: 'varchar', length: '100', isUnique: true },
          { name: 'title', type: 'varchar', length: '300' },
          { name: 'description', type: 'text' },
          { name: 'cpv_code', type: 'varchar', length: '10' },
          { name: 'budget_amount', type: 'decimal', precision: 18, scale: 2 },
          { name: 'budget_currency', type: 'varchar', length: '3' },
          { name: 'rationale', type: 'text', isNullable: true },
          { name: 'organisation_id', type: 'varchar', length: '100' },
          { name: 'owner_id', type: 'varchar', length: '200' },
          { name: 'owner_name', type: 'varchar', length: '200' },
          { name: 'workflow_id', type: 'varchar', length: '100' },
          { name: 'workflow_version', type: 'integer' },
          { name: 'stage', type: 'varchar', length: '50' },
          { name: 'snapshot', type: 'text' },
          { name: 'version', type: 'integer' },
          { name: 'audit_head_hash', type: 'varchar', length: '64' },
          { name: 'stage_entered_at', type: timestamp },
          { name: 'last_event_at', type: timestamp },
          { name: 'next_deadline_at', type: timestamp, isNullable: true },
          { name: 'created_at', type: timestamp },
          { name: 'updated_at', type: timestamp },
        ],
        indices: [
          new TableIndex({ name: 'idx_plans_org_stage', columnNames: ['organisation_id', 'stage'] }),
          new TableIndex({ name: 'idx_plans_org_created', columnNames: ['organisation_id', 'created_at', 'id'] }),
          new TableIndex({ name: 'idx_plans_created', columnNames: ['created_at', 'id'] }),
          new TableIndex({ name: 'idx_plans_owner', columnNames: ['owner_id'] }),
          new TableIndex({ name: 'idx_plans_workflow', columnNames: ['workflow_id', 'workflow_version'] }),
          new TableIndex({ name: 'idx_plans_last_event', columnNames: ['last_event_at'] }),
          new TableIndex({ name: 'idx_plans_next_deadline', columnNames: ['next_deadline_at'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'plan_id', type: 'varchar', length: '36' },
          { name: 'seq', type: 'integer' },
          { name: 'type', type: 'varchar', length: '100' },
          { name: 'actor_id', type: 'varchar', length: '200' },
          { name: 'actor_name', type: 'varchar', length: '200' },
          { name: 'actor_role', type: 'varchar', length: '20' },
          { name: 'from_stage', type: 'varchar', length: '50', isNullable: true },
          { name: 'to_stage', type: 'varchar', length: '50' },
          { name: 'plan_version', type: 'integer' },
          { name: 'payload', type: 'text' },
          { name: 'occurred_at', type: timestamp },
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
        foreignKeys: [{ columnNames: ['plan_id'], referencedTableName: 'procurement_plans', referencedColumnNames: ['id'] }],
        uniques: [{ name: 'uq_audit_plan_seq', columnNames: ['plan_id', 'seq'] }],
        indices: [new TableIndex({ name: 'idx_audit_occurred', columnNames: ['occurred_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_events');
    await queryRunner.dropTable('procurement_plans');
  }
}
