import { Module } from '@nestjs/common';
import { WorkflowMigrationsController } from './workflow-migrations.controller';
import { WorkflowMigrationsService } from './workflow-migrations.service';

/** Moving running plans between workflow versions (docs/workflows/evolving.md). */
@Module({ controllers: [WorkflowMigrationsController], providers: [WorkflowMigrationsService] })
export class WorkflowMigrationsModule {}
