import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { Environment } from '../config/environment';
import { bulkInsert } from '../database/bulk-insert';
import type { DispatchedEvent, OutboxConsumer } from '../outbox/outbox.consumer';
import { OutboxDispatcher } from '../outbox/outbox.dispatcher';
import { html, plainText } from './letter';
import { MailComposer } from './mail.composer';
import { MailMessageEntity } from './mail.entities';
import { MailSender } from './mail.sender';

/**
 * Turns dispatched outbox events into e-mails (decision 0023): one `mail_messages` row per
 * recipient, written in the dispatcher's transaction, so an event is turned into mail exactly once.
 * Without SMTP_URL e-mail is off: the consumer says so once and does not register.
 */
@Injectable()
export class MailConsumer implements OutboxConsumer, OnModuleInit {
  readonly name = 'mail';
  private readonly logger = new Logger(MailConsumer.name);

  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly composer: MailComposer,
    private readonly sender: MailSender,
    private readonly clock: Clock,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  onModuleInit(): void {
    if (!this.env.SMTP_URL) {
      this.logger.log('E-mail is off: SMTP_URL is not set');
      return;
    }
    this.dispatcher.register(this);
  }

  async fanOut(manager: EntityManager, events: readonly DispatchedEvent[]): Promise<void> {
    const messages: MailMessageEntity[] = [];
    for (const event of events) messages.push(...(await this.messagesOf(manager, event)));
    await bulkInsert(manager, MailMessageEntity, messages);
  }

  private async messagesOf(manager: EntityManager, event: DispatchedEvent): Promise<MailMessageEntity[]> {
    const outgoing = await this.composer.compose(manager, event);
    const now = this.clock.now();
    // One message per address: two registrations (or managers) sharing one get it once.
    const seen = new Set<string>();
    const messages: MailMessageEntity[] = [];
    for (const { recipient, role, letter } of outgoing) {
      const address = recipient.trim();
      if (seen.has(address.toLowerCase())) continue;
      seen.add(address.toLowerCase());
      messages.push({
        id: randomUUID(),
        eventId: event.id,
        organisationId: event.organisationId,
        planId: event.planId,
        kind: event.type,
        recipient: address,
        recipientRole: role,
        language: letter.language,
        subject: letter.subject,
        text: plainText(letter),
        html: html(letter),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        leaseUntil: null,
        lastError: null,
        sentAt: null,
        createdAt: now,
      });
    }
    return messages;
  }

  dispatched(): void {
    this.sender.wake();
  }
}
