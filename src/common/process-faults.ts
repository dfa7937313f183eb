import { Logger } from '@nestjs/common';
import { databaseFault } from '../database/database-faults';

interface ProcessLike {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (err: Error, origin: string) => void): unknown;
}

/**
 * The last line of defence, installed by main.ts: a rejected promise nobody awaited is logged and
 * the process goes on (it corrupts nothing); so is an uncaught database fault (a connection that
 * went away). Any other uncaught exception leaves the process in an unknown state: it is logged
 * and the process exits, for the supervisor to start a clean one.
 */
export function installProcessFaultHandlers(
  target: ProcessLike = process,
  logger: Pick<Logger, 'error' | 'fatal'> = new Logger('Process'),
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  target.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'Unhandled promise rejection; the process goes on');
  });
  target.on('uncaughtException', (err, origin) => {
    if (databaseFault(err)) {
      logger.error({ err, origin }, 'Uncaught database fault; the process goes on');
      return;
    }
    logger.fatal({ err, origin }, 'Uncaught exception; the process exits');
    exit(1);
  });
}
