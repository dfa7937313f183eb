import { MailSender } from '../../src/mail/mail.sender';
import { OutboxDispatcher } from '../../src/outbox/outbox.dispatcher';
import { WebhookSender } from '../../src/webhooks/webhook.sender';
import type { TestApp } from './create-test-app';

/**
 * Hands every committed event on and sends every due webhook delivery and e-mail, as the background
 * workers would; waits for all of them (e-mail only when SMTP_URL is set).
 */
export async function settleOutbound(t: TestApp): Promise<void> {
  await t.app.get(OutboxDispatcher).dispatch();
  await t.app.get(WebhookSender).runDue();
  await t.app.get(MailSender).runDue();
}
