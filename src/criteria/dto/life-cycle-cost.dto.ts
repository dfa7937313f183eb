import { Currency, Decimal, Optional, Text } from '../../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

const NOT_BLANK = /\S/;

export class LccOptionDto {
  @ApiProperty({ example: 'Refurbished' })
  @Text(200)
  name!: string;

  @ApiProperty({ example: 160000, description: 'Paid at the start.' })
  @Decimal(2)
  @Min(0)
  @Max(1e13)
  acquisition!: number;

  @ApiProperty({ example: 13000, description: 'Operation cost each year (energy, licences, staff).' })
  @Decimal(2)
  @Min(0)
  @Max(1e13)
  annualOperation!: number;

  @ApiProperty({ example: 11000 })
  @Decimal(2)
  @Min(0)
  @Max(1e13)
  annualMaintenance!: number;

  @ApiProperty({ example: 9, description: 'Tonnes of CO2-equivalent emitted each year.' })
  @Decimal(3)
  @Min(0)
  @Max(1e9)
  annualCo2eTonnes!: number;

  @ApiProperty({ example: 5000, description: 'Disposal cost at the end of the life.' })
  @Decimal(2)
  @Min(0)
  @Max(1e13)
  endOfLifeCost!: number;

  @ApiProperty({ example: 8000, description: 'Value left at the end of the life (resale, materials); reduces the cost.' })
  @Decimal(2)
  @Min(0)
  @Max(1e13)
  residualValue!: number;
}

export class LifeCycleCostDto {
  @ApiProperty({ example: 'EUR' })
  @Currency()
  currency!: string;

  @ApiProperty({ example: 5, description: 'Life of every option, in years.' })
  @IsInt()
  @Min(1)
  @Max(50)
  years!: number;

  @ApiProperty({ example: 4, description: 'Yearly discount rate in percent (0 to 100).' })
  @Decimal(3)
  @Min(0)
  @Max(100)
  discountRatePercent!: number;

  @ApiProperty({ example: 100, description: 'Price of one tonne of CO2e, in the currency.' })
  @Decimal(2)
  @Min(0)
  @Max(1e6)
  carbonPricePerTonne!: number;

  @ApiPropertyOptional({
    description:
      'How life-cycle costs will be calculated when tenders are evaluated (art. 68(2)). May be left out while the model is a draft; leaving criteriaAndStrategy requires it (lcc.methodAndDataStated).',
  })
  @Optional()
  @Text(20000)
  method?: string;

  @ApiPropertyOptional({
    type: [String],
    description:
      'The data tenderers must supply for the calculation (art. 68(2)). May be empty or left out while the model is a draft; leaving criteriaAndStrategy requires at least one item.',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  @Matches(NOT_BLANK, { each: true, message: 'each item of tendererData must not be blank' })
  tendererData?: string[];

  @ApiProperty({ type: [LccOptionDto] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => LccOptionDto)
  options!: LccOptionDto[];
}
