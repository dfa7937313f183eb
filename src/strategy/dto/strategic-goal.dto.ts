import { Optional, Text } from '../../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsUUID, Max, Min } from 'class-validator';
import { SUSTAINABILITY_GOAL_CODES } from '../../../workflows/common/codes';

export class CreateStrategicGoalDto {
  @ApiProperty({ example: 'Carbon neutral by 2030' })
  @Text(300)
  title!: string;

  @ApiProperty({ example: 'City strategy 2025–2030, section 4.' })
  @Text(20000)
  description!: string;

  @ApiProperty({ example: ['environmental.climateChangeMitigation'], description: 'OCDS sustainability extension goal codes.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsIn(SUSTAINABILITY_GOAL_CODES, { each: true, message: 'goalCodes must be goal codes of the OCDS sustainability extension (sustainabilityGoal.csv)' })
  goalCodes!: string[];

  @ApiPropertyOptional({ example: 2030 })
  @Optional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  targetYear?: number;
}

export class DeclarePlanGoalsDto {
  @ApiProperty({ type: [String], description: "Ids of the organisation's strategic goals this plan serves (may be empty)." })
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('4', { each: true })
  strategicGoalIds!: string[];
}
