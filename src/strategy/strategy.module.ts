import { Module } from '@nestjs/common';
import { PlanLoader } from '../procurements/plan-loader';
import { StrategyController } from './strategy.controller';
import { StrategyService } from './strategy.service';

@Module({
  controllers: [StrategyController],
  providers: [StrategyService, PlanLoader],
})
export class StrategyModule {}
