import { apiSchemas, arrayOf, instant, integer, nullable, object, string, uuid } from '../common/openapi';

/** What StrategyService returns, as OpenAPI schemas. */
export const STRATEGY_SCHEMAS = apiSchemas({
  StrategicGoal: object({
    id: uuid,
    organisation: string,
    title: string,
    description: nullable(string),
    goalCodes: arrayOf(string),
    targetYear: nullable(integer),
    createdAt: instant,
    servedBy: { ...arrayOf(object({ id: uuid, title: string, stage: string })), description: 'The active plans that declare they serve the goal.' },
  }),
});
