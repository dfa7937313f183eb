import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, MaxLength, ValidateIf } from 'class-validator';
import { Optional } from '../../common/validation';
import { LANGUAGES, type Language } from '../../i18n/language';

/** An officer's, manager's or admin's own notification settings. */
export class NotificationPreferencesDto {
  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    example: 'aino.virtanen@espoo.example.fi',
    description: "Where e-mails go. Left out or null: the address of the sign-in token's email claim.",
  })
  @Optional()
  @ValidateIf((_o: object, value: unknown) => value !== null)
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @ApiProperty({ enum: LANGUAGES, description: 'The language of e-mails.' })
  @IsIn(LANGUAGES)
  language!: Language;

  @ApiProperty({ description: 'false: no reminders (approval waiting); announcements still go.' })
  @IsBoolean()
  reminders!: boolean;
}
