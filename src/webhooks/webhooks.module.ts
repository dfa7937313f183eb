import { Module } from '@nestjs/common';

/** Webhook subscriptions and their signed CloudEvents deliveries (decision 0022). */
@Module({})
export class WebhooksModule {}
