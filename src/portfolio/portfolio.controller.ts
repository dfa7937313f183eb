import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../common/auth/auth.decorators';
import type { Caller } from '../common/auth/caller';
import { PortfolioPlansQuery, PortfolioScopeQuery, SummaryQuery } from './dto/portfolio.query';
import { ApiErrors, arrayOf } from '../common/openapi';
import { PORTFOLIO_SCHEMAS as S } from './portfolio.schemas';
import { PortfolioService } from './portfolio.service';

@ApiTags('portfolio')
@ApiBearerAuth()
@Controller('portfolio')
@Roles('manager', 'admin')
export class PortfolioController {
  constructor(private readonly portfolio: PortfolioService) {}

  @Get('summary')
  @ApiOperation({
    summary:
      'Plans per stage, workflow and officer; median and 90th-percentile days in each stage; overdue and stalled plans; approvals waiting; sustainability goal shares',
  })
  @ApiOkResponse({ schema: S.PortfolioSummary })
  @ApiErrors(403)
  summary(@Query() query: SummaryQuery, @CurrentCaller() caller: Caller) {
    return this.portfolio.summary(query, caller);
  }

  @Get('plans')
  @ApiOperation({ summary: 'Plans filtered by stage, officer, overdue, stalled, goal code and creation date; sortable by days in stage' })
  @ApiOkResponse({ schema: S.PortfolioPlanPage })
  @ApiErrors(403)
  plans(@Query() query: PortfolioPlansQuery, @CurrentCaller() caller: Caller) {
    return this.portfolio.list(query, caller);
  }

  @Get('approvals')
  @ApiOperation({ summary: 'Plans waiting for approval in the organisation, oldest request first' })
  @ApiOkResponse({ schema: arrayOf(S.ApprovalWaiting) })
  @ApiErrors(403)
  approvals(@Query() query: PortfolioScopeQuery, @CurrentCaller() caller: Caller) {
    return this.portfolio.approvals(query, caller);
  }
}
