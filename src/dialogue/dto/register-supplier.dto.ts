import { Optional, Text } from '../../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEmail, IsIn, IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { LANGUAGES, type Language } from '../../i18n/language';

export class ContactDto {
  @ApiProperty({ example: 'Sanna Supplier' })
  @Text(200)
  name!: string;

  @ApiProperty({ example: 'sanna@acme.example' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({ example: '+358 40 123 4567' })
  @Optional()
  @IsString()
  @Matches(/^\+?[0-9 ()-]{5,30}$/, { message: 'contact.phone must be a phone number' })
  phone?: string;
}

/** The supplier's business id comes from its token, never from the body. */
export class RegisterSupplierDto {
  @ApiProperty({ example: 'Acme Oy' })
  @Text(300)
  name!: string;

  @ApiProperty({ type: ContactDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact!: ContactDto;

  @ApiProperty({ description: 'Small or medium-sized enterprise (EU definition).' })
  @IsBoolean()
  sme!: boolean;

  @ApiPropertyOptional({ enum: LANGUAGES, description: "The language of the supplier's e-mails; the request's language (Accept-Language) when left out." })
  @Optional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({
    description: 'Reminders before a round closes; announcements (answers, extensions, meetings, cancellation) go in any case. Default true.',
  })
  @Optional()
  @IsBoolean()
  reminders?: boolean;
}

/** What a supplier may change in its own registration: how it is written to. Fields left out stay as they are. */
export class UpdateRegistrationDto {
  @ApiPropertyOptional({ enum: LANGUAGES, description: "The language of the supplier's e-mails." })
  @Optional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({ description: 'false: no reminders before a round closes; announcements still go.' })
  @Optional()
  @IsBoolean()
  reminders?: boolean;

  @ApiPropertyOptional({ example: 'tenders@acme.example', description: "The registration's contact e-mail: where the dialogue's e-mails go." })
  @Optional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}
