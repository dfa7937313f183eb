import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Fewer index entries rewritten by every change to a plan (issue 16, decision 0028).
 *
 * `last_event_at` and `updated_at` hold the same instant on every plan: every change to a plan is an
 * event on its audit chain, and the engine sets both columns from that event's time in the same
 * UPDATE. Each column had two indexes, so every transition rewrote four index entries for one fact.
 * The portfolio's "stalled" filter now reads `updated_at`, whose indexes the feeds and lists keep
 * anyway; the two `last_event_at` indexes go. The organisation's `updated_at` index gains the stage,
 * so the portfolio's count of stalled active plans is still answered from the index alone.
 */
export class PlanChangeIndexes1765440000000 implements MigrationInterface {
  name = 'PlanChangeIndexes1765440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('procurement_plans', 'idx_plans_last_event');
    await queryRunner.dropIndex('procurement_plans', 'idx_plans_org_last_event');
    await queryRunner.dropIndex('procurement_plans', 'idx_plans_org_updated');
    await queryRunner.createIndex(
      'procurement_plans',
      new TableIndex({ name: 'idx_plans_org_updated', columnNames: ['organisation_id', 'updated_at', 'id', 'stage'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('procurement_plans', 'idx_plans_org_updated');
    await queryRunner.createIndex('procurement_plans', new TableIndex({ name: 'idx_plans_org_updated', columnNames: ['organisation_id', 'updated_at', 'id'] }));
    await queryRunner.createIndex(
      'procurement_plans',
      new TableIndex({ name: 'idx_plans_org_last_event', columnNames: ['organisation_id', 'last_event_at', 'stage'] }),
    );
    await queryRunner.createIndex('procurement_plans', new TableIndex({ name: 'idx_plans_last_event', columnNames: ['last_event_at'] }));
  }
}
