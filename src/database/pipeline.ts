import { createHash } from 'node:crypto';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { databaseFault } from './database-faults';
import { runSqlite, sqliteOf } from './sqlite-statements';

/** The part of a node-postgres client this module uses (TypeORM keeps it as the runner's databaseConnection). */
interface PgClient {
  query(query: PgQuery): unknown;
  pipeline?: boolean;
  connection?: { stream?: { cork?: () => void; uncork?: () => void } };
  /** node-postgres's `Client.Query`, reached through the client so that SQLite never loads `pg`. */
  constructor: { Query?: new (text: string) => PgQuery };
}

/** The fields of node-postgres's `Query` this module sets (public in its constructor, which sets them from a config object). */
interface PgQuery {
  name?: string;
  values?: unknown[];
  callback?: (error: Error | null, result: PgAnswer) => void;
}

interface PgAnswer {
  rows: unknown[];
  command?: string;
}

interface Pipeline {
  readonly client: PgClient;
  readonly writes: Array<Promise<void>>;
  /** The first write the database refused, in the order they were sent. */
  failure?: { error: unknown };
  corked: boolean;
  /** Writes held for the COMMIT (`writeAtCommit`), by their keys. */
  atCommit?: Array<{ key: string; text: string; parameters: unknown[] }>;
}

const open = new WeakMap<QueryRunner, Pipeline>();

/** Statement text → the name it is prepared under on every connection (a few texts per process). */
const names = new Map<string, string>();

/** A name unique to the text: node-postgres refuses one name for two texts on a connection. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `ppe_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * The statements of a command on PostgreSQL (issue 16): the plan row's read under its lock, the
 * organisation's regime, and the writes whose answer nobody reads (the plan row's UPDATE, the audit
 * and outbox INSERTs).
 *
 * Each statement used to be a round trip of its own: one socket write, one wait, one read, and
 * TypeORM's query path around them. Inside a unit of work that opened a pipeline (see
 * `pipelinedTransaction`) they go to node-postgres directly, in its pipeline mode:
 * - `write` hands the statement over and returns at once. The statements a command issues in one
 *   turn of the event loop leave in one socket write (the socket is corked until the turn ends), and
 *   the writes' answers are awaited together with COMMIT's, which leaves right behind the unit's last
 *   writes (see `inPipeline`). A statement sent later on the same
 *   connection, a read included, runs after them: PostgreSQL runs a connection's statements in the
 *   order they arrive, so the command reads what it wrote.
 * - `read` waits for its rows, as a query does.
 * - Each text is a named prepared statement, parsed and planned once per connection instead of at
 *   every command, and sent afterwards as a name and its values.
 *
 * A refused write aborts the transaction as it always did. The statements after it fail with
 * "current transaction is aborted", and the unit of work then answers with the first refusal, the
 * cause, and rolls back; nothing is committed.
 *
 * On SQLite, whose driver is synchronous anyway, both run the statement on better-sqlite3's
 * connection at once (see sqlite-statements.ts); on PostgreSQL outside such a unit they are plain
 * queries through TypeORM.
 */
