import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../common/auth/auth.decorators';
import type { Caller } from '../common/auth/caller';
import { ApiErrors, arrayOf } from '../common/openapi';
import { PlanIdPipe } from '../common/plan-id.pipe';
import type { Language } from '../i18n/language';
import { RequestLanguage } from '../i18n/request-language';
import { CRITERIA_SCHEMAS as S } from './criteria.schemas';
import { CriteriaService } from './criteria.service';
import { CriterionDto, ReplaceCriteriaDto, TemplateQuery } from './dto/criterion.dto';
import { LifeCycleCostDto } from './dto/life-cycle-cost.dto';
import { LifeCycleCostService } from './life-cycle-cost.service';

@ApiTags('criteria and life-cycle cost')
@ApiBearerAuth()
@Controller()
@Roles('officer', 'manager', 'admin')
export class CriteriaController {
  constructor(
    private readonly criteria: CriteriaService,
    private readonly lcc: LifeCycleCostService,
  ) {}

  @Get('criteria/templates')
  @Roles('officer', 'manager', 'admin', 'supplier')
  @ApiOperation({ summary: 'Reusable digi-green criterion templates, each naming the public guidance it comes from' })
  @ApiOkResponse({ schema: arrayOf(S.CriterionTemplate) })
  @ApiErrors(403)
  templates(@Query() query: TemplateQuery, @RequestLanguage() language: Language) {
    return this.criteria.templates(query, language);
  }

  @Get('procurements/:id/criteria')
  @ApiOperation({ summary: "The plan's criteria and the sum of its award weights" })
  @ApiOkResponse({ schema: S.PlanCriteria })
  @ApiErrors(403, 404)
  list(@Param('id', PlanIdPipe) id: string, @CurrentCaller() caller: Caller) {
    return this.criteria.list(id, caller);
  }

  @Post('procurements/:id/criteria')
  @Roles('officer')
  @ApiOperation({ summary: 'Add a criterion (from scratch or from a template); a local-origin preference is refused' })
  @ApiCreatedResponse({ schema: S.Criterion })
  @ApiErrors(403, 404, 409, 413, 422)
  add(@Param('id', PlanIdPipe) id: string, @Body() dto: CriterionDto, @CurrentCaller() caller: Caller, @RequestLanguage() language: Language) {
    return this.criteria.add(id, dto, caller, language);
  }

  @Put('procurements/:id/criteria')
  @Roles('officer')
  @ApiOperation({ summary: 'Replace every criterion at once; award weights must then sum to 100' })
  @ApiOkResponse({ schema: S.PlanCriteria })
  @ApiErrors(403, 404, 409, 413, 422)
  replace(@Param('id', PlanIdPipe) id: string, @Body() dto: ReplaceCriteriaDto, @CurrentCaller() caller: Caller, @RequestLanguage() language: Language) {
    return this.criteria.replaceAll(id, dto.criteria, caller, language);
  }

  @Patch('procurements/:id/criteria/:criterionId')
  @Roles('officer')
  @ApiOperation({ summary: 'Change a criterion' })
  @ApiOkResponse({ schema: S.Criterion })
  @ApiErrors(403, 404, 409, 413, 422)
  update(
    @Param('id', PlanIdPipe) id: string,
    @Param('criterionId', ParseUUIDPipe) criterionId: string,
    @Body() dto: CriterionDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.criteria.update(id, criterionId, dto, caller);
  }

  @Delete('procurements/:id/criteria/:criterionId')
  @Roles('officer')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a criterion' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiErrors(403, 404, 409)
  async remove(@Param('id', PlanIdPipe) id: string, @Param('criterionId', ParseUUIDPipe) criterionId: string, @CurrentCaller() caller: Caller) {
    await this.criteria.remove(id, criterionId, caller);
  }

  @Get('procurements/:id/life-cycle-cost')
  @ApiOperation({ summary: 'The life-cycle cost model with each option’s net present cost, CO2e over the life, and ranking' })
  @ApiOkResponse({ schema: S.LifeCycleCost })
  @ApiErrors(403, 404)
  getLcc(@Param('id', PlanIdPipe) id: string, @CurrentCaller() caller: Caller) {
    return this.lcc.get(id, caller);
  }

  @Put('procurements/:id/life-cycle-cost')
  @Roles('officer')
  @ApiOperation({ summary: 'Set the life-cycle cost model: options, life, discount rate, carbon price, method and data tenderers supply' })
  @ApiOkResponse({ schema: S.LifeCycleCost })
  @ApiErrors(403, 404, 409, 413, 422)
  putLcc(@Param('id', PlanIdPipe) id: string, @Body() dto: LifeCycleCostDto, @CurrentCaller() caller: Caller) {
    return this.lcc.put(id, dto, caller);
  }

  @Delete('procurements/:id/life-cycle-cost')
  @Roles('officer')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop using life-cycle costing for this plan' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiErrors(403, 404, 409)
  async removeLcc(@Param('id', PlanIdPipe) id: string, @CurrentCaller() caller: Caller) {
    await this.lcc.remove(id, caller);
  }
}
