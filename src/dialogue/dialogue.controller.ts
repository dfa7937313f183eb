import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../common/auth/auth.decorators';
import type { Caller } from '../common/auth/caller';
import { ApiErrors, arrayOf } from '../common/openapi';
import { PageQuery } from '../common/pagination';
import { PlanIdPipe } from '../common/plan-id.pipe';
import type { Language } from '../i18n/language';
import { RequestLanguage } from '../i18n/request-language';
import { ClarificationsService } from './clarifications.service';
import { DialogueOverviewService } from './dialogue-overview.service';
import { DIALOGUE_SCHEMAS as S } from './dialogue.schemas';
import { CreateRoundDto, ExtendRoundDto } from './dto/create-round.dto';
import { PublishAnswerDto } from './dto/officer-input.dto';
import { RegisterSupplierDto, UpdateRegistrationDto } from './dto/register-supplier.dto';
import { AskQuestionDto, CommentDraftDto, SubmitResponseDto } from './dto/supplier-input.dto';
import { RegistrationsService } from './registrations.service';
import { ResponsesService } from './responses.service';
import { RoundsService } from './rounds.service';

@ApiTags('market dialogue')
@ApiBearerAuth()
@Controller('procurements/:id/dialogue')
@Roles('officer', 'manager', 'admin', 'supplier')
export class DialogueController {
  constructor(
    private readonly overviewService: DialogueOverviewService,
    private readonly registrationsService: RegistrationsService,
    private readonly roundsService: RoundsService,
    private readonly responsesService: ResponsesService,
    private readonly clarificationsService: ClarificationsService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "The plan's dialogue as the caller may see it: officers everything, managers counts, suppliers the notice, rounds, published Q&A, shared material and summary",
  })
  @ApiOkResponse({ schema: S.DialogueOverview })
  @ApiErrors(403, 404)
  overview(@Param('id', PlanIdPipe) id: string, @CurrentCaller() caller: Caller) {
    return this.overviewService.get(id, caller);
  }

  @Post('registrations')
  @Roles('supplier')
  @ApiOperation({ summary: 'Register interest in the dialogue (supplier; business id from the token)' })
  @ApiCreatedResponse({ schema: S.Registration })
  @ApiErrors(403, 404, 409, 413)
  register(@Param('id', PlanIdPipe) id: string, @Body() dto: RegisterSupplierDto, @CurrentCaller() caller: Caller, @RequestLanguage() language: Language) {
    return this.registrationsService.register(id, dto, caller, language);
  }

  @Patch('registration')
  @Roles('supplier')
  @ApiOperation({ summary: "Change the supplier's own registration: the language of its e-mails, reminders, the contact e-mail (on the audit trail)" })
  @ApiOkResponse({ schema: S.Registration })
  @ApiErrors(403, 404, 413)
  updateRegistration(@Param('id', PlanIdPipe) id: string, @Body() dto: UpdateRegistrationDto, @CurrentCaller() caller: Caller) {
    return this.registrationsService.update(id, dto, caller);
  }

  @Get('registrations')
  @ApiOperation({ summary: 'Registered suppliers (officers); a supplier sees its own registration' })
  @ApiOkResponse({ schema: arrayOf(S.Registration) })
  @ApiErrors(403, 404)
  registrations(@Param('id', PlanIdPipe) id: string, @CurrentCaller() caller: Caller) {
    return this.registrationsService.list(id, caller);
  }

  @Post('rounds')
  @Roles('officer')
  @ApiOperation({ summary: 'Create a dialogue round; its deadlines become durable timers' })
  @ApiCreatedResponse({ schema: S.Round })
  @ApiErrors(403, 404, 409, 413, 422)
  createRound(@Param('id', PlanIdPipe) id: string, @Body() dto: CreateRoundDto, @CurrentCaller() caller: Caller) {
    return this.roundsService.create(id, dto, caller);
  }

  @Get('rounds')
  @ApiOperation({ summary: 'The dialogue rounds with their periods and status' })
  @ApiOkResponse({ schema: arrayOf(S.Round) })
  @ApiErrors(403, 404)
  rounds(@Param('id', PlanIdPipe) id: string, @CurrentCaller() caller: Caller) {
    return this.roundsService.list(id, caller);
  }

  @Get('rounds/:roundId')
  @ApiOperation({ summary: 'One round: periods, status, questionnaire or draft items' })
  @ApiOkResponse({ schema: S.Round })
  @ApiErrors(403, 404)
  round(@Param('id', PlanIdPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @CurrentCaller() caller: Caller) {
    return this.roundsService.get(id, roundId, caller);
  }

  @Patch('rounds/:roundId')
  @Roles('officer')
  @ApiOperation({ summary: "Extend a round's deadlines (never shorten them); the audit trail keeps old and new dates" })
  @ApiOkResponse({ schema: S.Round })
  @ApiErrors(403, 404, 409, 413, 422)
  extend(@Param('id', PlanIdPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Body() dto: ExtendRoundDto, @CurrentCaller() caller: Caller) {
    return this.roundsService.extend(id, roundId, dto, caller);
  }

  @Put('rounds/:roundId/response')
  @Roles('supplier')
  @ApiOperation({ summary: 'Submit or update the supplier’s response to an RFI until the round closes; every version is kept' })
  @ApiOkResponse({ description: 'The new version of the response.', schema: S.ResponseVersion })
  @ApiErrors(403, 404, 409, 413, 422)
  respond(
    @Param('id', PlanIdPipe) id: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
    @Body() dto: SubmitResponseDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.responsesService.submitResponse(id, roundId, dto, caller);
  }

  @Get('rounds/:roundId/responses')
  @ApiOperation({ summary: 'Responses with every version (officers); a supplier sees only its own' })
  @ApiOkResponse({ schema: arrayOf(S.SupplierResponses) })
  @ApiErrors(403, 404)
  responses(@Param('id', PlanIdPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @CurrentCaller() caller: Caller) {
    return this.responsesService.listResponses(id, roundId, caller);
  }

  @Post('rounds/:roundId/questions')
  @Roles('supplier')
  @ApiOperation({ summary: 'Ask a clarification question until the round’s question deadline' })
  @ApiCreatedResponse({ schema: S.OwnQuestion })
  @ApiErrors(403, 404, 409, 413, 422)
  ask(@Param('id', PlanIdPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Body() dto: AskQuestionDto, @CurrentCaller() caller: Caller) {
    return this.clarificationsService.ask(id, roundId, dto, caller);
  }

  @Get('rounds/:roundId/questions')
  @ApiOperation({ summary: 'Published Q&A (askers anonymous), plus all questions a page at a time (officers) or the supplier’s own' })
  @ApiOkResponse({ schema: S.Questions })
  @ApiErrors(403, 404)
  questions(@Param('id', PlanIdPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Query() page: PageQuery, @CurrentCaller() caller: Caller) {
    return this.clarificationsService.list(id, roundId, caller, page);
  }

  @Post('rounds/:roundId/answers')
  @Roles('officer')
  @ApiOperation({ summary: 'Publish one answer to one or more (duplicate) questions to every registered supplier, or a dismissal with its reason' })
  @ApiCreatedResponse({ schema: S.PublishedAnswer })
  @ApiErrors(403, 404, 409, 413, 422)
  answer(
    @Param('id', PlanIdPipe) id: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
    @Body() dto: PublishAnswerDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.clarificationsService.publishAnswer(id, roundId, dto, caller);
  }

  @Post('rounds/:roundId/comments')
  @Roles('supplier')
  @ApiOperation({ summary: 'Comment on a draft item of a commenting round until it closes' })
  @ApiCreatedResponse({ schema: S.DraftComment })
  @ApiErrors(403, 404, 409, 413, 422)
  commentDraft(
    @Param('id', PlanIdPipe) id: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
    @Body() dto: CommentDraftDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.responsesService.comment(id, roundId, dto, caller);
  }

  @Get('rounds/:roundId/comments')
  @ApiOperation({ summary: 'Comments on draft items (officers); a supplier sees its own' })
  @ApiOkResponse({ schema: arrayOf(S.DraftComment) })
  @ApiErrors(403, 404)
  comments(@Param('id', PlanIdPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @CurrentCaller() caller: Caller) {
    return this.responsesService.listComments(id, roundId, caller);
  }
}
