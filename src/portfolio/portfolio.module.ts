import { Module } from '@nestjs/common';
import { PortfolioController } from './portfolio.controller';
import { PortfolioProjection } from './portfolio.projection';
import { PortfolioService } from './portfolio.service';

@Module({
  controllers: [PortfolioController],
  providers: [PortfolioProjection, PortfolioService],
  exports: [PortfolioProjection],
})
export class PortfolioModule {}
