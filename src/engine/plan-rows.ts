import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { sql } from '../common/sql';
import { read, write } from '../database/pipeline';
import { ProcurementPlanEntity } from './procurement-plan.entity';

/**
 * The plan row on the engine's hot path as plain SQL (issue 16): one SELECT by id and one UPDATE of
 * the columns that changed, written once per process from the entity's own metadata, its column
 * transformers and the driver's value conversions applied as TypeORM applies them. TypeORM's query
 * builders cost more CPU than the statements themselves on this path.
 */
export class PlanRows {
  private readonly columns: readonly ColumnMetadata[];
  private readonly byProperty: ReadonlyMap<string, ColumnMetadata>;
  private readonly selectById: string;
  /** Plans read with FOR UPDATE, by the query runner whose transaction holds the row lock. */
  private readonly lockedBy = new WeakMap<ProcurementPlanEntity, QueryRunner>();

  constructor(private readonly dataSource: DataSource) {
    const metadata = dataSource.getMetadata(ProcurementPlanEntity);
    this.columns = metadata.columns;
    this.byProperty = new Map(metadata.columns.map((c) => [c.propertyName, c]));
    this.selectById = `SELECT ${this.columns.map((c) => `"${c.databaseName}"`).join(', ')} FROM "${metadata.tableName}" WHERE "id" = ?`;
  }

  /** The plan by id, or null; `forUpdate` locks the row until the transaction ends (PostgreSQL). */
  async find(manager: EntityManager, id: string, forUpdate = false): Promise<ProcurementPlanEntity | null> {
    const lock = forUpdate && manager.connection.options.type === 'postgres';
    const rows = await read<Record<string, unknown>>(manager, sql(manager, lock ? `${this.selectById} FOR UPDATE` : this.selectById), [id]);
    if (rows.length === 0) return null;
    const plan = this.hydrate(rows[0]);
    if (lock && manager.queryRunner) this.lockedBy.set(plan, manager.queryRunner);
    return plan;
  }

  /**
   * Whether this object is the plan row as read under its lock by the transaction `manager` is in:
   * until that transaction ends nobody else can change the row, so the object is still its head.
   */
  isHeld(manager: EntityManager, plan: ProcurementPlanEntity): boolean {
    const runner = this.lockedBy.get(plan);
    return runner !== undefined && runner === manager.queryRunner && runner.isTransactionActive;
  }

  /** Writes the given properties of the plan row. */
  async update(manager: EntityManager, id: string, changes: Partial<ProcurementPlanEntity>): Promise<void> {
    const assignments: string[] = [];
    const values: unknown[] = [];
    for (const [property, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      const column = this.byProperty.get(property);
      if (!column) throw new Error(`procurement_plans has no column for ${property}`);
      assignments.push(`"${column.databaseName}" = ?`);
      values.push(this.dataSource.driver.preparePersistentValue(value, column));
    }
    if (assignments.length === 0) return;
    await write(manager, sql(manager, `UPDATE "procurement_plans" SET ${assignments.join(', ')} WHERE "id" = ?`), [...values, id]);
  }

  private hydrate(raw: Record<string, unknown>): ProcurementPlanEntity {
    const plan = new ProcurementPlanEntity() as unknown as Record<string, unknown>;
    for (const column of this.columns) plan[column.propertyName] = this.dataSource.driver.prepareHydratedValue(raw[column.databaseName], column);
    return plan as unknown as ProcurementPlanEntity;
  }
}
