import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Criteria, life-cycle cost models and organisations' strategic goals. */
export class CriteriaAndStrategy1764662400000 implements MigrationInterface {
  name = 'CriteriaAndStrategy1764662400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const planFk = { columnNames: ['plan_id'], referencedTableName: 'procurement_plans', referencedColumnNames: ['id'] };

    await queryRunner.createTable(
      new Table({
        name: 'criteria',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'plan_id', type: 'varchar', length: '36' },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'title', type: 'varchar', length: '300' },
          { name: 'text', type: 'text' },
          { name: 'goal_code', type: 'varchar', length: '80', isNullable: true },
          { name: 'verification', type: 'text' },
          { name: 'weight', type: 'decimal', precision: 5, scale: 2, isNullable: true },
          { name: 'subject_link', type: 'text', isNullable: true },
          { name: 'source', type: 'varchar', length: '30' },
          { name: 'source_reference', type: 'text', isNullable: true },
          { name: 'template_id', type: 'varchar', length: '100', isNullable: true },
          { name: 'position', type: 'integer' },
          { name: 'created_at', type: timestamp },
          { name: 'updated_at', type: timestamp },
          { name: 'updated_by', type: 'varchar', length: '200' },
        ],
        foreignKeys: [planFk],
        indices: [
          new TableIndex({ name: 'idx_criteria_plan', columnNames: ['plan_id', 'position'] }),
          new TableIndex({ name: 'idx_criteria_kind_goal', columnNames: ['kind', 'goal_code'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'life_cycle_cost_models',
        columns: [
          { name: 'plan_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'currency', type: 'varchar', length: '3' },
          { name: 'years', type: 'integer' },
          { name: 'discount_rate_percent', type: 'decimal', precision: 6, scale: 3 },
          { name: 'carbon_price_per_tonne', type: 'decimal', precision: 12, scale: 2 },
          { name: 'method', type: 'text' },
          { name: 'tenderer_data', type: 'text' },
          { name: 'options', type: 'text' },
          { name: 'updated_at', type: timestamp },
          { name: 'updated_by', type: 'varchar', length: '200' },
        ],
        foreignKeys: [planFk],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'strategic_goals',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '100' },
          { name: 'title', type: 'varchar', length: '300' },
          { name: 'description', type: 'text' },
          { name: 'goal_codes', type: 'text' },
          { name: 'target_year', type: 'integer', isNullable: true },
          { name: 'created_at', type: timestamp },
          { name: 'created_by', type: 'varchar', length: '200' },
        ],
        indices: [new TableIndex({ name: 'idx_strategic_goals_org', columnNames: ['organisation_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'plan_strategic_goals',
        columns: [
          { name: 'plan_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'goal_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'declared_at', type: timestamp },
          { name: 'declared_by', type: 'varchar', length: '200' },
        ],
        foreignKeys: [planFk, { columnNames: ['goal_id'], referencedTableName: 'strategic_goals', referencedColumnNames: ['id'] }],
        indices: [new TableIndex({ name: 'idx_plan_goals_goal', columnNames: ['goal_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['plan_strategic_goals', 'strategic_goals', 'life_cycle_cost_models', 'criteria']) await queryRunner.dropTable(table);
  }
}
