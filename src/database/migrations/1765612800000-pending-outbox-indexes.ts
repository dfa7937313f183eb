import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dispatcher's indexes hold only what is still to be handed on (issue 16, session 15).
 *
 * The dispatcher reads pending events only: the oldest ones, and on PostgreSQL, for each of them,
 * whether its plan has an older pending one. Both used indexes over every event ever written:
 * - `(status, position)`: marking an event dispatched moved its entry to the 'dispatched' end of the
 *   index, where no query reads it. Until cleaned, the old 'pending' entry still had to be stepped
 *   over by every claim.
 * - `(plan_id, position)`, PostgreSQL only: the check for an older pending event read the plan's
 *   whole history, dispatched events included.
 * On the PostgreSQL bench (2,000 plans, 854 transitions a second, paced), the claim ran 4 to 10 ms
 * on the server, pass after pass (`log_min_duration_statement`).
 *
 * Now both are partial indexes over `status = 'pending'`: an event enters them when it is written and
 * leaves them when it is dispatched, so each holds the few events still waiting. Marking an event
 * dispatched adds no entry to either. The claim names the status as a literal, which is what lets
 * either database use an index whose predicate it implies (a bound parameter would not).
 */
export class PendingOutboxIndexes1765612800000 implements MigrationInterface {
  name = 'PendingOutboxIndexes1765612800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.query('DROP INDEX "ix_outbox_status_position"');
    await queryRunner.query(`CREATE INDEX "ix_outbox_pending" ON "outbox_events" ("position") WHERE status = 'pending'`);
    if (postgres) {
      await queryRunner.query('DROP INDEX "ix_outbox_plan_position"');
      await queryRunner.query(`CREATE INDEX "ix_outbox_plan_pending" ON "outbox_events" ("plan_id", "position") WHERE status = 'pending'`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    if (postgres) {
      await queryRunner.query('DROP INDEX "ix_outbox_plan_pending"');
      await queryRunner.query('CREATE INDEX "ix_outbox_plan_position" ON "outbox_events" ("plan_id", "position")');
    }
    await queryRunner.query('DROP INDEX "ix_outbox_pending"');
    await queryRunner.query('CREATE INDEX "ix_outbox_status_position" ON "outbox_events" ("status", "position")');
  }
}
