import { Module } from '@nestjs/common';
import { DialogueDirectoryController } from './dialogue-directory.controller';
import { DialogueController } from './dialogue.controller';
import { DialogueService } from './dialogue.service';

@Module({
  controllers: [DialogueController, DialogueDirectoryController],
  providers: [DialogueService],
})
export class DialogueModule {}
