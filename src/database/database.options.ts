import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Logger } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import type BetterSqlite3 from 'better-sqlite3';
import type { Environment } from '../config/environment';
import { AuditEventEntity } from '../engine/audit-event.entity';
import { TimerEntity } from '../engine/timer.entity';
import { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { CRITERIA_ENTITIES } from '../criteria/criteria.entities';
import { DIALOGUE_ENTITIES } from '../dialogue/dialogue.entities';
import { PORTFOLIO_ENTITIES } from '../portfolio/portfolio.entities';
import { InitialSchema1764489600000 } from './migrations/1764489600000-initial-schema';
import { DialogueAndTimers1764576000000 } from './migrations/1764576000000-dialogue-and-timers';
import { CriteriaAndStrategy1764662400000 } from './migrations/1764662400000-criteria-and-strategy';
import { Portfolio1764748800000 } from './migrations/1764748800000-portfolio';
import { SupplierDiscovery1764835200000 } from './migrations/1764835200000-supplier-discovery';
import { CompleteAuditTrail1764921600000 } from './migrations/1764921600000-complete-audit-trail';
import { Outbound1765008000000 } from './migrations/1765008000000-outbound';
import { MeetingSlots1765094400000 } from './migrations/1765094400000-meeting-slots';
import { PlanLaw1765180800000 } from './migrations/1765180800000-plan-law';
import { HilmaStatistics1765267200000 } from './migrations/1765267200000-hilma-statistics';
import { Notices1765353600000 } from './migrations/1765353600000-notices';
import { PlanChangeIndexes1765440000000 } from './migrations/1765440000000-plan-change-indexes';
import { EventRowIndexes1765526400000 } from './migrations/1765526400000-event-row-indexes';
import { PendingOutboxIndexes1765612800000 } from './migrations/1765612800000-pending-outbox-indexes';
import { PlanChangeHour1765699200000 } from './migrations/1765699200000-plan-change-hour';
import { OUTBOX_ENTITIES } from '../outbox/outbox.entities';
import { WEBHOOK_ENTITIES } from '../webhooks/webhook.entities';
import { MAIL_ENTITIES } from '../mail/mail.entities';
import { OrganisationProfileEntity } from '../organisations/organisation-profile.entity';
import { OrganisationAuditEventEntity, OrganisationChainEntity } from '../engine/organisation-audit-event.entity';
import { HilmaStatisticsOverrideEntity } from '../notices/statistics/hilma-statistics-override.entity';
import { NoticeEntity } from '../notices/notice.entity';

export const ENTITIES = [
  ProcurementPlanEntity,
  AuditEventEntity,
  OrganisationAuditEventEntity,
  OrganisationChainEntity,
  TimerEntity,
  ...DIALOGUE_ENTITIES,
  ...CRITERIA_ENTITIES,
  ...PORTFOLIO_ENTITIES,
  ...OUTBOX_ENTITIES,
  ...WEBHOOK_ENTITIES,
  ...MAIL_ENTITIES,
  OrganisationProfileEntity,
  HilmaStatisticsOverrideEntity,
  NoticeEntity,
];
export const MIGRATIONS = [
  InitialSchema1764489600000,
  DialogueAndTimers1764576000000,
  CriteriaAndStrategy1764662400000,
  Portfolio1764748800000,
  SupplierDiscovery1764835200000,
  CompleteAuditTrail1764921600000,
  Outbound1765008000000,
  MeetingSlots1765094400000,
  PlanLaw1765180800000,
  HilmaStatistics1765267200000,
  Notices1765353600000,
  PlanChangeIndexes1765440000000,
  EventRowIndexes1765526400000,
  PendingOutboxIndexes1765612800000,
  PlanChangeHour1765699200000,
];

/**
 * better-sqlite3 waits for a lock synchronously, freezing the event loop; so each wait is short
 * and UnitOfWork retries with asynchronous pauses instead (decision 0014).
 */
export const SQLITE_BUSY_TIMEOUT_MS = 100;
/** A pool that cannot hand out a connection in this time answers 503 instead of queueing requests forever. */
export const PG_CONNECT_TIMEOUT_MS = 5_000;
const poolLogger = new Logger('Database');

export type DatabaseKind = 'sqlite' | 'postgres';

export function databaseKind(env: Pick<Environment, 'DATABASE_URL'>): DatabaseKind {
  return env.DATABASE_URL ? 'postgres' : 'sqlite';
}

/**
 * The one place TypeORM options are built, for the app, the CLI scripts and the tests.
 * Migrations run at start; `synchronize` is never used.
 */
export function buildDataSourceOptions(env: Pick<Environment, 'DATABASE_URL' | 'SQLITE_PATH' | 'DATABASE_POOL_SIZE' | 'SQLITE_CACHE_MIB'>): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: true, synchronize: false, logging: false } as const;
  if (env.DATABASE_URL) {
    return {
      ...common,
      type: 'postgres',
      url: env.DATABASE_URL,
      // pipeline: a client sends a statement without waiting for the one before it to be answered;
      // a unit of work's writes go out together (src/database/pipeline.ts, issue 16).
      extra: { max: env.DATABASE_POOL_SIZE, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS, keepAlive: true, pipeline: true },
      // An idle client whose server went away emits 'error' on the pool; unheard, it would end the
      // process. The pool drops that client and connects anew when asked.
      poolErrorHandler: (err: unknown) => poolLogger.warn({ reason: err instanceof Error ? err.message : String(err) }, 'An idle database connection was lost'),
    };
  }
  if (env.SQLITE_PATH !== ':memory:') mkdirSync(dirname(env.SQLITE_PATH), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: env.SQLITE_PATH,
    enableWAL: true,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    prepareDatabase: (db: BetterSqlite3.Database) => {
      // FULL: a commit is on disk before it is acknowledged, even across power loss.
      db.pragma('synchronous = FULL');
      db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      // Negative: in KiB. SQLite takes the memory as pages are read, up to this bound.
      db.pragma(`cache_size = ${-1024 * env.SQLITE_CACHE_MIB}`);
    },
  };
}
