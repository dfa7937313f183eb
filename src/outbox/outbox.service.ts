import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EngineService } from '../engine/engine.service';
import { outgoingEventsFor } from './outgoing-events';
import { OutboxWriter } from './outbox.writer';
import { ReminderService } from './reminder.service';

/**
 * Writes every committed change's outgoing events into the outbox, in the change's own transaction
 * (decision 0021): nothing committed goes unannounced, nothing rolled back is announced. Reminders
 * the events call for are set (or cancelled) in the same transaction.
 */
@Injectable()
export class OutboxService implements OnModuleInit {
  constructor(
    private readonly engine: EngineService,
    private readonly writer: OutboxWriter,
    private readonly reminders: ReminderService,
  ) {}

  onModuleInit(): void {
    this.engine.onCommit(async (manager, plan, change) => {
      const events = outgoingEventsFor(plan, change);
      await this.writer.append(manager, plan, events, change.at);
      for (const event of events) await this.reminders.follow(manager, plan, event, change.at);
    });
  }
}
