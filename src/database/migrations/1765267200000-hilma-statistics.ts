import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Officers' overrides of the answers to Hilma's statistical questions (docs/notices.md#hilma-statistics):
 * one row a plan, lot and question; the derived answers are computed, never stored.
 */
export class HilmaStatistics1765267200000 implements MigrationInterface {
  name = 'HilmaStatistics1765267200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'hilma_statistics_overrides',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'plan_id', type: 'varchar', length: '36', isNullable: false },
          { name: 'lot_id', type: 'varchar', length: '20', isNullable: false },
          { name: 'question', type: 'varchar', length: '60', isNullable: false },
          { name: 'value', type: 'text', isNullable: false },
          { name: 'reason', type: 'text', isNullable: false },
          { name: 'overridden_by', type: 'varchar', length: '200', isNullable: false },
          { name: 'overridden_by_name', type: 'varchar', length: '200', isNullable: false },
          { name: 'overridden_at', type: timestamp, isNullable: false },
        ],
        foreignKeys: [{ columnNames: ['plan_id'], referencedTableName: 'procurement_plans', referencedColumnNames: ['id'] }],
        indices: [new TableIndex({ name: 'uq_hilma_statistics_question', columnNames: ['plan_id', 'lot_id', 'question'], isUnique: true })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('hilma_statistics_overrides');
  }
}
