import { Optional, Text } from '../../common/validation';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { CONTRACT_TYPES, type ContractType } from '../../thresholds/thresholds';
import { CPV_CODE, MoneyDto } from './create-procurement.dto';

export class UpdateProcurementDto {
  @ApiPropertyOptional({ maxLength: 300 })
  @Optional()
  @Text(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @Optional()
  @Text(20000)
  description?: string;

  @ApiPropertyOptional({ example: '30213100-6' })
  @Optional()
  @IsString()
  @Matches(CPV_CODE, { message: 'cpvCode must be 8 digits with an optional check digit, e.g. 30213100-6' })
  cpvCode?: string;

  @ApiPropertyOptional({ type: MoneyDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  estimatedValue?: MoneyDto;

  @ApiPropertyOptional({ enum: CONTRACT_TYPES, example: 'services', description: 'Which thresholds apply (see POST /procurements).' })
  @Optional()
  @IsIn(CONTRACT_TYPES)
  contractType?: ContractType;

  @ApiPropertyOptional({ type: String, maxLength: 20000, nullable: true, description: 'null clears the rationale.' })
  @IsOptional()
  @Text(20000)
  rationale?: string | null;
}
