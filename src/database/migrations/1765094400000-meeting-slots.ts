import { randomUUID } from 'node:crypto';
import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Bookable meetings (docs/dialogue.md#one-to-one-meetings): an officer offers slots, each supplier's
 * meeting books one. The unique index on `meetings.slot_id` keeps a slot to one supplier even for two
 * transactions that did not hold the plan row. A meeting offered before slots existed (one proposed
 * time for everyone) becomes a slot of its own at that time, booked by its supplier: it can still be
 * held, moved or declined.
 */
export class MeetingSlots1765094400000 implements MigrationInterface {
  name = 'MeetingSlots1765094400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const timestamp = postgres ? 'timestamptz' : 'datetime';
    const p = (n: number) => (postgres ? `$${n}` : '?');

    await queryRunner.createTable(
      new Table({
        name: 'meeting_slots',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'round_id', type: 'varchar', length: '36' },
          { name: 'plan_id', type: 'varchar', length: '36' },
          { name: 'starts_at', type: timestamp },
          { name: 'duration_minutes', type: 'integer' },
          { name: 'offered_at', type: timestamp },
          { name: 'offered_by', type: 'varchar', length: '200' },
        ],
        foreignKeys: [
          { columnNames: ['plan_id'], referencedTableName: 'procurement_plans', referencedColumnNames: ['id'] },
          { columnNames: ['round_id'], referencedTableName: 'dialogue_rounds', referencedColumnNames: ['id'] },
        ],
        indices: [new TableIndex({ name: 'ix_meeting_slots_round_start', columnNames: ['round_id', 'starts_at'] })],
      }),
    );
    await queryRunner.addColumn('meetings', new TableColumn({ name: 'slot_id', type: 'varchar', length: '36', isNullable: true }));
    await queryRunner.addColumn('meetings', new TableColumn({ name: 'booked_at', type: timestamp, isNullable: true }));
    await queryRunner.addColumn('meetings', new TableColumn({ name: 'declined_at', type: timestamp, isNullable: true }));

    const legacy = (await queryRunner.query('SELECT id, round_id, plan_id, proposed_at, duration_minutes, offered_at, offered_by FROM meetings')) as Array<{
      id: string;
      round_id: string;
      plan_id: string;
      proposed_at: unknown;
      duration_minutes: number;
      offered_at: unknown;
      offered_by: string;
    }>;
    for (const m of legacy) {
      const slotId = randomUUID();
      await queryRunner.query(
        `INSERT INTO meeting_slots (id, round_id, plan_id, starts_at, duration_minutes, offered_at, offered_by) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)})`,
        [slotId, m.round_id, m.plan_id, m.proposed_at, m.duration_minutes, m.offered_at, m.offered_by],
      );
      await queryRunner.query(`UPDATE meetings SET slot_id = ${p(1)}, booked_at = offered_at WHERE id = ${p(2)}`, [slotId, m.id]);
    }
    await queryRunner.dropColumn('meetings', 'proposed_at');
    await queryRunner.createIndex('meetings', new TableIndex({ name: 'uq_meetings_slot', columnNames: ['slot_id'], isUnique: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.dropIndex('meetings', 'uq_meetings_slot');
    await queryRunner.addColumn('meetings', new TableColumn({ name: 'proposed_at', type: timestamp, isNullable: true }));
    await queryRunner.query('UPDATE meetings SET proposed_at = (SELECT starts_at FROM meeting_slots s WHERE s.id = meetings.slot_id)');
    await queryRunner.query('UPDATE meetings SET proposed_at = offered_at WHERE proposed_at IS NULL');
    await queryRunner.dropColumn('meetings', 'declined_at');
    await queryRunner.dropColumn('meetings', 'booked_at');
    await queryRunner.dropColumn('meetings', 'slot_id');
    await queryRunner.dropTable('meeting_slots');
  }
}
