import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { SUSTAINABILITY_GOAL_CODES } from '../../../workflows/common/codes';
import { PageQuery } from '../../common/pagination';

export class PortfolioScopeQuery {
  @ApiPropertyOptional({ description: 'Admins: one organisation (all when absent). Others: only their own.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  org?: string;
}

export class SummaryQuery extends PortfolioScopeQuery {
  @ApiPropertyOptional({ description: 'A plan is stalled after this many days without any event.', default: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  stalledDays: number = 30;
}

export const PORTFOLIO_SORTS = ['daysInStage', 'createdAt'] as const;

export class PortfolioPlansQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  org?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  stage?: string;

  @ApiPropertyOptional({ description: 'Owner (officer) id.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  officer?: string;

  @ApiPropertyOptional({ description: 'Only active plans whose next deadline has passed.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Only active plans with no event for this many days.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  stalledDays?: number;

  @ApiPropertyOptional({ enum: SUSTAINABILITY_GOAL_CODES, description: 'Only plans whose sustainability strategy serves this goal code.' })
  @IsOptional()
  @IsIn(SUSTAINABILITY_GOAL_CODES)
  goalCode?: string;

  @ApiPropertyOptional({ description: 'Created at or after (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @ApiPropertyOptional({ description: 'Created before (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;

  @ApiPropertyOptional({ enum: PORTFOLIO_SORTS, default: 'daysInStage' })
  @IsOptional()
  @IsIn(PORTFOLIO_SORTS)
  sort: (typeof PORTFOLIO_SORTS)[number] = 'daysInStage';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';
}
