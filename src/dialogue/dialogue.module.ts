import { Module } from '@nestjs/common';
import { ClarificationsService } from './clarifications.service';
import { DialogueDirectoryController } from './dialogue-directory.controller';
import { DialogueFactsService } from './dialogue-facts.service';
import { DialogueOverviewService } from './dialogue-overview.service';
import { DialogueSupport } from './dialogue-support';
import { DialogueController } from './dialogue.controller';
import { MeetingsController } from './meetings.controller';
import { MeetingsService } from './meetings.service';
import { OpenPlansService } from './open-plans.service';
import { RegistrationsService } from './registrations.service';
import { ResponsesService } from './responses.service';
import { RoundsService } from './rounds.service';

@Module({
  controllers: [DialogueController, MeetingsController, DialogueDirectoryController],
  // DialogueSupport before MeetingsService: the order in which they register their audited kinds, and a trail's verification reports them.
  providers: [
    DialogueSupport,
    RegistrationsService,
    RoundsService,
    ResponsesService,
    ClarificationsService,
    MeetingsService,
    OpenPlansService,
    DialogueFactsService,
    DialogueOverviewService,
  ],
})
export class DialogueModule {}
