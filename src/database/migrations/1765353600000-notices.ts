import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** eForms notices as issued (issue 14): each version of a plan's E1 notice, its frozen terms and its XML; rows are only inserted. */
export class Notices1765353600000 implements MigrationInterface {
  name = 'Notices1765353600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'notices',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'plan_id', type: 'varchar', length: '36', isNullable: false },
          { name: 'subtype', type: 'varchar', length: '10', isNullable: false },
          { name: 'version', type: 'integer', isNullable: false },
          { name: 'changes_notice_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'answers_deadline', type: timestamp, isNullable: false },
          { name: 'audit_seq', type: 'integer', isNullable: false },
          { name: 'issued_at', type: timestamp, isNullable: false },
          { name: 'issued_by', type: 'varchar', length: '200', isNullable: false },
          { name: 'terms', type: 'text', isNullable: false },
          { name: 'xml', type: 'text', isNullable: false },
        ],
        foreignKeys: [{ columnNames: ['plan_id'], referencedTableName: 'procurement_plans', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createIndex(
      'notices',
      new TableIndex({ name: 'uq_notices_plan_subtype_version', columnNames: ['plan_id', 'subtype', 'version'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('notices', 'uq_notices_plan_subtype_version');
    await queryRunner.dropTable('notices');
  }
}
