import { Global, Module } from '@nestjs/common';
import { ThresholdRules } from './threshold-rules.service';

@Global()
@Module({ providers: [ThresholdRules], exports: [ThresholdRules] })
export class ThresholdsModule {}
