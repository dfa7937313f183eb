import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock';
import { Environment } from './environment';

/** Makes the validated environment and the clock injectable everywhere. */
@Global()
@Module({})
export class AppConfigModule {
  static register(env: Environment, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [
        { provide: Environment, useValue: env },
        { provide: Clock, useValue: clock },
      ],
      exports: [Environment, Clock],
    };
  }
}
