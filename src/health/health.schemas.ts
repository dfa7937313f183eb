import { apiSchemas, object, string } from '../common/openapi';

/** Each indicator's result: its status and whatever else the indicator reports (a response time). */
const indicators = {
  type: 'object' as const,
  additionalProperties: { type: 'object' as const, required: ['status'], properties: { status: string }, additionalProperties: true },
};

/** @nestjs/terminus's health check result, and liveness. */
export const HEALTH_SCHEMAS = apiSchemas({
  Health: object({ status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] }, info: indicators, error: indicators, details: indicators }, [
    'info',
    'error',
  ]),
  Liveness: object({ status: { type: 'string', enum: ['ok'] } }),
});
