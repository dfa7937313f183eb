import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../common/auth/auth.decorators';
import type { Caller } from '../common/auth/caller';
import { OrganisationIdPipe } from '../common/organisation-id.pipe';
import { PlanIdPipe } from '../common/plan-id.pipe';
import { CreateStrategicGoalDto, DeclarePlanGoalsDto } from './dto/strategic-goal.dto';
import { StrategyService } from './strategy.service';

@ApiTags('strategic goals')
@ApiBearerAuth()
@Controller()
@Roles('officer', 'manager', 'admin')
export class StrategyController {
  constructor(private readonly strategy: StrategyService) {}

  @Post('organisations/:org/strategic-goals')
  @Roles('manager', 'admin')
  @ApiOperation({ summary: 'Record a strategic goal of the organisation, mapped to OCDS sustainability goal codes' })
  create(@Param('org', OrganisationIdPipe) org: string, @Body() dto: CreateStrategicGoalDto, @CurrentCaller() caller: Caller) {
    return this.strategy.create(org, dto, caller);
  }

  @Get('organisations/:org/strategic-goals')
  @ApiOperation({ summary: "The organisation's strategic goals, each with the active plans that serve it" })
  list(@Param('org', OrganisationIdPipe) org: string, @CurrentCaller() caller: Caller) {
    return this.strategy.list(org, caller);
  }

  @Get('organisations/:org/strategic-goals/unserved')
  @ApiOperation({ summary: 'The strategic goals that no active plan of the organisation serves' })
  unserved(@Param('org', OrganisationIdPipe) org: string, @CurrentCaller() caller: Caller) {
    return this.strategy.unserved(org, caller);
  }

  @Get('organisations/:org/history/verify')
  @Roles('manager', 'admin')
  @ApiOperation({ summary: "Recompute the organisation's own audit chain (its strategic goals) and report every broken link" })
  verifyTrail(@Param('org', OrganisationIdPipe) org: string, @CurrentCaller() caller: Caller) {
    return this.strategy.verifyTrail(org, caller);
  }

  @Get('procurements/:id/strategic-goals')
  @ApiOperation({ summary: "The organisation's strategic goals this plan declares it serves" })
  planGoals(@Param('id', PlanIdPipe) id: string, @CurrentCaller() caller: Caller) {
    return this.strategy.planGoals(id, caller);
  }

  @Put('procurements/:id/strategic-goals')
  @Roles('officer')
  @ApiOperation({ summary: 'Declare which of the organisation’s strategic goals this plan serves' })
  declare(@Param('id', PlanIdPipe) id: string, @Body() dto: DeclarePlanGoalsDto, @CurrentCaller() caller: Caller) {
    return this.strategy.declare(id, dto.strategicGoalIds, caller);
  }
}
