import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Fewer index pages written by every event (issue 16, decision 0028, session 12).
 *
 * - `idx_audit_occurred` (audit events by time) has served no query since the first schema: the
 *   trail is read by plan and sequence, checkpoints by plan, the portfolio by plan and stage. Every
 *   event still wrote an entry into it. It goes on both drivers.
 * - `ix_outbox_plan_position` serves PostgreSQL's dispatcher, which skips a plan's later events
 *   while an earlier one is locked by another instance (`NOT EXISTS … plan_id … position`). SQLite
 *   runs one transaction at a time and the dispatcher takes events in commit order by the
 *   `(status, position)` index, so there the index only cost a page at a random place of the tree
 *   per event. It goes on SQLite and stays on PostgreSQL.
 */
export class EventRowIndexes1765526400000 implements MigrationInterface {
  name = 'EventRowIndexes1765526400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('audit_events', 'idx_audit_occurred');
    if (queryRunner.connection.options.type !== 'postgres') await queryRunner.dropIndex('outbox_events', 'ix_outbox_plan_position');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') {
      await queryRunner.createIndex('outbox_events', new TableIndex({ name: 'ix_outbox_plan_position', columnNames: ['plan_id', 'position'] }));
    }
    await queryRunner.createIndex('audit_events', new TableIndex({ name: 'idx_audit_occurred', columnNames: ['occurred_at'] }));
  }
}
