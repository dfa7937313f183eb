import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Lets suppliers find the plans whose market dialogue is open to them. */
export class SupplierDiscovery1764835200000 implements MigrationInterface {
  name = 'SupplierDiscovery1764835200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'procurement_plans',
      new TableColumn({
        name: 'open_to_suppliers_at',
        type: queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime',
        isNullable: true,
      }),
    );
    await queryRunner.createIndex('procurement_plans', new TableIndex({ name: 'idx_plans_open_to_suppliers', columnNames: ['open_to_suppliers_at', 'id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('procurement_plans', 'idx_plans_open_to_suppliers');
    await queryRunner.dropColumn('procurement_plans', 'open_to_suppliers_at');
  }
}
