import { jest } from '@jest/globals';
import type { TestApp } from './create-test-app';

export type Statement = [sql: string, parameters?: unknown[]];

/** Every SQL statement the app sends while `action` runs, with its parameters. */
export async function statementsDuring(t: TestApp, action: () => Promise<unknown>): Promise<Statement[]> {
  const runner = t.dataSource.createQueryRunner();
  const prototype = Object.getPrototypeOf(runner) as { query(sql: string, parameters?: unknown[]): Promise<unknown> };
  await runner.release();
  const spy = jest.spyOn(prototype, 'query');
  try {
    await action();
    return spy.mock.calls.map(([sql, parameters]) => [sql, parameters] as Statement);
  } finally {
    spy.mockRestore();
  }
}

/** SQLite's own plan of a statement, one line per step (`EXPLAIN QUERY PLAN`). */
export async function sqlitePlan(t: TestApp, [sql, parameters]: Statement): Promise<string[]> {
  const steps: Array<{ detail: string }> = await t.dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, parameters);
  return steps.map((step) => step.detail);
}
