import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsISO8601, IsUUID, Max, Min } from 'class-validator';
import { Optional } from '../../common/validation';

export class OfferMeetingsDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['2027-02-01T09:00:00.000Z', '2027-02-01T10:00:00.000Z'],
    description:
      'Start times of new slots: in the future, not before the round opens, not overlapping each other or the round’s slots. Leave out to offer the existing slots to suppliers registered since.',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsISO8601({ strict: true, strictSeparator: true }, { each: true })
  startsAt?: string[];

  @ApiPropertyOptional({
    example: 45,
    description: 'Minutes per slot. The round’s first slots fix it: later slots must have the same, so every supplier is offered the same.',
  })
  @Optional()
  @IsInt()
  @Min(15)
  @Max(480)
  durationMinutes?: number;
}

export class BookSlotDto {
  @ApiProperty({ format: 'uuid', description: 'A free slot of the round. A supplier that has a booking moves it there.' })
  @IsUUID('4')
  slotId!: string;
}
