import { ServiceUnavailableError } from '../common/errors';

/**
 * The one place that decides whether an error means "the database is unavailable right now" —
 * a fault of the moment, answered 503 with Retry-After — rather than a bug (a bare 500).
 */
export type DatabaseFault = 'unreachable' | 'locked';

/** PostgreSQL SQLSTATEs of a server that is going away, starting, or full; class 08 is added below. */
const PG_UNAVAILABLE = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
]);

/** Socket errors of a connection refused, cut or timed out. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** node-postgres and pg-pool raise these without a code. */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

/** TypeORM: the connection under a query runner broke (its 'error' event released it) and the transaction went on using it. */
const RELEASED_RUNNER = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

export const RETRY_AFTER_SECONDS: Record<DatabaseFault, number> = { unreachable: 2, locked: 1 };

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** Which fault `err` stands for, looking through TypeORM's wrapper, causes and AggregateErrors. */
export function databaseFault(err: unknown, depth = 0): DatabaseFault | null {
  if (err === null || typeof err !== 'object' || depth > 4) return null;
  const e = err as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
  if (PG_UNAVAILABLE.has(code) || /^08[0-9A-Z]{3}$/.test(code) || NETWORK_CODES.has(code)) return 'unreachable';
  if (typeof e.name === 'string' && RELEASED_RUNNER.has(e.name)) return 'unreachable';
  if (typeof e.message === 'string' && PG_CONNECTION_MESSAGES.some((m) => (e.message as string).startsWith(m))) return 'unreachable';
  for (const inner of [e.driverError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])]) {
    const fault = databaseFault(inner, depth + 1);
    if (fault) return fault;
  }
  return null;
}

/** The 503 for `fault`; `cause` (the driver's error) is kept for the log, never sent. */
export function databaseUnavailable(fault: DatabaseFault, cause?: unknown): ServiceUnavailableError {
  const seconds = RETRY_AFTER_SECONDS[fault];
  const error = new ServiceUnavailableError(fault === 'locked' ? 'database.locked' : 'database.unreachable', seconds, 'database', fault);
  if (cause !== undefined) error.cause = cause;
  return error;
}

/** `err` as a 503 when it means the database is unavailable; otherwise unchanged. */
export function classifyDatabaseError(err: unknown): unknown {
  if (err instanceof ServiceUnavailableError) return err;
  const fault = databaseFault(err);
  return fault ? databaseUnavailable(fault, err) : err;
}
