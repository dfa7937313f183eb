import { Optional, Text } from '../../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEmail, IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';


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
}
