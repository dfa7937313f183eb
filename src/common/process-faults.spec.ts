import { EventEmitter } from 'node:events';
import { jest } from '@jest/globals';
import { installProcessFaultHandlers } from './process-faults';

describe(installProcessFaultHandlers.name, () => {
  function installed() {
    const target = new EventEmitter();
    const logger = { error: jest.fn(), fatal: jest.fn() };
    const exit = jest.fn();
    installProcessFaultHandlers(target, logger, exit);
    return { target, logger, exit };
  }

  it('logs an unhandled rejection and keeps the process', () => {
    const { target, logger, exit } = installed();
    target.emit('unhandledRejection', new Error('nobody awaited this'));
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(exit).not.toHaveBeenCalled();
  });

  it('logs an uncaught database fault and keeps the process', () => {
    const { target, logger, exit } = installed();
    target.emit('uncaughtException', new Error('Connection terminated unexpectedly'), 'uncaughtException');
    target.emit('uncaughtException', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'uncaughtException');
    expect(logger.error).toHaveBeenCalledTimes(2);
    expect(exit).not.toHaveBeenCalled();
  });

  it('exits on any other uncaught exception: the process is in an unknown state', () => {
    const { target, logger, exit } = installed();
    target.emit('uncaughtException', new TypeError('x is not a function'), 'uncaughtException');
    expect(logger.fatal).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(1);
  });
});
