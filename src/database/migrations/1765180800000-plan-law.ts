import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Law as code (issue 13): a plan's contract type (which thresholds apply to it), its team, and the
 * organisation's profile (whether it is a central government authority). Existing plans get the
 * contract type their CPV code implies (the same rule as `inferContractType`) and an empty team: their
 * creator, the owner, is the team.
 */
export class PlanLaw1765180800000 implements MigrationInterface {
  name = 'PlanLaw1765180800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.addColumns('procurement_plans', [
      new TableColumn({ name: 'contract_type', type: 'varchar', length: '40', isNullable: false, default: "'supplies'" }),
      new TableColumn({ name: 'team_members', type: 'text', isNullable: false, default: "'[]'" }),
    ]);
    // CPV division 45 is works, 85 health and social work services, 50 and above services, the rest supplies.
    await queryRunner.query(`UPDATE procurement_plans SET contract_type = CASE
        WHEN substr(cpv_code, 1, 2) = '45' THEN 'works'
        WHEN substr(cpv_code, 1, 2) = '85' THEN 'socialAndHealthServices'
        WHEN substr(cpv_code, 1, 2) >= '50' THEN 'services'
        ELSE 'supplies' END`);
    await queryRunner.createTable(
      new Table({
        name: 'organisation_profiles',
        columns: [
          { name: 'organisation_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'authority_kind', type: 'varchar', length: '30', isNullable: false },
          { name: 'version', type: 'integer', isNullable: false },
          { name: 'updated_at', type: timestamp, isNullable: false },
          { name: 'updated_by', type: 'varchar', length: '200', isNullable: false },
        ],
      }),
    );
    await queryRunner.createIndex('procurement_plans', new TableIndex({ name: 'idx_plans_org_contract_type', columnNames: ['organisation_id', 'contract_type'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('procurement_plans', 'idx_plans_org_contract_type');
    await queryRunner.dropTable('organisation_profiles');
    await queryRunner.dropColumn('procurement_plans', 'team_members');
    await queryRunner.dropColumn('procurement_plans', 'contract_type');
  }
}
