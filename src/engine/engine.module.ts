import { Global, Module } from '@nestjs/common';
import { WorkflowRegistry } from '../../workflows/registry';
import { UnitOfWork } from '../database/unit-of-work';
import { PostgresMaintenanceCheck } from '../database/postgres-maintenance';
import { WalCheckpointer } from '../database/wal-checkpointer';
import { AuditKeys } from './audit-keys';
import { AuditLogService } from './audit-log.service';
import { OrganisationTrailService } from './organisation-trail.service';
import { EngineService, OCID_PREFIX } from './engine.service';
import { FactsService } from './facts.service';
import { PayloadValidator } from './payload-validator';
import { TimerPoller } from './timer.poller';
import { TimerService } from './timer.service';
import { PlanLoader } from '../procurements/plan-loader';
import { Environment } from '../config/environment';

@Global()
@Module({
  providers: [
    { provide: WorkflowRegistry, useValue: new WorkflowRegistry() },
    { provide: OCID_PREFIX, inject: [Environment], useFactory: (env: Environment) => env.OCID_PREFIX },
    UnitOfWork,
    WalCheckpointer,
    PostgresMaintenanceCheck,
    AuditKeys,
    AuditLogService,
    OrganisationTrailService,
    FactsService,
    PayloadValidator,
    TimerService,
    EngineService,
    TimerPoller,
    // One loader for every module that reads or changes a plan: the same visibility and team rules everywhere.
    PlanLoader,
  ],
  exports: [
    WorkflowRegistry,
    UnitOfWork,
    AuditKeys,
    AuditLogService,
    OrganisationTrailService,
    EngineService,
    FactsService,
    TimerService,
    TimerPoller,
    PlanLoader,
  ],
})
export class EngineModule {}
