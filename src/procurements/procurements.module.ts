import { Module } from '@nestjs/common';
import { ProcurementsController } from './procurements.controller';
import { PlanLoader } from './plan-loader';
import { ProcurementsService } from './procurements.service';

@Module({
  controllers: [ProcurementsController],
  providers: [ProcurementsService, PlanLoader],
})
export class ProcurementsModule {}
