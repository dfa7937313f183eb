import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { changeHour } from './procurement-plan.entity';

/**
 * Conditions and orders over a plan's last change (`updated_at`); `p` is the plans table's alias.
 *
 * On PostgreSQL the indexes hold the hour of it (`updated_hour`, migration PlanChangeHour1765699200000),
 * so that most changes touch no indexed column and are made in place. Each condition there names the
 * hour, which the indexes hold, beside the time, which they do not: the hour narrows the index range,
 * the time decides. Both are always set together, so the results are those of the time alone. SQLite
 * keeps its indexes over the time itself (it has no in-place updates to gain) and reads the time alone.
 */

function onPostgres(qb: SelectQueryBuilder<ObjectLiteral>): boolean {
  return qb.connection.options.type === 'postgres';
}

/** Plans whose last change is before `before`. */
export function changedBefore<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, before: Date): SelectQueryBuilder<T> {
  if (!onPostgres(qb)) return qb.andWhere('p.updated_at < :changeAt', { changeAt: before });
  return qb.andWhere('p.updated_hour <= :changeHour AND (p.updated_hour < :changeHour OR p.updated_at < :changeAt)', {
    changeHour: changeHour(before),
    changeAt: before,
  });
}

/**
 * How many of the plans `plans()` selects were last changed before `before`. On PostgreSQL the plans
 * of earlier hours are counted from the index alone, then those of `before`'s own hour by their time.
 */
export async function countChangedBefore<T extends ObjectLiteral>(plans: () => SelectQueryBuilder<T>, before: Date): Promise<number> {
  const all = plans();
  if (!onPostgres(all)) return changedBefore(all, before).getCount();
  const hour = changeHour(before);
  const earlier = await all.andWhere('p.updated_hour < :changeHour', { changeHour: hour }).getCount();
  const sameHour = await plans().andWhere('p.updated_hour = :changeHour AND p.updated_at < :changeAt', { changeHour: hour, changeAt: before }).getCount();
  return earlier + sameHour;
}

/** Plans whose last change is at or after `since`. */
export function changedSince<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, since: Date): SelectQueryBuilder<T> {
  if (!onPostgres(qb)) return qb.andWhere('p.updated_at >= :sinceAt', { sinceAt: since });
  return qb.andWhere('p.updated_hour >= :sinceHour AND p.updated_at >= :sinceAt', { sinceHour: changeHour(since), sinceAt: since });
}

/** Plans after the one changed last at `at` with id `id`, in the order of `orderByLastChange`. */
export function afterLastChange<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, direction: 'ASC' | 'DESC', at: Date, id: string): SelectQueryBuilder<T> {
  const op = direction === 'ASC' ? '>' : '<';
  const after = `(p.updated_at ${op} :afterAt OR (p.updated_at = :afterAt AND p.id ${op} :afterId))`;
  if (!onPostgres(qb)) return qb.andWhere(after, { afterAt: at, afterId: id });
  return qb.andWhere(`p.updated_hour ${op}= :afterHour AND ${after}`, { afterHour: changeHour(at), afterAt: at, afterId: id });
}

/**
 * Orders by the last change, then by id. On PostgreSQL by the hour first, which the indexes hold and
 * which orders as the time does: the server sorts each hour's plans as it reads them and stops once
 * the page is full (an incremental sort).
 */
export function orderByLastChange<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, direction: 'ASC' | 'DESC'): SelectQueryBuilder<T> {
  if (onPostgres(qb)) qb.orderBy('p.updated_hour', direction).addOrderBy('p.updated_at', direction);
  else qb.orderBy('p.updated_at', direction);
  return qb.addOrderBy('p.id', direction);
}
