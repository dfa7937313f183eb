import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../common/auth/auth.decorators';
import type { Caller } from '../common/auth/caller';
import { ApiErrors } from '../common/openapi';
import { OrganisationIdPipe } from '../common/organisation-id.pipe';
import { OrganisationProfileDto } from './dto/organisation-profile.dto';
import { ORGANISATION_SCHEMAS as S } from './organisations.schemas';
import { OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations/:org/profile')
@Roles('officer', 'manager', 'admin')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @ApiOperation({
    summary: "The organisation's profile: what it states about itself (whether it is a central government authority, which sets its EU thresholds)",
  })
  @ApiOkResponse({ schema: S.OrganisationProfile })
  @ApiErrors(403)
  get(@Param('org', OrganisationIdPipe) org: string, @CurrentCaller() caller: Caller) {
    return this.organisations.get(org, caller);
  }

  @Put()
  @Roles('manager', 'admin')
  @ApiOperation({ summary: "State the organisation's profile (managers of the organisation); recorded in the organisation's audit trail" })
  @ApiOkResponse({ schema: S.OrganisationProfile })
  @ApiErrors(400, 403, 413)
  put(@Param('org', OrganisationIdPipe) org: string, @Body() dto: OrganisationProfileDto, @CurrentCaller() caller: Caller) {
    return this.organisations.put(org, dto, caller);
  }
}
