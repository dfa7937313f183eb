import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Law as code (issue 13): a plan's contract type (which thresholds apply to it), its team, and the
 * organisation's profile (whether it is a central government authority). Existing plans get the
 * contract type their CPV code implies (the profile also holds what notices need: names, business id,
 * legal type, address, contact; issue 14) (the same rule as `inferContractType`) and an empty team: their
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
          { name: 'name_fi', type: 'varchar', length: '300', isNullable: true },
          { name: 'name_sv', type: 'varchar', length: '300', isNullable: true },
          { name: 'name_en', type: 'varchar', length: '300', isNullable: true },
          { name: 'business_id', type: 'varchar', length: '9', isNullable: true },
          { name: 'legal_type', type: 'varchar', length: '30', isNullable: true },
          { name: 'main_activity', type: 'varchar', length: '30', isNullable: true },
          { name: 'street', type: 'varchar', length: '300', isNullable: true },
          { name: 'postal_code', type: 'varchar', length: '20', isNullable: true },
          { name: 'city', type: 'varchar', length: '100', isNullable: true },
          { name: 'country', type: 'varchar', length: '3', isNullable: false, default: "'FIN'" },
          { name: 'nuts', type: 'varchar', length: '10', isNullable: true },
          { name: 'email', type: 'varchar', length: '320', isNullable: true },
          { name: 'phone', type: 'varchar', length: '50', isNullable: true },
          { name: 'website', type: 'varchar', length: '500', isNullable: true },
          { name: 'version', type: 'integer', isNullable: false },
          { name: 'updated_at', type: timestamp, isNullable: false },
          { name: 'updated_by', type: 'varchar', length: '200', isNullable: false },
        ],
      }),
    );
    await queryRunner.createIndex(
      'procurement_plans',
      new TableIndex({ name: 'idx_plans_org_contract_type', columnNames: ['organisation_id', 'contract_type'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('procurement_plans', 'idx_plans_org_contract_type');
    await queryRunner.dropTable('organisation_profiles');
    await queryRunner.dropColumn('procurement_plans', 'team_members');
    await queryRunner.dropColumn('procurement_plans', 'contract_type');
  }
}
