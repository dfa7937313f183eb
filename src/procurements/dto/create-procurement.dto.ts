import { Currency, Decimal, Optional, Text } from '../../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { CONTRACT_TYPES, type ContractType } from '../../thresholds/thresholds';
import { IsDefined, IsIn, IsInt, IsObject, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export const CPV_CODE = /^\d{8}(-\d)?$/;

export class MoneyDto {
  @ApiProperty({ example: 250000, description: 'Amount with at most two decimals.' })
  @Decimal(2)
  @Min(0.01)
  @Max(1e13)
  amount!: number;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217 currency code.' })
  @Currency()
  currency!: string;
}

export class CreateProcurementDto {
  @ApiProperty({ example: 'Refurbished laptops for schools', maxLength: 300 })
  @Text(300)
  title!: string;

  @ApiProperty({ example: 'Laptops for 3,000 pupils, with take-back and repair services.', maxLength: 20000 })
  @Text(20000)
  description!: string;

  @ApiProperty({ example: '30213100-6', description: 'CPV code: 8 digits with an optional -check digit.' })
  @IsString()
  @Matches(CPV_CODE, { message: 'cpvCode must be 8 digits with an optional check digit, e.g. 30213100-6' })
  cpvCode!: string;

  @ApiProperty({ type: MoneyDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  estimatedValue!: MoneyDto;

  @ApiProperty({ example: 'digigreen-planning' })
  @IsString()
  @MaxLength(100)
  workflowId!: string;

  @ApiPropertyOptional({ example: 1, description: 'Defaults to the latest version of the workflow.' })
  @Optional()
  @IsInt()
  @Min(1)
  workflowVersion?: number;

  @ApiPropertyOptional({ maxLength: 20000 })
  @Optional()
  @Text(20000)
  rationale?: string;

  @ApiPropertyOptional({
    enum: CONTRACT_TYPES,
    example: 'supplies',
    description:
      'Which thresholds apply. When omitted, the CPV code decides: division 45 works, 85 social and health services, 50 and above services, the rest supplies. State it for concessions and the other specific services of Annex XIV.',
  })
  @Optional()
  @IsIn(CONTRACT_TYPES)
  contractType?: ContractType;
}
