import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../common/auth/auth.decorators';
import type { Caller } from '../common/auth/caller';
import { ApiErrors } from '../common/openapi';
import { PlanIdPipe } from '../common/plan-id.pipe';
import { DIALOGUE_SCHEMAS as S } from './dialogue.schemas';
import { BookSlotDto, OfferMeetingsDto } from './dto/meetings.dto';
import { RecordMinutesDto } from './dto/officer-input.dto';
import { MeetingsService } from './meetings.service';

@ApiTags('market dialogue')
@ApiBearerAuth()
@Controller('procurements/:id/dialogue/rounds/:roundId/meetings')
@Roles('officer', 'manager', 'admin', 'supplier')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Post()
  @Roles('officer')
  @ApiOperation({
    summary:
      'Offer meeting slots (one duration a round) and a meeting to every registered supplier that has none in this round; without new slots, offers the round’s slots to suppliers registered since',
  })
  @ApiCreatedResponse({ schema: S.MeetingsOffered })
  @ApiErrors(403, 404, 409, 413, 422)
  offer(@Param('id', PlanIdPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Body() dto: OfferMeetingsDto, @CurrentCaller() caller: Caller) {
    return this.meetings.offer(id, roundId, dto, caller);
  }

  @Get()
  @ApiOperation({
    summary: 'Slots with their bookings and meetings with minutes (officers); a supplier sees the free slots, its own meeting and all shared material',
  })
  @ApiOkResponse({ schema: S.Meetings })
  @ApiErrors(403, 404)
  list(@Param('id', PlanIdPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @CurrentCaller() caller: Caller) {
    return this.meetings.list(id, roundId, caller);
  }

  @Put('booking')
  @Roles('supplier')
  @ApiOperation({ summary: 'Book a free slot for the supplier’s meeting, or move its booking there (supplier); 409 when another supplier booked it first' })
  @ApiOkResponse({ schema: S.SupplierMeeting })
  @ApiErrors(403, 404, 409, 413, 422)
  book(@Param('id', PlanIdPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @Body() dto: BookSlotDto, @CurrentCaller() caller: Caller) {
    return this.meetings.book(id, roundId, dto, caller);
  }

  @Delete('booking')
  @Roles('supplier')
  @ApiOperation({ summary: 'Decline the supplier’s meeting (supplier): its slot, if booked, is free again; the decline is on the record' })
  @ApiOkResponse({ schema: S.SupplierMeeting })
  @ApiErrors(403, 404, 409)
  decline(@Param('id', PlanIdPipe) id: string, @Param('roundId', ParseUUIDPipe) roundId: string, @CurrentCaller() caller: Caller) {
    return this.meetings.decline(id, roundId, caller);
  }

  @Post(':meetingId/minutes')
  @Roles('officer')
  @ApiOperation({ summary: 'Record the minutes of a booked meeting once its slot has ended; its shared material becomes visible to every registered supplier' })
  @ApiCreatedResponse({ schema: S.Meeting })
  @ApiErrors(403, 404, 409, 413, 422)
  minutes(
    @Param('id', PlanIdPipe) id: string,
    @Param('roundId', ParseUUIDPipe) roundId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
    @Body() dto: RecordMinutesDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.meetings.recordMinutes(id, roundId, meetingId, dto, caller);
  }
}
