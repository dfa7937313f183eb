import { createHash } from 'node:crypto';
import type { EntityManager, QueryRunner } from 'typeorm';

/** The part of a node-postgres client this module uses (TypeORM keeps it as the runner's databaseConnection). */
interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  connection?: { stream?: { cork?: () => void; uncork?: () => void } };
}

interface Pipeline {
  readonly client: PgClient;
  readonly writes: Array<Promise<void>>;
  /** The first write the database refused, in the order they were sent. */
  failure?: { error: unknown };
  corked: boolean;
}

const open = new WeakMap<QueryRunner, Pipeline>();

/** Statement text → the name it is prepared under on every connection (a few texts per process). */
const names = new Map<string, string>();

/** A name unique to the text: node-postgres refuses one name for two texts on a connection. */
function statementName(text: string): string {
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
 * `withPipeline`) they go to node-postgres directly, in its pipeline mode:
 * - `write` hands the statement over and returns at once. The statements a command issues in one
 *   turn of the event loop leave in one socket write (the socket is corked until the turn ends), and
 *   the writes' answers are awaited together, before COMMIT. A statement sent later on the same
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
 * Elsewhere (SQLite, whose driver is synchronous anyway, or outside such a unit) both are plain
 * queries through TypeORM.
 */
export function write(manager: EntityManager, text: string, parameters: unknown[]): Promise<void> {
  const pipeline = pipelineOf(manager);
  if (!pipeline) return manager.query(text, parameters).then(() => undefined);
  pipeline.writes.push(
    send(pipeline, text, parameters).then(
      () => undefined,
      (error: unknown) => {
        pipeline.failure ??= { error };
      },
    ),
  );
  return Promise.resolve();
}

/** Rows of a SELECT, on the command's pipeline when it has one (see `write`). */
export async function read<T>(manager: EntityManager, text: string, parameters: unknown[]): Promise<T[]> {
  const pipeline = pipelineOf(manager);
  if (!pipeline) return manager.query<T[]>(text, parameters);
  return (await send(pipeline, text, parameters)).rows as T[];
}

/** The pipeline `withPipeline` opened for the transaction `manager` is in, while it runs. */
function pipelineOf(manager: EntityManager): Pipeline | undefined {
  return manager.queryRunner ? open.get(manager.queryRunner) : undefined;
}

function send(pipeline: Pipeline, text: string, values: unknown[]): Promise<{ rows: unknown[] }> {
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
  return pipeline.client.query({ name: statementName(text), text, values });
}

/**
 * Runs `work` with a pipeline on the transaction `manager` is in (PostgreSQL with a client in
 * pipeline mode; elsewhere `work` runs as it is). Before it returns, every write has been answered:
 * the caller may COMMIT. If one was refused, that refusal is thrown, whatever `work` did after it.
 */
export async function withPipeline<T>(manager: EntityManager, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = manager.queryRunner;
  const client = (runner as { databaseConnection?: PgClient & { pipeline?: boolean } } | undefined)?.databaseConnection;
  if (!runner || !client?.pipeline) return work(manager);
  const pipeline: Pipeline = { client, writes: [], corked: false };
  open.set(runner, pipeline);
  try {
    const value = await work(manager);
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
