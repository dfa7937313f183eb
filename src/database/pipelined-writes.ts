import { createHash } from 'node:crypto';
import type { EntityManager, QueryRunner } from 'typeorm';

/** The part of a node-postgres client this module uses (TypeORM keeps it as the runner's databaseConnection). */
interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<unknown>;
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
 * Writes whose answer nobody reads (issue 16): the plan row's UPDATE, the audit and outbox INSERTs.
 *
 * On PostgreSQL each statement used to be a round trip of its own: one socket write, one wait, one
 * read, and TypeORM's query path around them. Inside a unit of work that opened a pipeline (see
 * `withPipelinedWrites`), `write` hands the statement to node-postgres' pipeline mode and returns at
 * once. The statements a command writes in one turn of the event loop leave in one socket write
 * (the socket is corked until the turn ends) and their answers are awaited together, before COMMIT.
 * A statement sent later on the same connection, a read included, runs after them: PostgreSQL runs a
 * connection's statements in the order they arrive, so the command reads what it wrote. Each text is
 * a named prepared statement, parsed and planned once per connection instead of at every command,
 * and sent afterwards as a name and its values.
 *
 * A refused write aborts the transaction as it always did. The statements after it fail with
 * "current transaction is aborted", and the unit of work then answers with the first refusal, the
 * cause, and rolls back; nothing is committed.
 *
 * Elsewhere (SQLite, whose driver is synchronous anyway, or outside such a unit) it is a plain query.
 */
export function write(manager: EntityManager, text: string, parameters: unknown[]): Promise<void> {
  const runner = manager.queryRunner;
  const pipeline = runner ? open.get(runner) : undefined;
  if (!pipeline || !runner?.isTransactionActive) return manager.query(text, parameters).then(() => undefined);
  const stream = pipeline.client.connection?.stream;
  if (!pipeline.corked && stream?.cork && stream.uncork) {
    stream.cork();
    pipeline.corked = true;
    // After the microtasks of this turn: every write the command issues before it waits on the
    // database goes out in one socket write.
    process.nextTick(() => {
      pipeline.corked = false;
      stream.uncork!();
    });
  }
  pipeline.writes.push(
    pipeline.client.query({ name: statementName(text), text, values: parameters }).then(
      () => undefined,
      (error: unknown) => {
        pipeline.failure ??= { error };
      },
    ),
  );
  return Promise.resolve();
}

/**
 * Runs `work` with pipelined writes on the transaction `manager` is in (PostgreSQL with a client in
 * pipeline mode; elsewhere `work` runs as it is). Before it returns, every write has been answered:
 * the caller may COMMIT. If one was refused, that refusal is thrown, whatever `work` did after it.
 */
export async function withPipelinedWrites<T>(manager: EntityManager, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = manager.queryRunner;
  const client = (runner as { databaseConnection?: PgClient & { pipeline?: boolean } } | undefined)?.databaseConnection;
  if (!runner || !client?.pipeline) return work(manager);
  const pipeline: Pipeline = { client, writes: [], corked: false };
  open.set(runner, pipeline);
  try {
    let value: T;
    try {
      value = await work(manager);
    } catch (err) {
      await Promise.all(pipeline.writes);
      throw pipeline.failure ? pipeline.failure.error : err;
    }
    await Promise.all(pipeline.writes);
    if (pipeline.failure) throw pipeline.failure.error;
    return value;
  } finally {
    open.delete(runner);
  }
}
