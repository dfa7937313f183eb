import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { BackgroundPass } from '../common/background-pass';
import { Environment } from '../config/environment';
import { UnitOfWork } from '../database/unit-of-work';
import { MailMessageEntity } from './mail.entities';

/** After a failed attempt the next comes this much later; after the last, the message has failed. */
export const MAIL_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000];
/** Messages claimed (and sent side by side through the pool) per pass step. */
const BATCH = 10;
/** A dispatch wakes the sender this soon, so the e-mails of a burst of events go in one pass. */
const WAKE_DELAY_MS = 5;

/**
 * Sends the pending `mail_messages` through SMTP_URL (nodemailer, pooled connections). A pass claims
 * due messages in a short transaction that sets their lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL,
 * so instances share the work), sends them outside any transaction, and records each outcome in
 * another: sent, or tried again after 1 min, 5 min, 30 min, 2 h and 6 h, then failed. An instance
 * that dies while sending leaves the lease to expire (DELIVERY_LEASE_MS), and another sends the
 * message: at least once.
 *
 * A dispatch wakes it; it also polls every OUTBOX_POLL_INTERVAL_MS and once at start. A pass never
 * throws: a database fault backs off like the timers do. Due times come from the injected clock.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailSender.name);
  private transport: Transporter | null = null;
  private readonly passes: BackgroundPass;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(Environment) private readonly env: Environment,
  ) {
    this.passes = new BackgroundPass(() => this.drain(), {
      logger: this.logger,
      intervalMs: env.OUTBOX_POLL_INTERVAL_MS,
      wakeDelayMs: WAKE_DELAY_MS,
      resumed: 'E-mail is sent again',
      failed: 'Sending e-mail failed; trying again later',
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.SMTP_URL) return;
    this.transport = createTransport({
      url: this.env.SMTP_URL,
      pool: true,
      maxConnections: 3,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    });
    // OUTBOX_POLL_INTERVAL_MS 0: never started, so neither polled nor woken; only runDue() runs a pass.
    if (this.env.OUTBOX_POLL_INTERVAL_MS === 0) return;
    await this.passes.start();
  }

  /** Before the database closes (TypeORM closes it on application shutdown): a pass under way ends first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.passes.stop();
    this.transport?.close();
  }

  /** New messages were written: send soon. */
  wake(): void {
    if (this.transport) this.passes.wake();
  }

  /**
   * Sends every message due now; resolves with how many were sent. Never rejects. A call during a
   * pass waits for it and runs one more, so what was due when it was called is tried before it resolves.
   */
  runDue(): Promise<number> {
    return this.transport ? this.passes.run() : Promise.resolve(0);
  }

  private async drain(): Promise<number> {
    let sent = 0;
    while (!this.passes.isStopped) {
      const claimed = await this.unitOfWork.run((manager) => this.claim(manager), { lockWaitMs: 0 });
      if (claimed.length === 0) break;
      const outcomes = await Promise.all(claimed.map((message) => this.send(message)));
      await this.unitOfWork.run((manager) => this.record(manager, claimed, outcomes));
      sent += outcomes.filter((outcome) => outcome === null).length;
    }
    return sent;
  }

  /** Due messages whose lease is free, leased to this pass. */
  private async claim(manager: EntityManager): Promise<MailMessageEntity[]> {
    const now = this.clock.now();
    const query = manager
      .createQueryBuilder(MailMessageEntity, 'm')
      .where('m.status = :pending', { pending: 'pending' })
      .andWhere('m.next_attempt_at <= :now', { now })
      .andWhere('(m.lease_until IS NULL OR m.lease_until <= :now)', { now })
      .orderBy('m.next_attempt_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(BATCH);
    if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write').setOnLocked('skip_locked');
    const rows = await query.getMany();
    if (rows.length === 0) return rows;
    const leaseUntil = new Date(now.getTime() + this.env.DELIVERY_LEASE_MS);
    await manager
      .createQueryBuilder()
      .update(MailMessageEntity)
      .set({ leaseUntil })
      .whereInIds(rows.map((r) => r.id))
      .execute();
    return rows;
  }

  /** Hands one message to the SMTP server; null when it took it, else why not. */
  private async send(message: MailMessageEntity): Promise<string | null> {
    try {
      await this.transport!.sendMail({
        from: this.env.MAIL_FROM,
        to: message.recipient,
        subject: message.subject,
        text: message.text,
        html: message.html,
        // The same Message-ID on every attempt, so a receiver can tell a repeat.
        messageId: `<${message.id}@${new URL(this.env.PUBLIC_URL).hostname}>`,
        headers: { 'Content-Language': message.language, 'Auto-Submitted': 'auto-generated' },
      });
      return null;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.logger.warn({ mailId: message.id, attempt: message.attempts + 1, reason }, 'An e-mail was not accepted; it will be tried again');
      return reason.slice(0, 2000) || 'unknown error';
    }
  }

  private async record(manager: EntityManager, messages: MailMessageEntity[], outcomes: Array<string | null>): Promise<void> {
    const now = this.clock.now();
    for (const [i, message] of messages.entries()) {
      const error = outcomes[i];
      const attempts = message.attempts + 1;
      if (error === null) {
        await manager.update(MailMessageEntity, { id: message.id }, { status: 'sent', attempts, sentAt: now, leaseUntil: null, lastError: null });
        continue;
      }
      const delay = MAIL_RETRY_DELAYS_MS[attempts - 1];
      await manager.update(
        MailMessageEntity,
        { id: message.id },
        delay === undefined
          ? { status: 'failed', attempts, leaseUntil: null, lastError: error }
          : { attempts, nextAttemptAt: new Date(now.getTime() + delay), leaseUntil: null, lastError: error },
      );
    }
  }
}
