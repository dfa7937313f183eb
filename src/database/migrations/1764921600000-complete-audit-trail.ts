import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The trail vouches for every action (decision 0015): the plan's chain length apart from its
 * version, each event's record digests and state digest, and a chain per organisation.
 */
export class CompleteAuditTrail1764921600000 implements MigrationInterface {
  name = 'CompleteAuditTrail1764921600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.addColumn('procurement_plans', new TableColumn({ name: 'audit_seq', type: 'integer', default: 0 }));
    // Until now every event bumped the version, so the chain's length was the version.
    await queryRunner.query('UPDATE procurement_plans SET audit_seq = version');
    await queryRunner.addColumn('audit_events', new TableColumn({ name: 'records', type: 'text', default: "'[]'" }));
    await queryRunner.addColumn('audit_events', new TableColumn({ name: 'state_digest', type: 'varchar', length: '64', default: "''" }));
    await queryRunner.createTable(
      new Table({
        name: 'organisation_chains',
        columns: [
          { name: 'organisation_id', type: 'varchar', length: '100', isPrimary: true },
          { name: 'seq', type: 'integer' },
          { name: 'head_hash', type: 'varchar', length: '64' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'organisation_audit_events',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'organisation_id', type: 'varchar', length: '100' },
          { name: 'seq', type: 'integer' },
          { name: 'type', type: 'varchar', length: '100' },
          { name: 'actor_id', type: 'varchar', length: '200' },
          { name: 'actor_name', type: 'varchar', length: '200' },
          { name: 'actor_role', type: 'varchar', length: '20' },
          { name: 'payload', type: 'text' },
          { name: 'records', type: 'text', default: "'[]'" },
          { name: 'occurred_at', type: timestamp },
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
        indices: [new TableIndex({ name: 'uq_org_audit_seq', columnNames: ['organisation_id', 'seq'], isUnique: true })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('organisation_audit_events');
    await queryRunner.dropTable('organisation_chains');
    await queryRunner.dropColumn('audit_events', 'state_digest');
    await queryRunner.dropColumn('audit_events', 'records');
    await queryRunner.dropColumn('procurement_plans', 'audit_seq');
  }
}
