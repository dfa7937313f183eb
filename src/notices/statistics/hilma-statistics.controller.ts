import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { ApiErrors } from '../../common/openapi';
import { PlanIdPipe } from '../../common/plan-id.pipe';
import { OverrideStatisticsDto } from './dto/override-statistics.dto';
import { HILMA_STATISTICS_SCHEMAS as S } from './hilma-statistics.schemas';
import { HilmaStatisticsService } from './hilma-statistics.service';

@ApiTags('notices')
@ApiBearerAuth()
@Controller('procurements/:id/notices/e1/hilma-statistics')
@Roles('officer', 'manager', 'admin')
export class HilmaStatisticsController {
  constructor(private readonly statistics: HilmaStatisticsService) {}

  @Get()
  @ApiOperation({
    summary: "Hilma's statistical questions for the E1 notice, by lot: each answer derived from the plan (with its reasons) or overridden by an officer",
  })
  @ApiOkResponse({ schema: S.HilmaStatistics })
  @ApiErrors(403, 404)
  get(@Param('id', PlanIdPipe) id: string, @CurrentCaller() caller: Caller) {
    return this.statistics.get(id, caller);
  }

  @Patch()
  @Roles('officer')
  @ApiOperation({ summary: "Override answers to Hilma's statistical questions, each with a reason (null removes an override); recorded in the audit trail" })
  @ApiOkResponse({ schema: S.HilmaStatistics })
  @ApiErrors(403, 404, 409, 413, 422)
  override(@Param('id', PlanIdPipe) id: string, @Body() dto: OverrideStatisticsDto, @CurrentCaller() caller: Caller) {
    return this.statistics.override(id, dto, caller);
  }
}
