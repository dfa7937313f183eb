import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, ValidateIf, ValidateNested } from 'class-validator';
import { Text } from '../../../common/validation';
import { HILMA_QUESTIONS, LOT_IDS, type Answer, type HilmaQuestion, type LotId } from '../hilma-statistics';

/** One answer the officer gives instead of the derived one, or null to go back to the derived one. */
export class StatisticsOverrideDto {
  @ApiProperty({ enum: LOT_IDS, description: "The lot (BT-137); the plan's one lot is LOT-0001." })
  @IsIn(LOT_IDS)
  lotId!: LotId;

  @ApiProperty({ enum: HILMA_QUESTIONS })
  @IsIn(HILMA_QUESTIONS)
  question!: HilmaQuestion;

  @ApiProperty({
    nullable: true,
    oneOf: [{ type: 'boolean' }, { type: 'integer', minimum: 0, maximum: 100000 }],
    description:
      'true or false; a whole number (0–100000) for howManyOpportunitiesIsEstimated; null removes the override, so the derived answer applies again.',
  })
  // null is a value here (remove the override); only a missing value is refused.
  @ValidateIf((o: StatisticsOverrideDto) => o.value === undefined)
  @IsDefined()
  value!: Answer;

  @ApiProperty({ maxLength: 2000, description: 'Why the answer differs from the derived one (or why the override is removed); recorded in the audit trail.' })
  @Text(2000)
  reason!: string;
}

export class OverrideStatisticsDto {
  @ApiProperty({ type: [StatisticsOverrideDto], description: 'Applied together, in one change of the audit trail; a question at most once.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(HILMA_QUESTIONS.length * LOT_IDS.length)
  @ValidateNested({ each: true })
  @Type(() => StatisticsOverrideDto)
  overrides!: StatisticsOverrideDto[];
}
