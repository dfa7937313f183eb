import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The outbound side (decision 0021): the transactional outbox, webhook subscriptions with their
 * deliveries and attempts, e-mail messages, the people the service has seen (for their address and
 * language), reminders as timers of their own kind, and a supplier's language and reminder choice.
 */
export class Outbound1765008000000 implements MigrationInterface {
  name = 'Outbound1765008000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const at = (name: string, nullable = false) => ({ name, type: timestamp, isNullable: nullable });
    const varchar = (name: string, length: number, nullable = false) => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    const text = (name: string, nullable = false) => ({ name, type: 'text', isNullable: nullable });
    const int = (name: string, nullable = false) => ({ name, type: 'integer', isNullable: nullable });

    await queryRunner.createTable(
      new Table({
        name: 'outbox_events',
        columns: [
          { name: 'position', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          varchar('id', 36),
          varchar('plan_id', 36),
          varchar('organisation_id', 100),
          varchar('type', 100),
          text('data'),
          at('occurred_at'),
          varchar('status', 20),
          at('dispatched_at', true),
        ],
        indices: [
          new TableIndex({ name: 'uq_outbox_id', columnNames: ['id'], isUnique: true }),
          new TableIndex({ name: 'ix_outbox_status_position', columnNames: ['status', 'position'] }),
          new TableIndex({ name: 'ix_outbox_plan_position', columnNames: ['plan_id', 'position'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_subscriptions',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('organisation_id', 100),
          varchar('url', 2000),
          text('events'),
          varchar('description', 300, true),
          text('secret'),
          { name: 'enabled', type: 'boolean' },
          text('disabled_reason', true),
          at('disabled_at', true),
          int('version'),
          at('created_at'),
          varchar('created_by', 200),
          at('updated_at'),
        ],
        indices: [new TableIndex({ name: 'ix_webhook_subscriptions_org', columnNames: ['organisation_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          { ...varchar('id', 40), isPrimary: true },
          varchar('subscription_id', 36),
          varchar('event_id', 36),
          int('event_position'),
          varchar('event_type', 100),
          varchar('plan_id', 36),
          varchar('status', 20),
          int('attempts'),
          at('next_attempt_at'),
          at('lease_until', true),
          at('last_attempt_at', true),
          int('last_status', true),
          text('last_error', true),
          at('delivered_at', true),
          at('created_at'),
        ],
        foreignKeys: [{ columnNames: ['subscription_id'], referencedTableName: 'webhook_subscriptions', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [
          new TableIndex({ name: 'uq_webhook_delivery_event', columnNames: ['subscription_id', 'event_id'], isUnique: true }),
          new TableIndex({ name: 'ix_webhook_deliveries_due', columnNames: ['status', 'next_attempt_at'] }),
          new TableIndex({ name: 'ix_webhook_deliveries_order', columnNames: ['subscription_id', 'plan_id', 'status', 'event_position'] }),
          new TableIndex({ name: 'ix_webhook_deliveries_log', columnNames: ['subscription_id', 'created_at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_attempts',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          varchar('delivery_id', 40),
          at('attempted_at'),
          int('status', true),
          text('error', true),
          int('duration_ms'),
        ],
        foreignKeys: [{ columnNames: ['delivery_id'], referencedTableName: 'webhook_deliveries', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [new TableIndex({ name: 'ix_webhook_attempts_delivery', columnNames: ['delivery_id', 'attempted_at'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'mail_messages',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('event_id', 36, true),
          varchar('organisation_id', 100),
          varchar('plan_id', 36, true),
          varchar('kind', 100),
          varchar('recipient', 320),
          varchar('recipient_role', 20),
          varchar('language', 5),
          varchar('subject', 500),
          text('text'),
          text('html'),
          varchar('status', 20),
          int('attempts'),
          at('next_attempt_at'),
          at('lease_until', true),
          text('last_error', true),
          at('sent_at', true),
          at('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'ix_mail_messages_due', columnNames: ['status', 'next_attempt_at'] }),
          new TableIndex({ name: 'uq_mail_event_recipient', columnNames: ['event_id', 'recipient', 'kind'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'people',
        columns: [
          { ...varchar('id', 200), isPrimary: true },
          varchar('organisation_id', 100, true),
          varchar('business_id', 200, true),
          varchar('role', 20),
          varchar('name', 200),
          varchar('email', 320, true),
          varchar('language', 5),
          varchar('chosen_email', 320, true),
          varchar('chosen_language', 5, true),
          { name: 'reminders', type: 'boolean', default: true },
          at('seen_at'),
        ],
        indices: [new TableIndex({ name: 'ix_people_org_role', columnNames: ['organisation_id', 'role'] })],
      }),
    );
    await queryRunner.addColumn('timers', new TableColumn({ name: 'kind', type: 'varchar', length: '20', default: "'workflow'" }));
    await queryRunner.addColumn('supplier_registrations', new TableColumn({ name: 'language', type: 'varchar', length: '5', default: "'fi'" }));
    await queryRunner.addColumn('supplier_registrations', new TableColumn({ name: 'reminders', type: 'boolean', default: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('supplier_registrations', 'reminders');
    await queryRunner.dropColumn('supplier_registrations', 'language');
    await queryRunner.dropColumn('timers', 'kind');
    for (const table of ['people', 'mail_messages', 'webhook_attempts', 'webhook_deliveries', 'webhook_subscriptions', 'outbox_events']) {
      await queryRunner.dropTable(table);
    }
  }
}
