import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsString, MaxLength, ValidateIf } from 'class-validator';
import { Optional, Text } from '../../common/validation';

const EVENTS_DESCRIPTION = 'Event types of the catalogue (docs/events.md), or "*" for every type; an unknown name is refused with 400 webhook.eventsUnknown.';

/** The shape of `events`: 1 to 100 distinct names (whether each is in the catalogue, the service checks, naming the unknown). */
// Listed in the order stacked decorators are applied (bottom up), so the rules are checked as before.
const EventTypes = () =>
  applyDecorators(MaxLength(100, { each: true }), IsString({ each: true }), ArrayUnique(), ArrayMaxSize(100), ArrayMinSize(1), IsArray());

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://case-management.example.fi/hooks/procurement',
    maxLength: 2000,
    description: 'An https URL (http too when WEBHOOK_ALLOW_PRIVATE=true) that resolves to no private, loopback or link-local address.',
  })
  @Text(2000)
  url!: string;

  @ApiProperty({ type: [String], example: ['plan.stageChanged', 'dialogue.answerPublished'], description: EVENTS_DESCRIPTION })
  @EventTypes()
  events!: string[];

  @ApiPropertyOptional({ example: 'Case management system', maxLength: 300 })
  @Optional()
  @Text(300)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ example: 'https://case-management.example.fi/hooks/procurement', maxLength: 2000 })
  @Optional()
  @Text(2000)
  url?: string;

  @ApiPropertyOptional({ type: [String], example: ['*'], description: EVENTS_DESCRIPTION })
  @Optional()
  @EventTypes()
  events?: string[];

  @ApiPropertyOptional({ type: String, example: 'Case management system', maxLength: 300, nullable: true, description: 'null removes the description.' })
  @ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null)
  @Text(300)
  description?: string | null;

  @ApiPropertyOptional({
    description: 'true enables a disabled webhook again (deliveries resume with the next event); false disables it and fails its pending deliveries.',
  })
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}
