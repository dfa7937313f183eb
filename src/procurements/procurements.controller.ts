import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { Language } from '../i18n/language';
import { RequestLanguage } from '../i18n/request-language';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentCaller, Roles } from '../common/auth/auth.decorators';
import type { Caller } from '../common/auth/caller';
import { etag, parseIfMatch } from '../common/if-match';
import { ApiErrors } from '../common/openapi';
import { PageQuery } from '../common/pagination';
import { PlanIdPipe } from '../common/plan-id.pipe';
import type { IncomingEvent } from '../engine/engine.service';
import { CreateProcurementDto } from './dto/create-procurement.dto';
import { ListProcurementsQuery } from './dto/list-procurements.query';
import { UpdateProcurementDto } from './dto/update-procurement.dto';
import { PlanTeamDto } from './dto/plan-team.dto';
import { EventBodyPipe } from './event-body.pipe';
import { answerWithPlan } from './plan-answer';
import { PROCUREMENT_SCHEMAS as S } from './procurement.schemas';
import { ProcurementsService } from './procurements.service';
import { WORKFLOW_EVENT } from './workflow-event.schema';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The plan version from ETag; a stale one gets 412.' };

@ApiTags('procurements')
@ApiBearerAuth()
@Controller('procurements')
@Roles('officer', 'manager', 'admin')
export class ProcurementsController {
  constructor(private readonly procurements: ProcurementsService) {}

  @Post()
  @Roles('officer')
  @ApiOperation({ summary: "Create a procurement plan in the officer's organisation" })
  @ApiCreatedResponse({ description: 'The plan, with `Location` and `ETag`.', schema: S.PlanDetail })
  @ApiErrors(403, 413, 422)
  async create(
    @Body() dto: CreateProcurementDto,
    @CurrentCaller() caller: Caller,
    @RequestLanguage() language: Language,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const plan = await this.procurements.create(dto, caller, language);
    void reply.header('Location', `/procurements/${plan.id}`);
    return answerWithPlan(reply, plan);
  }

  @Get()
  @ApiOperation({ summary: 'List plans, filtered and sorted, with cursor pagination' })
  @ApiOkResponse({ schema: S.PlanPage })
  @ApiErrors(403)
  list(@Query() query: ListProcurementsQuery, @CurrentCaller() caller: Caller) {
    return this.procurements.list(query, caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A plan with its stage, version and every event with its unmet requirements' })
  @ApiOkResponse({ description: 'The plan, with `ETag`.', schema: S.PlanDetail })
  @ApiErrors(403, 404)
  async get(
    @Param('id', PlanIdPipe) id: string,
    @CurrentCaller() caller: Caller,
    @RequestLanguage() language: Language,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const plan = await this.procurements.get(id, caller, language);
    return answerWithPlan(reply, plan);
  }

  @Patch(':id')
  @Roles('officer')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: "Edit the plan's details; a closed plan only its rationale" })
  @ApiOkResponse({ description: 'The plan, with `ETag`.', schema: S.PlanDetail })
  @ApiErrors(403, 404, 409, 412, 413, 422)
  async update(
    @Param('id', PlanIdPipe) id: string,
    @Body() dto: UpdateProcurementDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @RequestLanguage() language: Language,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const plan = await this.procurements.update(id, dto, caller, language, parseIfMatch(ifMatch));
    return answerWithPlan(reply, plan);
  }

  @Post(':id/events')
  @HttpCode(200)
  @Roles('officer', 'manager')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Send a workflow event: { "type": "…", …payload }. A refused event gets 409 naming every unmet requirement.' })
  @ApiBody({ schema: WORKFLOW_EVENT })
  @ApiOkResponse({ description: 'The plan in its new stage, with `ETag`.', schema: S.PlanDetail })
  @ApiErrors(403, 404, 409, 412, 413, 422)
  async send(
    @Param('id', PlanIdPipe) id: string,
    @Body(EventBodyPipe) event: IncomingEvent,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @RequestLanguage() language: Language,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const plan = await this.procurements.send(id, event, caller, language, parseIfMatch(ifMatch));
    return answerWithPlan(reply, plan);
  }

  @Get(':id/team')
  @ApiOperation({ summary: "The plan's team (owner and members, who may change the plan) and the organisation's officers who could join it" })
  @ApiOkResponse({ schema: S.PlanTeam })
  @ApiErrors(403, 404)
  team(@Param('id', PlanIdPipe) id: string, @CurrentCaller() caller: Caller) {
    return this.procurements.team(id, caller);
  }

  @Put(':id/team')
  @Roles('officer', 'manager', 'admin')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: "Change the plan's owner (managers) or its members (managers and the owner); recorded in the audit trail" })
  @ApiOkResponse({ description: 'The team, with the plan version as `ETag`.', schema: S.PlanTeam })
  @ApiErrors(400, 403, 404, 409, 412, 413, 422)
  async changeTeam(
    @Param('id', PlanIdPipe) id: string,
    @Body() dto: PlanTeamDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const team = await this.procurements.changeTeam(id, dto, caller, parseIfMatch(ifMatch));
    void reply.header('ETag', etag(team.version));
    return team;
  }

  @Get(':id/history')
  @ApiOperation({ summary: "The plan's audit trail, oldest first" })
  @ApiOkResponse({ schema: S.AuditEventPage })
  @ApiErrors(403, 404)
  history(@Param('id', PlanIdPipe) id: string, @Query() query: PageQuery, @CurrentCaller() caller: Caller) {
    return this.procurements.history(id, query, caller);
  }

  @Get(':id/history/verify')
  @ApiOperation({ summary: "Recompute the audit trail's hash chain and report the first broken link" })
  @ApiOkResponse({ schema: S.ChainVerification })
  @ApiErrors(403, 404)
  verify(@Param('id', PlanIdPipe) id: string, @CurrentCaller() caller: Caller) {
    return this.procurements.verify(id, caller);
  }
}
