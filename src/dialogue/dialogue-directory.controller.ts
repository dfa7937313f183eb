import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentCaller, Roles } from '../common/auth/auth.decorators';
import type { Caller } from '../common/auth/caller';
import { ApiErrors } from '../common/openapi';
import { PageQuery } from '../common/pagination';
import { DIALOGUE_SCHEMAS as S } from './dialogue.schemas';
import { OpenPlansService } from './open-plans.service';

export class OpenPlansQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only plans in this stage, e.g. marketDialogue.' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  stage?: string;
}

@ApiTags('market dialogue')
@ApiBearerAuth()
@Controller('dialogue')
@Roles('supplier', 'officer', 'manager', 'admin')
export class DialogueDirectoryController {
  constructor(private readonly openPlansService: OpenPlansService) {}

  @Get('open-plans')
  @ApiOperation({ summary: 'Plans whose engagement notice is published or whose dialogue has started, newest first; suppliers see whether they registered' })
  @ApiOkResponse({ schema: S.OpenPlanPage })
  @ApiErrors(403)
  openPlans(@Query() query: OpenPlansQuery, @CurrentCaller() caller: Caller) {
    return this.openPlansService.list(query, caller);
  }
}