export function write(manager: EntityManager, text: string, parameters: unknown[]): Promise<void> {
  const sqlite = sqliteOf(manager);
  if (sqlite) {
    try {
      runSqlite(sqlite, text, parameters);
    } catch (err) {
      // TypeORM's QueryFailedError, as a query through TypeORM would reject with.
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return Promise.resolve();
  }
  const pipeline = pipelineOf(manager);
  if (!pipeline) return manager.query(text, parameters).then(() => undefined);
  // Refused already (the BEGIN or an earlier write): nothing more is sent, the unit fails with that refusal.
  if (!pipeline.failure) track(pipeline, send(pipeline, text, parameters));
  return Promise.resolve();
}

/**
 * A write whose order among the transaction's other statements does not matter, such as adding to
 * a counter row, held back and sent right before COMMIT with every other such write of the
 * transaction, sorted by `key` (the row it locks). A statement of the same transaction does not see
 * it, so nothing may read what it writes before the commit.
 *
 * Why: under group commit one transaction carries the changes of several plans, and so may add to
 * several counter rows (`stage_stay_days`). Two transactions that locked two such rows in opposite
 * orders deadlocked, which PostgreSQL resolved only after `deadlock_timeout` (1 s) by failing one of
 * them. Taken in one order by every transaction, at its very end, the rows are waited for but never
 * deadlocked over; and each is held only for the COMMIT, not for the rest of the transaction.
 *
 * On SQLite (one transaction at a time) and outside a pipelined transaction it is an ordinary
 * `write`.
 */
export function writeAtCommit(manager: EntityManager, key: string, text: string, parameters: unknown[]): Promise<void> {
  // Only a pipelined transaction (PostgreSQL) has a pipeline; anywhere else this is `write`.
  const pipeline = pipelineOf(manager);
  if (!pipeline) return write(manager, text, parameters);
  (pipeline.atCommit ??= []).push({ key, text, parameters });
  return Promise.resolve();
}

/**
 * Rows of a SELECT, on the command's pipeline when it has one (see `write`).
 *
 * `planEachTime`: on PostgreSQL the statement is not prepared under a name, so the server plans it
 * at every execution with the table's size as it is then. A prepared statement's plan is kept for
 * the connection's life until the table's statistics change, and a plan made while the table was
 * empty can cost a thousand times the right one once it has filled up (the outbox's claim). For a
 * statement that runs a few times a second, not once per request.
 */
export async function read<T>(manager: EntityManager, text: string, parameters: unknown[], planEachTime = false): Promise<T[]> {
  const sqlite = sqliteOf(manager);
  if (sqlite) return (runSqlite(sqlite, text, parameters) ?? []) as T[];
  const pipeline = pipelineOf(manager);
  // TypeORM prepares no statement under a name: it is planned each time anyway.
  if (!pipeline) return manager.query<T[]>(text, parameters);
  const { rows } = await send(pipeline, text, parameters, !planEachTime);
  // Answers come in the order sent: a BEGIN sent ahead of this read has been answered by now.
  if (pipeline.failure) throw pipeline.failure.error;
  return rows as T[];
}

/** The pipeline `pipelinedTransaction` opened for the transaction `manager` is in, while it runs. */
function pipelineOf(manager: EntityManager): Pipeline | undefined {
  return manager.queryRunner ? open.get(manager.queryRunner) : undefined;
}

function send(pipeline: Pipeline, text: string, values?: unknown[], named = true): Promise<PgAnswer> {
  const stream = pipeline.client.connection?.stream;
  if (!pipeline.corked && stream?.cork && stream.uncork) {
    stream.cork();
    pipeline.corked = true;
    // After the microtasks of this turn: every statement the command issues before it waits on the
    // database goes out in one socket write.
    process.nextTick(() => {
      pipeline.corked = false;
      stream.uncork!();
    });
  }
  return submit(pipeline.client, text, values, named);
}

/**
 * One statement through node-postgres, without what `client.query(config)` adds around it (issue
 * 16): given a config object, the client copies it through its property descriptors (about 2.5 % of
 * the main thread in the PostgreSQL profile) and wraps the answer in two promises. A `Query` built
 * from the text alone is copied cheaply; its name, values and callback are then set as its
 * constructor would have set them, and the client takes it as it is. A query class of node-postgres's
 * own is what the client accepts in pipeline mode.
 */
function submit(client: PgClient, text: string, values: unknown[] | undefined, named: boolean): Promise<PgAnswer> {
  const Query = client.constructor.Query;
  if (!Query) throw new Error('The PostgreSQL client has no Query class');
  return new Promise((resolve, reject) => {
    const query = new Query(text);
    if (values) {
      if (named) query.name = statementName(text);
      query.values = values;
    }
    // A refusal keeps the stack node-postgres gave it (the socket's read): the unit of work answers
    // from its code and message, and the command's own stack would cost an Error per statement.
    query.callback = (error, answer) => (error ? reject(error) : resolve(answer));
    client.query(query);
  });
}

/** Keeps the first refusal of a statement whose answer nobody awaits; pipelinedTransaction throws it. */
function track(pipeline: Pipeline, answer: Promise<unknown>): void {
  pipeline.writes.push(
    answer.then(
      () => undefined,
      (error: unknown) => {
        pipeline.failure ??= { error };
      },
    ),
  );
}

/**
 * Runs `work` in a transaction of its own, as TypeORM's `DataSource.transaction` does (the unit of
 * work's PostgreSQL path), its statements pipelined.
 *
 * With a client in pipeline mode the transaction's BEGIN is not a round trip of its own: it is handed
 * to the client without waiting and leaves in the same socket write as the unit's first statement
 * (the plan row's read under its lock, for a command), and both answers come back together. Until
 * then every statement of the unit runs behind the BEGIN, in the order sent; a read sees the BEGIN's
 * answer before its own rows. BEGIN is refused only when the connection is lost or the server shuts
 * down, and then every statement behind it fails as well; should it be refused anyway, the unit
 * sends no write after it, fails with that refusal and rolls back. COMMIT, likewise, leaves with the
 * unit's last writes (see `inPipeline`). TypeORM's transaction events (`BeforeTransactionStart`,
 * `AfterTransactionCommit` and the others) are not broadcast for them: the app has no subscriber.
 *
 * A client without pipeline mode gets a plain transaction: BEGIN awaited, statements one at a time.
 */
export async function pipelinedTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PgClient | undefined;
    if (!client?.pipeline) {
      await runner.startTransaction();
      const value = await work(runner.manager);
      await runner.commitTransaction();
      return value;
    }
    const pipeline: Pipeline = { client, writes: [], corked: false };
    begin(runner, pipeline);
    return await inPipeline(runner, pipeline, work);
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw err;
  } finally {
    await runner.release();
  }
}

