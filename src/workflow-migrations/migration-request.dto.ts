import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class MigrationRequestDto {
  @ApiProperty({ example: 1, description: 'The version the plans run on now.' })
  @IsInt()
  @Min(1)
  @Max(1000)
  from!: number;

  @ApiProperty({ example: 2, description: 'The version to move them to; a migration between the two must exist.' })
  @IsInt()
  @Min(1)
  @Max(1000)
  to!: number;

  @ApiPropertyOptional({
    type: [String],
    description:
      'Only these plans. Without it: the plans on `from` in your scope (every organisation for admins, your own for managers), oldest first, up to `limit`.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  planIds?: string[];

  @ApiPropertyOptional({
    example: 200,
    description: 'At most this many plans per request when `planIds` is not given (1–500, default 200); `remaining` says how many are left.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
