import { Module } from '@nestjs/common';
import { MailComposer } from './mail.composer';
import { MailConsumer } from './mail.consumer';
import { MailSender } from './mail.sender';
import { MeController } from './me.controller';
import { PeopleDirectory } from './people-directory';

/**
 * E-mail to suppliers, officers and managers, in their language (decision 0023), and the people
 * directory it reads (kept up to date by peopleDirectoryHook, which configureApp registers).
 */
@Module({
  controllers: [MeController],
  providers: [PeopleDirectory, MailComposer, MailSender, MailConsumer],
  exports: [MailSender, PeopleDirectory],
})
export class MailModule {}
