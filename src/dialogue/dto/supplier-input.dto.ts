import { Optional, Text } from '../../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import type { Confidentiality } from '../dialogue.entities';
import { ANSWER_VALUE } from '../dialogue.schemas';

const CONFIDENTIALITY: readonly Confidentiality[] = ['public', 'buyerOnly'];

export class AnswerDto {
  @ApiProperty({ example: 'q1' })
  @IsString()
  @MaxLength(100)
  questionId!: string;

  @ApiProperty({ description: ANSWER_VALUE.description, oneOf: ANSWER_VALUE.oneOf })
  @IsDefined()
  value!: string | number | boolean | string[];

  @ApiPropertyOptional({ enum: CONFIDENTIALITY, default: 'public', description: 'buyerOnly: a trade secret, never shown to other suppliers or exported.' })
  @Optional()
  @IsIn(CONFIDENTIALITY)
  confidentiality?: Confidentiality;

  @ApiPropertyOptional({ description: 'Required with buyerOnly: why the answer is a trade secret.' })
  @ValidateIf((o: AnswerDto) => o.confidentiality === 'buyerOnly' || o.rationale !== undefined)
  @Text(2000)
  rationale?: string;
}

export class SubmitResponseDto {
  @ApiProperty({ type: [AnswerDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AnswerDto)
  answers!: AnswerDto[];
}

export class AskQuestionDto {
  @ApiProperty({ example: 'May the devices come from more than one manufacturer?' })
  @Text(5000)
  question!: string;
}

export class CommentDraftDto {
  @ApiProperty({ example: 'award-1' })
  @IsString()
  @MaxLength(100)
  itemId!: string;

  @ApiProperty()
  @Text(20000)
  comment!: string;

  @ApiPropertyOptional({ enum: CONFIDENTIALITY, default: 'public' })
  @Optional()
  @IsIn(CONFIDENTIALITY)
  confidentiality?: Confidentiality;

  @ApiPropertyOptional()
  @ValidateIf((o: CommentDraftDto) => o.confidentiality === 'buyerOnly' || o.rationale !== undefined)
  @Text(2000)
  rationale?: string;
}
