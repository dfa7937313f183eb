import { Module } from '@nestjs/common';
import { PlanLoader } from '../procurements/plan-loader';
import { OcdsController } from './ocds.controller';
import { OcdsService } from './ocds.service';

@Module({
  controllers: [OcdsController],
  providers: [OcdsService, PlanLoader],
})
export class OcdsModule {}
