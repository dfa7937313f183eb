import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Language } from '../i18n/language';
import { RequestLanguage } from '../i18n/request-language';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentCaller, Roles } from '../common/auth/auth.decorators';
import type { Caller } from '../common/auth/caller';
import { etag, parseIfMatch } from '../common/if-match';
import { PageQuery } from '../common/pagination';
import { PlanIdPipe } from '../common/plan-id.pipe';
import type { IncomingEvent } from '../engine/engine.service';
import { CreateProcurementDto } from './dto/create-procurement.dto';
import { ListProcurementsQuery } from './dto/list-procurements.query';
import { UpdateProcurementDto } from './dto/update-procurement.dto';
import { EventBodyPipe } from './event-body.pipe';
import { ProcurementsService } from './procurements.service';

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
  async create(
    @Body() dto: CreateProcurementDto,
    @CurrentCaller() caller: Caller,
    @RequestLanguage() language: Language,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const plan = await this.procurements.create(dto, caller, language);
    void reply.header('Location', `/procurements/${plan.id}`).header('ETag', etag(plan.version));
    return plan;
  }

  @Get()
  @ApiOperation({ summary: 'List plans, filtered and sorted, with cursor pagination' })
  list(@Query() query: ListProcurementsQuery, @CurrentCaller() caller: Caller) {
    return this.procurements.list(query, caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A plan with its stage, version and every event with its unmet requirements' })
  async get(
    @Param('id', PlanIdPipe) id: string,
    @CurrentCaller() caller: Caller,
    @RequestLanguage() language: Language,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const plan = await this.procurements.get(id, caller, language);
    void reply.header('ETag', etag(plan.version));
    return plan;
  }

  @Patch(':id')
  @Roles('officer')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: "Edit the plan's details; a closed plan only its rationale" })
  async update(
    @Param('id', PlanIdPipe) id: string,
    @Body() dto: UpdateProcurementDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @RequestLanguage() language: Language,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const plan = await this.procurements.update(id, dto, caller, language, parseIfMatch(ifMatch));
    void reply.header('ETag', etag(plan.version));
    return plan;
  }

  @Post(':id/events')
  @HttpCode(200)
  @Roles('officer', 'manager')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Send a workflow event: { "type": "…", …payload }. A refused event gets 409 naming every unmet requirement.' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['type'],
      properties: { type: { type: 'string', example: 'START_NEEDS_ASSESSMENT' } },
      additionalProperties: true,
    },
  })
  async send(
    @Param('id', PlanIdPipe) id: string,
    @Body(EventBodyPipe) event: IncomingEvent,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @RequestLanguage() language: Language,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const plan = await this.procurements.send(id, event, caller, language, parseIfMatch(ifMatch));
    void reply.header('ETag', etag(plan.version));
    return plan;
  }

  @Get(':id/history')
  @ApiOperation({ summary: "The plan's audit trail, oldest first" })
  history(@Param('id', PlanIdPipe) id: string, @Query() query: PageQuery, @CurrentCaller() caller: Caller) {
    return this.procurements.history(id, query, caller);
  }

  @Get(':id/history/verify')
  @ApiOperation({ summary: "Recompute the audit trail's hash chain and report the first broken link" })
  verify(@Param('id', PlanIdPipe) id: string, @CurrentCaller() caller: Caller) {
    return this.procurements.verify(id, caller);
  }
}
