import { Module } from '@nestjs/common';
import { HilmaStatisticsController } from './hilma-statistics.controller';
import { HilmaStatisticsService } from './hilma-statistics.service';

/** Hilma's statistical questions that go with the plan's E1 notice (docs/notices.md#hilma-statistics). */
@Module({
  controllers: [HilmaStatisticsController],
  providers: [HilmaStatisticsService],
})
export class HilmaStatisticsModule {}
