import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { BadRequestError, ValidationError } from '../common/errors';
import { ApiErrors } from '../common/openapi';
import { AuditKeys } from '../engine/audit-keys';
import { AUDIT_SCHEMAS as S } from './audit.schemas';
import { AuditCheckpointService } from './audit-checkpoint.service';

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

export class VerifyCheckpointDto {
  @ApiProperty({ description: 'The `checkpoint` (compact JWS) of an earlier GET /audit/checkpoint.' })
  checkpoint!: string;
}

/** `{ checkpoint }` as JSON, or the compact JWS itself as `application/jose` (large portfolios). */
function checkpointOf(body: unknown): string {
  const value = typeof body === 'string' ? body.trim() : (body as { checkpoint?: unknown } | null)?.checkpoint;
  const extra = typeof body === 'object' && body !== null ? Object.keys(body).filter((k) => k !== 'checkpoint') : [];
  if (extra.length > 0) throw new ValidationError([{ field: extra[0], rule: 'validation.unknownField' }]);
  if (typeof value !== 'string' || !COMPACT_JWS.test(value)) {
    throw new BadRequestError('checkpoint.bodyRequired');
  }
  return value;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
@Roles('admin')
export class AuditController {
  constructor(
    private readonly checkpoints: AuditCheckpointService,
    private readonly keys: AuditKeys,
  ) {}

  @Get('checkpoint')
  @ApiOperation({ summary: "A signed checkpoint of every plan's audit trail (keep it outside the database)" })
  @ApiOkResponse({ schema: S.Checkpoint })
  @ApiErrors(403)
  create() {
    return this.checkpoints.create();
  }

  @Post('checkpoint/verify')
  @HttpCode(200)
  @ApiConsumes('application/json', 'application/jose')
  @ApiBody({ type: VerifyCheckpointDto })
  @ApiOperation({ summary: 'Verify an earlier checkpoint: names every plan whose history no longer extends it' })
  @ApiOkResponse({ schema: S.CheckpointVerification })
  @ApiErrors(403, 413, 422)
  verify(@Body() body: unknown) {
    return this.checkpoints.verify(checkpointOf(body));
  }

  @Get('public-key')
  @ApiOperation({ summary: 'The Ed25519 public key that verifies checkpoints, as a JWK Set (for checking them offline)' })
  @ApiOkResponse({ schema: S.JwkSet })
  @ApiErrors(403)
  async publicKey() {
    return { keys: [await this.keys.publicJwk()] };
  }
}
