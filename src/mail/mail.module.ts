import { Module } from '@nestjs/common';

/** E-mail to suppliers, officers and managers, in their language (decision 0023). */
@Module({})
export class MailModule {}
