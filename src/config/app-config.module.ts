import { DynamicModule, Global, Module } from '@nestjs/common';
import { Environment } from './environment';

/** Makes the validated environment injectable as `Environment` everywhere. */
@Global()
@Module({})
export class AppConfigModule {
  static register(env: Environment): DynamicModule {
    return { module: AppConfigModule, providers: [{ provide: Environment, useValue: env }], exports: [Environment] };
  }
}
