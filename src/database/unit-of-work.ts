import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConflictError } from '../common/errors';

const PG_UNIQUE_VIOLATION = '23505';
const PG_SERIALIZATION_FAILURE = '40001';
const PG_DEADLOCK = '40P01';

/**
 * Runs work in one database transaction. better-sqlite3 has a single connection, on which
 * TypeORM would turn a second concurrent transaction into a savepoint of the first; so on SQLite
 * transactions are queued and run one after another. PostgreSQL runs them side by side.
 */
@Injectable()
export class UnitOfWork {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly serialised: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serialised = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const execute = () => this.dataSource.transaction((manager) => work(manager)).catch(translateConflicts);
    if (!this.serialised) return execute();
    const result = this.queue.then(execute, execute);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** Two writers that slipped past the version check still lose cleanly, as a conflict. */
function translateConflicts(err: unknown): never {
  const code = (err as { driverError?: { code?: string }; code?: string })?.driverError?.code ?? (err as { code?: string })?.code;
  if (code === PG_UNIQUE_VIOLATION || code === PG_SERIALIZATION_FAILURE || code === PG_DEADLOCK) {
    throw new ConflictError('The plan was changed by another request at the same time; reload it and try again.');
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    throw new ConflictError('The plan was changed by another request at the same time; reload it and try again.');
  }
  throw err;
}
