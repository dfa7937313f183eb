import { Global, Module } from '@nestjs/common';
import { OutboxDispatcher } from './outbox.dispatcher';
import { OutboxService } from './outbox.service';
import { OutboxWriter } from './outbox.writer';
import { ReminderService } from './reminder.service';

/** The transactional outbox, its dispatcher and the reminders (decision 0021); consumers register with the dispatcher. */
@Global()
@Module({
  providers: [OutboxDispatcher, OutboxWriter, ReminderService, OutboxService],
  exports: [OutboxDispatcher, OutboxWriter],
})
export class OutboxModule {}
