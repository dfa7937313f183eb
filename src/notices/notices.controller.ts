import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CurrentCaller, Roles } from '../common/auth/auth.decorators';
import type { Caller } from '../common/auth/caller';
import { ApiErrors } from '../common/openapi';
import { PlanIdPipe } from '../common/plan-id.pipe';
import { NOTICE_SCHEMAS as S } from './notices.schemas';
import { NoticesService } from './notices.service';

export class NoticeVersionQuery {
  @ApiPropertyOptional({ description: 'A version of the notice (1 is the first; see /versions); the latest when not given.', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  version?: number;
}

@ApiTags('notices')
@ApiBearerAuth()
@Controller('procurements/:id/notices/e1')
@Roles('officer', 'manager', 'admin', 'supplier')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get()
  @Header('Content-Type', 'application/xml; charset=utf-8')
  @ApiOperation({
    summary:
      "The plan's engagement notice as an eForms E1 notice (SDK 1.13, Hilma's national extension), as issued: the latest version, or ?version=N. Staff of the organisation; suppliers once it is published",
  })
  @ApiOkResponse({ description: 'The notice: a PriorInformationNotice of subtype E1.', content: { 'application/xml': { schema: { type: 'string' } } } })
  @ApiErrors(400, 403, 404)
  xml(@Param('id', PlanIdPipe) id: string, @Query() query: NoticeVersionQuery, @CurrentCaller() caller: Caller) {
    return this.notices.xml(id, caller, query.version);
  }

  @Get('versions')
  @ApiOperation({ summary: "Every version of the plan's E1 notice: the first, then a change notice for each change (an extended answers deadline)" })
  @ApiOkResponse({ schema: S.NoticeVersions })
  @ApiErrors(403, 404)
  versions(@Param('id', PlanIdPipe) id: string, @CurrentCaller() caller: Caller) {
    return this.notices.versions(id, caller);
  }
}
