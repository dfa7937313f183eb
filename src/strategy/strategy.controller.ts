import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../common/auth/auth.decorators';
import type { Caller } from '../common/auth/caller';
import { ApiErrors, arrayOf } from '../common/openapi';
import { OrganisationIdPipe } from '../common/organisation-id.pipe';
import { PROCUREMENT_SCHEMAS } from '../procurements/procurement.schemas';
import { PlanIdPipe } from '../common/plan-id.pipe';
import { CreateStrategicGoalDto, DeclarePlanGoalsDto } from './dto/strategic-goal.dto';
import { STRATEGY_SCHEMAS as S } from './strategy.schemas';
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
  @ApiCreatedResponse({ schema: S.StrategicGoal })
  @ApiErrors(403, 404, 413, 422)
  create(@Param('org', OrganisationIdPipe) org: string, @Body() dto: CreateStrategicGoalDto, @CurrentCaller() caller: Caller) {
    return this.strategy.create(org, dto, caller);
  }

  @Get('organisations/:org/strategic-goals')
  @ApiOperation({ summary: "The organisation's strategic goals, each with the active plans that serve it" })
  @ApiOkResponse({ schema: arrayOf(S.StrategicGoal) })
  @ApiErrors(403, 404)
  list(@Param('org', OrganisationIdPipe) org: string, @CurrentCaller() caller: Caller) {
    return this.strategy.list(org, caller);
  }

  @Get('organisations/:org/strategic-goals/unserved')
  @ApiOperation({ summary: 'The strategic goals that no active plan of the organisation serves' })
  @ApiOkResponse({ schema: arrayOf(S.StrategicGoal) })
  @ApiErrors(403, 404)
  unserved(@Param('org', OrganisationIdPipe) org: string, @CurrentCaller() caller: Caller) {
    return this.strategy.unserved(org, caller);
  }

  @Get('organisations/:org/history/verify')
  @Roles('manager', 'admin')
  @ApiOperation({ summary: "Recompute the organisation's own audit chain (its strategic goals) and report every broken link" })
  @ApiOkResponse({ schema: PROCUREMENT_SCHEMAS.ChainVerification })
  @ApiErrors(403, 404)
  verifyTrail(@Param('org', OrganisationIdPipe) org: string, @CurrentCaller() caller: Caller) {
    return this.strategy.verifyTrail(org, caller);
  }

  @Get('procurements/:id/strategic-goals')
  @ApiOperation({ summary: "The organisation's strategic goals this plan declares it serves" })
  @ApiOkResponse({ schema: arrayOf(S.StrategicGoal) })
  @ApiErrors(403, 404)
  planGoals(@Param('id', PlanIdPipe) id: string, @CurrentCaller() caller: Caller) {
    return this.strategy.planGoals(id, caller);
  }

  @Put('procurements/:id/strategic-goals')
  @Roles('officer')
  @ApiOperation({ summary: 'Declare which of the organisation’s strategic goals this plan serves' })
  @ApiOkResponse({ schema: arrayOf(S.StrategicGoal) })
  @ApiErrors(403, 404, 409, 413, 422)
  declare(@Param('id', PlanIdPipe) id: string, @Body() dto: DeclarePlanGoalsDto, @CurrentCaller() caller: Caller) {
    return this.strategy.declare(id, dto.strategicGoalIds, caller);
  }
}
