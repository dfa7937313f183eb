import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Plan changes that PostgreSQL can make in place (issue 16, decision 0028, session 24).
 *
 * PostgreSQL writes an update of a row "in place" (a heap-only tuple: the new version on the same page,
 * no new index entry, the old version reclaimed by the next reader of the page without a VACUUM) only
 * when no indexed column changes. Every transition sets `updated_at`, and two of the plans table's 18
 * indexes held it, so every transition added an entry to all 18 and left a dead row version behind
 * for VACUUM: the table and its indexes grew between vacuums, and after each checkpoint the first
 * change to every index page wrote the whole page to the WAL again.
 *
 * On PostgreSQL the indexes now hold `updated_hour`, the hour `updated_at` falls in (UTC), which
 * changes at most once an hour per plan; `updated_at` stays on the row, exact, and the queries that
 * read the indexes name both (src/engine/last-change.ts). The plans table keeps 15 % of each page
 * free, room for the new version of a row on its own page. SQLite gets the column (the engine keeps
 * it on both drivers) and keeps its indexes.
 */
export class PlanChangeHour1765699200000 implements MigrationInterface {
  name = 'PlanChangeHour1765699200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    // Added, filled from `updated_at`, then required. SQLite adds a required column only with a default
    // (one no row keeps: every row is filled next); it holds times as 'YYYY-MM-DD HH:MM:SS.SSS' in UTC,
    // as TypeORM writes them.
    if (postgres) {
      await queryRunner.query('ALTER TABLE "procurement_plans" ADD COLUMN "updated_hour" timestamptz');
      await queryRunner.query(`UPDATE "procurement_plans" SET "updated_hour" = date_trunc('hour', "updated_at", 'UTC')`);
      await queryRunner.query('ALTER TABLE "procurement_plans" ALTER COLUMN "updated_hour" SET NOT NULL');
    } else {
      await queryRunner.query(`ALTER TABLE "procurement_plans" ADD COLUMN "updated_hour" datetime NOT NULL DEFAULT '1970-01-01 00:00:00.000'`);
      await queryRunner.query(`UPDATE "procurement_plans" SET "updated_hour" = substr("updated_at", 1, 13) || ':00:00.000'`);
    }
    // SQLite rewrites a row and its index entries on every change whatever they hold: it has no
    // in-place updates to gain, and its planner sorts a whole organisation rather than finish an
    // order an index only begins. Its indexes over `updated_at` stay, and its queries read the time alone.
    if (!postgres) return;
    await queryRunner.dropIndex('procurement_plans', 'idx_plans_updated');
    await queryRunner.dropIndex('procurement_plans', 'idx_plans_org_updated');
    await queryRunner.createIndex('procurement_plans', new TableIndex({ name: 'idx_plans_updated_hour', columnNames: ['updated_hour'] }));
    await queryRunner.createIndex(
      'procurement_plans',
      new TableIndex({ name: 'idx_plans_org_updated_hour', columnNames: ['organisation_id', 'updated_hour', 'stage'] }),
    );
    await queryRunner.query('ALTER TABLE "procurement_plans" SET (fillfactor = 85)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('ALTER TABLE "procurement_plans" RESET (fillfactor)');
      await queryRunner.dropIndex('procurement_plans', 'idx_plans_org_updated_hour');
      await queryRunner.dropIndex('procurement_plans', 'idx_plans_updated_hour');
      await queryRunner.createIndex(
        'procurement_plans',
        new TableIndex({ name: 'idx_plans_org_updated', columnNames: ['organisation_id', 'updated_at', 'id', 'stage'] }),
      );
      await queryRunner.createIndex('procurement_plans', new TableIndex({ name: 'idx_plans_updated', columnNames: ['updated_at', 'id'] }));
    }
    await queryRunner.dropColumn('procurement_plans', 'updated_hour');
  }
}
