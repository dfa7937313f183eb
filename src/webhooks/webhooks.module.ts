import { Module } from '@nestjs/common';
import { WebhookFanOut } from './webhook.fan-out';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSender } from './webhook.sender';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Webhook subscriptions and their signed CloudEvents deliveries (decision 0022, docs/webhooks.md). */
@Module({
  controllers: [WebhooksController],
  providers: [WebhookSecrets, WebhookSender, WebhookFanOut, WebhooksService],
  exports: [WebhookSender],
})
export class WebhooksModule {}
