import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, MaxLength, MinLength } from 'class-validator';

export class PlanTeamDto {
  @ApiProperty({
    example: 'officer-anna',
    description: "The owner's id (an officer of the organisation). Only managers change it; the owner sends its own id.",
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  ownerId!: string;

  @ApiProperty({
    type: [String],
    example: ['officer-matti'],
    description: 'Every member besides the owner (replaces the list). Officers of the organisation known to the service.',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  memberIds!: string[];
}
