import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/** Durable timers and the market dialogue's tables. */
export class DialogueAndTimers1764576000000 implements MigrationInterface {
  name = 'DialogueAndTimers1764576000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', ...(name === 'id' ? { isPrimary: true } : {}) });
    const planFk = { columnNames: ['plan_id'], referencedTableName: 'procurement_plans', referencedColumnNames: ['id'] };
    const roundFk = { columnNames: ['round_id'], referencedTableName: 'dialogue_rounds', referencedColumnNames: ['id'] };
    const text = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'text', isNullable });
    const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
    const at = (name: string, isNullable = false): TableColumnOptions => ({ name, type: timestamp, isNullable });

    await queryRunner.createTable(
      new Table({
        name: 'timers',
        columns: [
          id(),
          id('plan_id'),
          varchar('key', 200),
          varchar('event_type', 100),
          text('payload'),
          at('due_at'),
          varchar('status', 20),
          { name: 'attempts', type: 'integer' },
          at('scheduled_at'),
          at('settled_at', true),
          text('outcome', true),
        ],
        foreignKeys: [planFk],
        indices: [
          new TableIndex({ name: 'idx_timers_due', columnNames: ['status', 'due_at'] }),
          new TableIndex({ name: 'idx_timers_plan_key', columnNames: ['plan_id', 'key', 'status'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'supplier_registrations',
        columns: [
          id(),
          id('plan_id'),
          varchar('business_id', 200),
          varchar('name', 300),
          varchar('contact_name', 200),
          varchar('contact_email', 320),
          varchar('contact_phone', 50, true),
          { name: 'sme', type: 'boolean' },
          varchar('author_hash', 40),
          at('registered_at'),
          varchar('registered_by', 200),
        ],
        foreignKeys: [planFk],
        uniques: [{ name: 'uq_registration_plan_business', columnNames: ['plan_id', 'business_id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'dialogue_rounds',
        columns: [
          id(),
          id('plan_id'),
          varchar('type', 30),
          varchar('title', 300),
          text('description'),
          at('opens_at'),
          at('questions_until'),
          at('clarifications_until'),
          at('closes_at'),
          text('questionnaire'),
          text('draft_items'),
          at('created_at'),
          varchar('created_by', 200),
        ],
        foreignKeys: [planFk],
        indices: [new TableIndex({ name: 'idx_rounds_plan', columnNames: ['plan_id', 'opens_at'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'supplier_responses',
        columns: [
          id(),
          id('round_id'),
          id('plan_id'),
          varchar('business_id', 200),
          { name: 'version', type: 'integer' },
          text('answers'),
          at('submitted_at'),
          varchar('submitted_by', 200),
        ],
        foreignKeys: [planFk, roundFk],
        uniques: [{ name: 'uq_response_version', columnNames: ['round_id', 'business_id', 'version'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'enquiry_answers',
        columns: [id(), id('round_id'), id('plan_id'), varchar('kind', 20), text('text'), at('published_at'), varchar('published_by', 200)],
        foreignKeys: [planFk, roundFk],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'enquiries',
        columns: [
          id(),
          id('round_id'),
          id('plan_id'),
          varchar('business_id', 200),
          varchar('author_hash', 40),
          text('question'),
          at('asked_at'),
          { ...id('answer_id'), isNullable: true },
        ],
        foreignKeys: [planFk, roundFk, { columnNames: ['answer_id'], referencedTableName: 'enquiry_answers', referencedColumnNames: ['id'] }],
        indices: [new TableIndex({ name: 'idx_enquiries_plan_answer', columnNames: ['plan_id', 'answer_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'draft_comments',
        columns: [
          id(),
          id('round_id'),
          id('plan_id'),
          varchar('business_id', 200),
          varchar('item_id', 100),
          text('comment'),
          varchar('confidentiality', 20),
          text('rationale', true),
          at('submitted_at'),
        ],
        foreignKeys: [planFk, roundFk],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'meetings',
        columns: [
          id(),
          id('round_id'),
          id('plan_id'),
          varchar('business_id', 200),
          at('proposed_at'),
          { name: 'duration_minutes', type: 'integer' },
          at('offered_at'),
          varchar('offered_by', 200),
          at('held_at', true),
          text('minutes', true),
          text('shared_material'),
        ],
        foreignKeys: [planFk, roundFk],
        uniques: [{ name: 'uq_meeting_round_business', columnNames: ['round_id', 'business_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'meetings',
      'draft_comments',
      'enquiries',
      'enquiry_answers',
      'supplier_responses',
      'dialogue_rounds',
      'supplier_registrations',
      'timers',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
