import { Optional, Text } from '../../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, IsUrl, IsUUID, MaxLength, ValidateNested } from 'class-validator';

export class PublishAnswerDto {
  @ApiProperty({ description: 'The questions this answers; duplicates are bundled under one answer.', type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('4', { each: true })
  questionIds!: string[];

  @ApiProperty()
  @Text(20000)
  text!: string;

  @ApiPropertyOptional({
    enum: ['answer', 'dismissal'],
    default: 'answer',
    description: 'dismissal: the question is not answered, for the published reason in text (allowed after the clarification deadline).',
  })
  @Optional()
  @IsIn(['answer', 'dismissal'])
  kind?: 'answer' | 'dismissal';
}

export class SharedMaterialDto {
  @ApiProperty()
  @Text(300)
  title!: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(20000)
  text?: string;
}

export class RecordMinutesDto {
  @ApiProperty()
  @Text(50000)
  minutes!: string;

  @ApiPropertyOptional({ type: [SharedMaterialDto], description: 'Material shown in the meeting; it becomes visible to every registered supplier.' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SharedMaterialDto)
  sharedMaterial?: SharedMaterialDto[];
}
