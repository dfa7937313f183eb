import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../common/auth/auth.decorators';
import type { Caller } from '../common/auth/caller';
import { ApiErrors } from '../common/openapi';
import type { Language } from '../i18n/language';
import { RequestLanguage } from '../i18n/request-language';
import { NotificationPreferencesDto } from './dto/notification-preferences.dto';
import { MAIL_SCHEMAS as S } from './mail.schemas';
import { PeopleDirectory } from './people-directory';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/notifications')
@Roles('officer', 'manager', 'admin')
export class MeController {
  constructor(private readonly people: PeopleDirectory) {}

  @Get()
  @ApiOperation({ summary: "The caller's e-mail settings: address, language, reminders (suppliers set theirs on each registration)" })
  @ApiOkResponse({ schema: S.NotificationPreferences })
  @ApiErrors(403)
  get(@CurrentCaller() caller: Caller, @RequestLanguage() language: Language) {
    return this.people.preferences(caller, language);
  }

  @Put()
  @ApiOperation({ summary: "Set the caller's e-mail settings; an address left out follows the sign-in token's again" })
  @ApiOkResponse({ schema: S.NotificationPreferences })
  @ApiErrors(403, 413)
  put(@Body() dto: NotificationPreferencesDto, @CurrentCaller() caller: Caller, @RequestLanguage() language: Language) {
    return this.people.choose(caller, language, dto);
  }
}
