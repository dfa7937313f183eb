import { Optional, Text } from '../../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ROUND_TYPES, type RoundType } from '../../../workflows/common/context';
import type { QuestionType } from '../dialogue.entities';

export const QUESTION_TYPES: readonly QuestionType[] = ['text', 'number', 'singleChoice', 'multiChoice', 'yesNo', 'documentRef'];
const ITEM_ID = /^[A-Za-z0-9_.-]{1,100}$/;

export class QuestionDto {
  @ApiProperty({ example: 'q1', description: 'Unique within the questionnaire.' })
  @Matches(ITEM_ID, { message: 'id must be 1-100 letters, digits, dots, dashes or underscores' })
  id!: string;

  @ApiProperty({ example: 'What warranty do you offer on refurbished devices?' })
  @Text(2000)
  text!: string;

  @ApiProperty({ enum: QUESTION_TYPES })
  @IsIn(QUESTION_TYPES)
  type!: QuestionType;

  @ApiProperty()
  @IsBoolean()
  mandatory!: boolean;

  @ApiPropertyOptional({ description: 'text: the longest answer accepted (default 5000).' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(20000)
  maxLength?: number;

  @ApiPropertyOptional({ example: 'months', description: 'number: the unit answers are given in.' })
  @Optional()
  @IsString()
  @MaxLength(50)
  unit?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  min?: number;

  @ApiPropertyOptional()
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  max?: number;

  @ApiPropertyOptional({ description: 'singleChoice / multiChoice: the options.' })
  @Optional()
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  options?: string[];
}

export class DraftItemDto {
  @ApiProperty({ example: 'award-1' })
  @Matches(ITEM_ID, { message: 'id must be 1-100 letters, digits, dots, dashes or underscores' })
  id!: string;

  @ApiProperty({ example: 'Award criterion: life-cycle CO2e' })
  @Text(300)
  title!: string;

  @ApiProperty()
  @Text(20000)
  text!: string;
}

export class CreateRoundDto {
  @ApiProperty({ enum: ROUND_TYPES })
  @IsIn(ROUND_TYPES)
  type!: RoundType;

  @ApiProperty({ example: 'RFI: refurbished laptops' })
  @Text(300)
  title!: string;

  @ApiProperty()
  @Text(20000)
  description!: string;

  @ApiProperty({ example: '2027-01-10T08:00:00.000Z' })
  @IsISO8601({ strict: true, strictSeparator: true })
  opensAt!: string;

  @ApiProperty({ description: 'Clarification questions are accepted until then.' })
  @IsISO8601({ strict: true, strictSeparator: true })
  questionsUntil!: string;

  @ApiProperty({ description: 'Answers to questions are published until then.' })
  @IsISO8601({ strict: true, strictSeparator: true })
  clarificationsUntil!: string;

  @ApiProperty({ description: 'The round closes then, by itself; later responses are refused.' })
  @IsISO8601({ strict: true, strictSeparator: true })
  closesAt!: string;

  @ApiPropertyOptional({ type: [QuestionDto], description: 'rfi rounds: the questionnaire.' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => QuestionDto)
  questionnaire?: QuestionDto[];

  @ApiPropertyOptional({ type: [DraftItemDto], description: 'draftConsultation rounds: the draft items to comment on.' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DraftItemDto)
  draftItems?: DraftItemDto[];
}

export class ExtendRoundDto {
  @ApiPropertyOptional()
  @Optional()
  @IsISO8601({ strict: true, strictSeparator: true })
  questionsUntil?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsISO8601({ strict: true, strictSeparator: true })
  clarificationsUntil?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsISO8601({ strict: true, strictSeparator: true })
  closesAt?: string;
}
