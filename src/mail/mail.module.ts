import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MailComposer } from './mail.composer';
import { MailConsumer } from './mail.consumer';
import { MailSender } from './mail.sender';
import { MeController } from './me.controller';
import { PeopleDirectory } from './people-directory';
import { PeopleDirectoryInterceptor } from './people-directory.interceptor';

/** E-mail to suppliers, officers and managers, in their language (decision 0023), and the people directory it reads. */
@Module({
  controllers: [MeController],
  providers: [PeopleDirectory, MailComposer, MailSender, MailConsumer, { provide: APP_INTERCEPTOR, useClass: PeopleDirectoryInterceptor }],
  exports: [MailSender, PeopleDirectory],
})
export class MailModule {}
