import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import type { Confidentiality } from '../dialogue.entities';
import { NOT_BLANK } from './register-supplier.dto';

const CONFIDENTIALITY: readonly Confidentiality[] = ['public', 'buyerOnly'];

export class AnswerDto {
  @ApiProperty({ example: 'q1' })
  @IsString()
  @MaxLength(100)
  questionId!: string;

  @ApiProperty({ description: 'Text, number, option, array of options, boolean or document reference, as the question asks.' })
  @IsDefined()
  value!: unknown;

  @ApiPropertyOptional({ enum: CONFIDENTIALITY, default: 'public', description: 'buyerOnly: a trade secret, never shown to other suppliers or exported.' })
  @IsOptional()
  @IsIn(CONFIDENTIALITY)
  confidentiality?: Confidentiality;

  @ApiPropertyOptional({ description: 'Required with buyerOnly: why the answer is a trade secret.' })
  @ValidateIf((o: AnswerDto) => o.confidentiality === 'buyerOnly' || o.rationale !== undefined)
  @IsString()
  @MaxLength(2000)
  @Matches(NOT_BLANK, { message: 'rationale must explain why the answer is confidential' })
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
  @IsString()
  @MaxLength(5000)
  @Matches(NOT_BLANK, { message: 'question must not be blank' })
  question!: string;
}

export class CommentDraftDto {
  @ApiProperty({ example: 'award-1' })
  @IsString()
  @MaxLength(100)
  itemId!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(20000)
  @Matches(NOT_BLANK, { message: 'comment must not be blank' })
  comment!: string;

  @ApiPropertyOptional({ enum: CONFIDENTIALITY, default: 'public' })
  @IsOptional()
  @IsIn(CONFIDENTIALITY)
  confidentiality?: Confidentiality;

  @ApiPropertyOptional()
  @ValidateIf((o: CommentDraftDto) => o.confidentiality === 'buyerOnly' || o.rationale !== undefined)
  @IsString()
  @MaxLength(2000)
  @Matches(NOT_BLANK, { message: 'rationale must explain why the comment is confidential' })
  rationale?: string;
}
