import { Module } from '@nestjs/common';
import { PortfolioSeeder } from './portfolio-seeder';
import { PortfolioController } from './portfolio.controller';
import { PortfolioProjection } from './portfolio.projection';
import { PortfolioService } from './portfolio.service';

@Module({
  controllers: [PortfolioController],
  providers: [PortfolioProjection, PortfolioService, PortfolioSeeder],
  exports: [PortfolioProjection, PortfolioSeeder],
})
export class PortfolioModule {}
