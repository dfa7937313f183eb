import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/auth.decorators';
import { ERROR_BODY } from '../common/openapi';
import { databaseFault } from '../database/database-faults';
import { HEALTH_SCHEMAS as S } from './health.schemas';

/** Readiness gives up on a database that does not answer in this time. */
const PING_TIMEOUT_MS = 2000;
const PING_FAILURES = { unreachable: 'The database does not answer.', locked: 'The database is locked.', failed: 'The database query failed.' };

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
  ) {}

  /** Liveness: the process answers; touches nothing else (also the benchmark's framework ceiling). */
  @Get('live')
  @ApiOkResponse({ schema: S.Liveness })
  live() {
    return { status: 'ok' };
  }

  /** Readiness: the process answers and the database does too; 503 (terminus's JSON) when it does not. */
  @Get()
  // Above @HealthCheck(), so these replace the schemas terminus declares: a 503 is our error body.
  @ApiOkResponse({ schema: S.Health })
  @ApiServiceUnavailableResponse({
    description: "The database does not answer: the error body with terminus's `status`, `info` and `details`.",
    schema: ERROR_BODY,
  })
  @HealthCheck()
  check() {
    return this.health.check([() => this.pingDatabase()]);
  }

  /**
   * `SELECT 1`, like terminus's TypeORM indicator, but a failure is reported by its kind only: the
   * route is public, and the driver's message names hosts and ports.
   */
  private pingDatabase() {
    return this.indicators
      .check('database')
      .attempt(async () => {
        try {
          await this.dataSource.query('SELECT 1');
        } catch (err) {
          throw new Error(PING_FAILURES[databaseFault(err) ?? 'failed']);
        }
      })
      .withTimeout(PING_TIMEOUT_MS);
  }
}
