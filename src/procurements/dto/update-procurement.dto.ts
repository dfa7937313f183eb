import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CPV_CODE, MoneyDto } from './create-procurement.dto';

const NOT_BLANK = /\S/;

export class UpdateProcurementDto {
  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  @Matches(NOT_BLANK, { message: 'description must not be blank' })
  description?: string;

  @ApiPropertyOptional({ example: '30213100-6' })
  @IsOptional()
  @IsString()
  @Matches(CPV_CODE, { message: 'cpvCode must be 8 digits with an optional check digit, e.g. 30213100-6' })
  cpvCode?: string;

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  estimatedValue?: MoneyDto;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  @Matches(NOT_BLANK, { message: 'rationale must not be blank' })
  rationale?: string;
}
