import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { AuthConfigController } from './console/auth-config.controller';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { AuthGuard } from './common/auth/auth.guard';
import { TokenService } from './common/auth/token.service';
import { Clock } from './common/clock';
import { AppConfigModule } from './config/app-config.module';
import { Environment } from './config/environment';
import { buildDataSourceOptions } from './database/database.options';
import { CriteriaModule } from './criteria/criteria.module';
import { DialogueModule } from './dialogue/dialogue.module';
import { EngineModule } from './engine/engine.module';
import { WorkflowMigrationsModule } from './workflow-migrations/workflow-migrations.module';
import { HealthController } from './health/health.controller';
import { OcdsModule } from './ocds/ocds.module';
import { OutboxModule } from './outbox/outbox.module';
import { MailModule } from './mail/mail.module';
import { HilmaStatisticsModule } from './notices/statistics/hilma-statistics.module';
import { NoticesModule } from './notices/notices.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { PortfolioModule } from './portfolio/portfolio.module';
import { ProcurementsModule } from './procurements/procurements.module';
import { StrategyModule } from './strategy/strategy.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { ThresholdsModule } from './thresholds/thresholds.module';
import { WorkflowDefinitionsController } from './workflow-definitions/workflow-definitions.controller';

@Module({})
export class AppModule {
  /** `clock` is for tests and benchmarks that move time; the service uses the system clock. */
  static register(env: Environment, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.register(env, clock),
        LoggerModule.forRoot({
          pinoHttp: {
            level: env.LOG_LEVEL,
            // Fastify assigns the id (from X-Request-Id or a new UUID); middie copies it to the raw request.
            genReqId: (req: IncomingMessage & { id?: string }) => req.id ?? randomUUID(),
            redact: ['req.headers.authorization', 'req.headers.cookie'],
          },
        }),
        TypeOrmModule.forRootAsync({ inject: [Environment], useFactory: (e: Environment) => buildDataSourceOptions(e) }),
        TerminusModule,
        EngineModule,
        OrganisationsModule,
        ThresholdsModule,
        OutboxModule,
        ProcurementsModule,
        DialogueModule,
        CriteriaModule,
        StrategyModule,
        PortfolioModule,
        OcdsModule,
        AuditModule,
        WebhooksModule,
        MailModule,
        HilmaStatisticsModule,
        NoticesModule,
        WorkflowMigrationsModule,
      ],
      controllers: [HealthController, WorkflowDefinitionsController, AuthConfigController],
      providers: [TokenService, { provide: APP_GUARD, useClass: AuthGuard }, { provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
