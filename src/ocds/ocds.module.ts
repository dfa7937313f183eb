import { Module } from '@nestjs/common';
import { OcdsController } from './ocds.controller';
import { OcdsService } from './ocds.service';

@Module({
  controllers: [OcdsController],
  providers: [OcdsService],
})
export class OcdsModule {}
