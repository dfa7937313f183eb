import { Column, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The columns every line of a hash chain has, a plan's or an organisation's: TypeORM gives each
 * entity that extends this class its own table with these columns.
 */
export abstract class ChainEventColumns {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 100 })
  type!: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 200 })
  actorId!: string;

  @Column({ name: 'actor_name', type: 'varchar', length: 200 })
  actorName!: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 20 })
  actorRole!: string;

  /** Stored as the exact JSON text that was hashed. */
  @Column({ type: 'text' })
  payload!: string;

  /** The stored records this event wrote, each with the keyed digest of its row (null: deleted), as JSON text. */
  @Column({ type: 'text', default: '[]' })
  records!: string;

  @Column({ name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