/** A batch of group commit one of whose units failed: everything it sent is rolled back. */
class BatchAbandoned extends Error {
  constructor() {
    super('The batch is rolled back; its units run again one by one');
  }
}

/**
 * Several units of work in one pipelined transaction (group commit on PostgreSQL, see
 * PgGroupCommit): they start side by side, in the order given, on one connection, so their first
 * statements leave in one socket write, and their writes and the one COMMIT in the next. Returns
 * their values once COMMIT is answered, in the order given; or null, with nothing kept, when any of
 * them failed or the database refused a statement or COMMIT.
 *
 * A connection lost once COMMIT has left is thrown instead: it does not say whether COMMIT was
 * applied, so the units must not run again (each is answered 503, as a unit alone would be). Lost
 * before, it leaves nothing committed, and the units run again alone.
 */
export async function pipelinedBatch(dataSource: DataSource, works: Array<(manager: EntityManager) => Promise<unknown>>): Promise<unknown[] | null> {
  let committing = false;
  try {
    return await pipelinedTransaction(dataSource, async (manager) => {
      const settled = await Promise.allSettled(works.map((work) => work(manager)));
      const values = settled.map((unit) => {
        if (unit.status === 'rejected') throw new BatchAbandoned();
        return unit.value;
      });
      // COMMIT leaves as this returns.
      committing = true;
      return values;
    });
  } catch (err) {
    if (committing && databaseFault(err) === 'unreachable') throw err;
    return null;
  }
}

/** Sends BEGIN without waiting, and marks the runner as in a transaction, as `startTransaction` would. */
function begin(runner: QueryRunner, pipeline: Pipeline): void {
  track(pipeline, send(pipeline, 'START TRANSACTION'));
  const state = runner as QueryRunner & { transactionDepth: number; isTransactionActive: boolean };
  state.isTransactionActive = true;
  state.transactionDepth = 1;
}

/**
 * Runs `work` with `pipeline` open on its runner, then commits. Returns once COMMIT and every write
 * before it have been answered; if one was refused, that refusal is thrown, whatever `work` did
 * after it, and nothing is kept.
 *
 * COMMIT does not wait for the writes' answers: it is sent as soon as `work` returns, behind the
 * writes `work` sent last, and leaves in their socket write (issue 16). A command whose last
 * statements are writes so pays one round trip for its writes and its COMMIT together, not two.
 * PostgreSQL runs them in order, so COMMIT commits exactly what came before it; should any statement
 * before it have been refused, the transaction is aborted and PostgreSQL answers the COMMIT with
 * ROLLBACK. That answer is checked as well: a unit whose work swallowed a refused read, and so sent
 * no write to fail, is not taken for committed.
 */
async function inPipeline<T>(runner: QueryRunner, pipeline: Pipeline, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  open.set(runner, pipeline);
  try {
    const value = await work(runner.manager);
    // Anything the unit sent after this would run after COMMIT: outside its transaction.
    open.delete(runner);
    if (!pipeline.failure) {
      const held = (pipeline.atCommit ?? []).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (const { text, parameters } of held) track(pipeline, send(pipeline, text, parameters));
      track(pipeline, send(pipeline, 'COMMIT').then(committedOrThrow));
      ended(runner);
    }
    await Promise.all(pipeline.writes);
    if (pipeline.failure) throw pipeline.failure.error;
    return value;
  } catch (err) {
    await Promise.all(pipeline.writes);
    throw pipeline.failure ? pipeline.failure.error : err;
  } finally {
    open.delete(runner);
  }
}

/** PostgreSQL answers COMMIT in an aborted transaction with ROLLBACK, and no error. */
function committedOrThrow(result: { command?: string }): void {
  if (result.command !== 'COMMIT') throw new Error(`PostgreSQL answered COMMIT with ${result.command ?? 'nothing'}: the transaction was rolled back`);
}

/** The runner's transaction has ended (COMMIT sent through the pipeline), as `commitTransaction` would mark it. */
function ended(runner: QueryRunner): void {
  const state = runner as QueryRunner & { transactionDepth: number; isTransactionActive: boolean };
  state.isTransactionActive = false;
  state.transactionDepth = 0;
}
