import type BetterSqlite3 from 'better-sqlite3';
import { QueryFailedError, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';

/**
 * The engine's statements on SQLite straight to better-sqlite3 (issue 16), without TypeORM's query
 * path around each: its logger call, two `Date.now()`, the query events it broadcasts to subscribers
 * the app does not have, and the promises between them. The profile of the bench's saturated run put
 * that path at about a tenth of a transition's CPU, more than SQLite's own work on its statements.
 *
 * Everything stays on TypeORM's one connection, so a statement sent here runs in whatever transaction
 * that connection is in, exactly as one sent through TypeORM would. Statements are prepared once per
 * text (texts come from the code, so there are a few dozen) and kept per connection. A failure is
 * thrown as TypeORM throws it, a `QueryFailedError` carrying the driver's error, so the unit of work
 * and the fault classification see what they always saw.
 */

/** Statements kept per connection; far above the texts the code writes, a bound all the same. */
const STATEMENTS_MAX = 500;

const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** The better-sqlite3 connection under a data source, or undefined on another driver or before it connected. */
export function sqliteConnection(dataSource: DataSource): BetterSqlite3.Database | undefined {
  if (dataSource.options.type !== 'better-sqlite3') return undefined;
  return (dataSource.driver as unknown as { databaseConnection?: BetterSqlite3.Database }).databaseConnection;
}

/**
 * Runs one statement on the connection: the rows of a statement that returns rows, else undefined.
 * Booleans are bound as 0 and 1, as TypeORM binds them; other values must be prepared already.
 */
export function runSqlite(db: BetterSqlite3.Database, text: string, parameters: readonly unknown[] = []): unknown[] | undefined {
  const values = parameters.map((p) => (typeof p === 'boolean' ? Number(p) : p));
  try {
    const statement = statementFor(db, text);
    if (statement.reader) return statement.all(...values);
    statement.run(...values);
    return undefined;
  } catch (err) {
    throw new QueryFailedError(text, values, err as Error);
  }
}

function statementFor(db: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
  let statements = prepared.get(db);
  if (!statements) {
    statements = new Map();
    prepared.set(db, statements);
  }
  let statement = statements.get(text);
  if (!statement) {
    statement = db.prepare(text);
    if (statements.size >= STATEMENTS_MAX) statements.delete(statements.keys().next().value as string);
    statements.set(text, statement);
  }
  return statement;
}

/** The manager's connection when it is better-sqlite3's. */
export function sqliteOf(manager: EntityManager): BetterSqlite3.Database | undefined {
  return sqliteConnection(manager.connection);
}

/**
 * TypeORM's transaction state on its SQLite query runner, kept as its own `startTransaction`,
 * `commitTransaction` and `rollbackTransaction` keep it (`typeorm_<depth>` savepoints inside), so
 * TypeORM code running inside a unit (a `manager.save`, a nested transaction) sees the transaction
 * it is in. Their `Before…`/`After…` events are not broadcast: the app has no subscriber.
 */
type RunnerState = QueryRunner & { transactionDepth: number; isTransactionActive: boolean };

/** BEGIN, or a savepoint inside the transaction the runner is in. */
export function beginOn(db: BetterSqlite3.Database, runner: QueryRunner): void {
  const state = runner as RunnerState;
  runSqlite(db, state.transactionDepth === 0 ? 'BEGIN TRANSACTION' : `SAVEPOINT typeorm_${state.transactionDepth}`);
  state.transactionDepth += 1;
  state.isTransactionActive = true;
}

/** COMMIT, or the release of the innermost savepoint. */
export function commitOn(db: BetterSqlite3.Database, runner: QueryRunner): void {
  const state = runner as RunnerState;
  runSqlite(db, state.transactionDepth > 1 ? `RELEASE SAVEPOINT typeorm_${state.transactionDepth - 1}` : 'COMMIT');
  state.transactionDepth -= 1;
  if (state.transactionDepth === 0) state.isTransactionActive = false;
}

/** ROLLBACK, or back to the innermost savepoint (which is then gone). */
export function rollbackOn(db: BetterSqlite3.Database, runner: QueryRunner): void {
  const state = runner as RunnerState;
  const depth = state.transactionDepth;
  // The transaction is over for TypeORM whatever SQLite answers, as with its own rollbackTransaction.
  state.transactionDepth = depth - 1;
  if (depth <= 1) state.isTransactionActive = false;
  if (depth > 1) {
    runSqlite(db, `ROLLBACK TO SAVEPOINT typeorm_${depth - 1}`);
    runSqlite(db, `RELEASE SAVEPOINT typeorm_${depth - 1}`);
  } else if (db.inTransaction) {
    runSqlite(db, 'ROLLBACK');
  }
}

/** Ends whatever transaction the connection is in, savepoints and all (a batch that failed as a whole); never throws. */
export function abandon(db: BetterSqlite3.Database, runner: QueryRunner): void {
  const state = runner as RunnerState;
  state.transactionDepth = 0;
  state.isTransactionActive = false;
  try {
    if (db.inTransaction) runSqlite(db, 'ROLLBACK');
  } catch {
    // As TypeORM's rollback was before (its error ignored): the batch's own failure is what its units are told.
  }
}
