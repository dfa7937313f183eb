import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { changeHour } from './procurement-plan.entity';

/**
 * Conditions and orders over a plan's last change (`updated_at`) that the database answers from the
 * indexes over the hour of it (`updated_hour`, migration PlanChangeHour1765699200000). Each names the
 * hour, which the indexes hold, beside the time, which they do not: the hour narrows the index range,
 * the time decides. Both are always set together, so the results are those of the time alone.
 * `p` is the plans table's alias.
 */

/** Plans whose last change is before `before`. */
export function changedBefore<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, before: Date): SelectQueryBuilder<T> {
  return qb.andWhere('p.updated_hour <= :changeHour AND (p.updated_hour < :changeHour OR p.updated_at < :changeAt)', {
    changeHour: changeHour(before),
    changeAt: before,
  });
}

/** Plans whose last change is at or after `since`. */
export function changedSince<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, since: Date): SelectQueryBuilder<T> {
  return qb.andWhere('p.updated_hour >= :sinceHour AND p.updated_at >= :sinceAt', { sinceHour: changeHour(since), sinceAt: since });
}

/** Plans after the one changed last at `at` with id `id`, in the order of `orderByLastChange`. */
export function afterLastChange<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, direction: 'ASC' | 'DESC', at: Date, id: string): SelectQueryBuilder<T> {
  const op = direction === 'ASC' ? '>' : '<';
  return qb.andWhere(`p.updated_hour ${op}= :afterHour AND (p.updated_at ${op} :afterAt OR (p.updated_at = :afterAt AND p.id ${op} :afterId))`, {
    afterHour: changeHour(at),
    afterAt: at,
    afterId: id,
  });
}

/** Orders by the last change, then by id: the hour first, which the indexes hold, orders as the time does. */
export function orderByLastChange<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, direction: 'ASC' | 'DESC'): SelectQueryBuilder<T> {
  return qb.orderBy('p.updated_hour', direction).addOrderBy('p.updated_at', direction).addOrderBy('p.id', direction);
}
