import { Module } from '@nestjs/common';
import { DialogueDirectoryController } from './dialogue-directory.controller';
import { DialogueController } from './dialogue.controller';
import { DialogueService } from './dialogue.service';
import { MeetingsController } from './meetings.controller';
import { MeetingsService } from './meetings.service';

@Module({
  controllers: [DialogueController, MeetingsController, DialogueDirectoryController],
  providers: [DialogueService, MeetingsService],
})
export class DialogueModule {}
