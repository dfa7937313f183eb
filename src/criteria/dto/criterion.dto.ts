import { Decimal, Optional, Text } from '../../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { SUSTAINABILITY_GOAL_CODES } from '../../../workflows/common/codes';
import { CRITERION_KINDS, CRITERION_SOURCES, type CriterionKind, type CriterionSource } from '../criteria.entities';
import { TEMPLATE_CATEGORIES, type TemplateCategory } from '../criterion-templates';

/** A criterion as sent: from scratch, or from a template with any field overridden. */
export class CriterionDto {
  @ApiPropertyOptional({ description: 'Start from this template (GET /criteria/templates); the fields given override it.' })
  @Optional()
  @IsString()
  @MaxLength(100)
  templateId?: string;

  @ApiPropertyOptional({ enum: CRITERION_KINDS, description: 'Required unless a template gives it.' })
  @Optional()
  @IsIn(CRITERION_KINDS)
  kind?: CriterionKind;

  @ApiPropertyOptional({ maxLength: 300 })
  @Optional()
  @Text(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @Optional()
  @Text(20000)
  text?: string;

  @ApiPropertyOptional({ enum: SUSTAINABILITY_GOAL_CODES, description: 'OCDS sustainability extension goal code.' })
  @Optional()
  @IsIn(SUSTAINABILITY_GOAL_CODES, { message: 'goalCode must be a goal code of the OCDS sustainability extension (sustainabilityGoal.csv)' })
  goalCode?: string;

  @ApiPropertyOptional({ description: 'What evidence a tenderer gives.' })
  @Optional()
  @Text(5000)
  verification?: string;

  @ApiPropertyOptional({ description: 'Award criteria only: percentage points; all award weights sum to 100.' })
  @Optional()
  @Decimal(2)
  @Min(0.01)
  @Max(100)
  weight?: number;

  @ApiPropertyOptional({ description: 'Award criteria only: how the criterion is linked to the subject-matter of the contract (art. 67(3)).' })
  @Optional()
  @Text(5000)
  subjectLink?: string;

  @ApiPropertyOptional({ enum: CRITERION_SOURCES, default: 'own' })
  @Optional()
  @IsIn(CRITERION_SOURCES)
  source?: CriterionSource;

  @ApiPropertyOptional({ description: 'The guidance the criterion comes from.' })
  @Optional()
  @IsString()
  @MaxLength(2000)
  sourceReference?: string;
}

export class ReplaceCriteriaDto {
  @ApiProperty({ type: [CriterionDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria!: CriterionDto[];
}

export class TemplateQuery {
  @ApiPropertyOptional({ enum: TEMPLATE_CATEGORIES })
  @Optional()
  @IsIn(TEMPLATE_CATEGORIES)
  category?: TemplateCategory;

  @ApiPropertyOptional({ enum: CRITERION_KINDS })
  @Optional()
  @IsIn(CRITERION_KINDS)
  kind?: CriterionKind;
}
