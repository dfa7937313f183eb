import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, CurrentCaller } from '../common/auth/auth.decorators';
import type { Caller } from '../common/auth/caller';
import { ApiErrors, arrayOf } from '../common/openapi';
import type { Language } from '../i18n/language';
import { RequestLanguage } from '../i18n/request-language';
import { MigrationRequestDto } from './migration-request.dto';
import { MIGRATION_SCHEMAS as S } from './workflow-migrations.schemas';
import { WorkflowMigrationsService } from './workflow-migrations.service';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('workflows')
@Roles('manager', 'admin')
export class WorkflowMigrationsController {
  constructor(private readonly migrations: WorkflowMigrationsService) {}

  @Get(':id/migrations')
  @ApiOperation({ summary: "The migrations that move running plans between this workflow's versions, each with how many plans in your scope it could move" })
  @ApiOkResponse({ schema: arrayOf(S.MigrationSummary) })
  @ApiErrors(403, 404)
  list(@Param('id') id: string, @CurrentCaller() caller: Caller, @RequestLanguage() language: Language) {
    return this.migrations.list(id, caller, language);
  }

  @Post(':id/migrations/dry-run')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'What moving running plans to another workflow version would do, plan by plan (target stage, records as a JSON Patch, timers, unmet requirements); nothing is written',
  })
  @ApiOkResponse({ schema: S.MigrationReport })
  @ApiErrors(400, 403, 404)
  dryRun(@Param('id') id: string, @Body() dto: MigrationRequestDto, @CurrentCaller() caller: Caller, @RequestLanguage() language: Language) {
    return this.migrations.run(id, dto, caller, language, true);
  }

  @Post(':id/migrations')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Move running plans to another workflow version: each plan in its own transaction with one WORKFLOW_MIGRATED audit event, once per plan and migration; plans that cannot move are reported and left as they are',
  })
  @ApiOkResponse({ schema: S.MigrationReport })
  @ApiErrors(400, 403, 404)
  apply(@Param('id') id: string, @Body() dto: MigrationRequestDto, @CurrentCaller() caller: Caller, @RequestLanguage() language: Language) {
    return this.migrations.run(id, dto, caller, language, false);
  }
}
