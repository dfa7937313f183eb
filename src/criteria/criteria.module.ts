import { Module } from '@nestjs/common';
import { CriteriaController } from './criteria.controller';
import { CriteriaService } from './criteria.service';
import { LifeCycleCostService } from './life-cycle-cost.service';

@Module({
  controllers: [CriteriaController],
  providers: [CriteriaService, LifeCycleCostService],
})
export class CriteriaModule {}
