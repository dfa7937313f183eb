import { Module } from '@nestjs/common';
import { NoticesController } from './notices.controller';
import { NoticesService } from './notices.service';

/** eForms notices of a plan: the E1 engagement notice and its change notices (docs/notices.md, decision 0025). */
@Module({
  controllers: [NoticesController],
  providers: [NoticesService],
})
export class NoticesModule {}
