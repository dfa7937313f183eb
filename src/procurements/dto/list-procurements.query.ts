import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination';

export const SORT_FIELDS = ['createdAt', 'updatedAt', 'stageEnteredAt'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export class ListProcurementsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only plans in this stage.' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  stage?: string;

  @ApiPropertyOptional({ description: 'Organisation id (admins; others may only name their own).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  organisation?: string;

  @ApiPropertyOptional({ description: 'Owner (officer) id.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  owner?: string;

  @ApiPropertyOptional({ example: 'digigreen-planning' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  workflowId?: string;

  @ApiPropertyOptional({ enum: SORT_FIELDS, default: 'createdAt' })
  @IsOptional()
  @IsIn(SORT_FIELDS)
  sort: SortField = 'createdAt';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';
}
