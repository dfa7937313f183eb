import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { CurrentCaller, Roles } from '../common/auth/auth.decorators';
import type { Caller } from '../common/auth/caller';
import { ApiErrors } from '../common/openapi';
import { PageQuery } from '../common/pagination';
import { PlanIdPipe } from '../common/plan-id.pipe';
import { OCDS_SCHEMAS as S } from './ocds.schemas';
import { OcdsService } from './ocds.service';

export class FeedQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only plans changed at or after this time (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ description: 'Admins: one organisation.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  org?: string;
}

const baseUri = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

@ApiTags('OCDS')
@ApiBearerAuth()
@Controller()
@Roles('officer', 'manager', 'admin')
export class OcdsController {
  constructor(private readonly ocds: OcdsService) {}

  @Get('procurements/:id/ocds')
  @ApiOperation({ summary: 'The plan as an OCDS 1.1 release package (planning release, sustainability extension)' })
  @ApiOkResponse({ schema: S.ReleasePackage })
  @ApiErrors(403, 404)
  forPlan(@Param('id', PlanIdPipe) id: string, @CurrentCaller() caller: Caller, @Req() req: FastifyRequest) {
    return this.ocds.forPlan(id, caller, baseUri(req));
  }

  @Get('ocds/releases')
  @ApiOperation({ summary: 'Release packages of every plan changed since a time, oldest change first, paginated' })
  @ApiOkResponse({ schema: S.ReleasePackagePage })
  @ApiErrors(403)
  feed(@Query() query: FeedQuery, @CurrentCaller() caller: Caller, @Req() req: FastifyRequest) {
    return this.ocds.feed(query, caller, baseUri(req));
  }
}
