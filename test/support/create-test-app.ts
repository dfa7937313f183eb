import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { buildOpenApiDocument, configureApp, createAdapter } from '../../src/app.setup';
import { signDevToken, type TokenClaims } from '../../src/common/auth/token.service';
import { Clock } from '../../src/common/clock';
import { validateEnvironment, type Environment } from '../../src/config/environment';
import { TimerPoller } from '../../src/engine/timer.poller';
import { ResponseValidator } from './openapi-responses';
import type { OpenApiDocument } from './routes';
import { createTestDatabase, type TestDatabase } from './test-database';

import { OrganisationsService } from '../../src/organisations/organisations.service';
import type { Caller } from '../../src/common/auth/caller';
import { TEST_PROFILES } from './factories';

export { TEST_PROFILES };

export const TEST_JWT_SECRET = 'e2e-secret-that-is-long-enough-for-hs256-0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  env: Environment;
  database: TestDatabase;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  token: (claims: TokenClaims, expiresIn?: string | number) => Promise<string>;
  /** Fires every timer due by the app's clock, as the poller would; returns how many. */
  fireDueTimers: () => Promise<number>;
  /** Stops the app; the database stays for a restart unless `dropDatabase` is set. */
  close: (options?: { dropDatabase?: boolean }) => Promise<void>;
}

export interface TestAppOptions {
  /** Reuse a database (to restart the app on it); a fresh one otherwise. */
  database?: TestDatabase;
  /** A clock the test moves; the system clock otherwise. */
  clock?: Clock;
  /** Overrides of the test environment; `OUTBOX_POLL_INTERVAL_MS` above 0 runs the outbound workers in the background. */
  env?: Record<string, string>;
  /** Give the test organisations their profile (names, business id, address…), as managers would once; default true. */
  profiles?: boolean;
}

/** The real app, configured exactly as main.ts does, on a fresh database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const env = validateEnvironment({
    LOG_LEVEL: 'silent',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    RATE_LIMIT_READS_PER_MINUTE: '0',
    // Tests fire due timers themselves (t.fireDueTimers()), so nothing happens behind their back.
    TIMER_POLL_INTERVAL_MS: '0',
    // Likewise the outbox dispatcher and the webhook and e-mail senders: no pass at start, no polling,
    // no wake-up after a commit; tests settle them (settleOutbound in ./outbound). A suite that wants
    // them in the background (several instances sharing the work) sets its own interval in `env`.
    OUTBOX_POLL_INTERVAL_MS: '0',
    ANONYMISATION_SECRET: 'e2e-anonymisation-secret-0123456789abcdef',
    // Tests send traffic only to this machine: a webhook (a fuzzed one too) to any other host is refused.
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,localhost,::1',
    ...database.env,
    ...options.env,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(env, options.clock), createAdapter(env), {
    logger: false,
    abortOnError: false,
  });
  await configureApp(app, env);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = app.get(DataSource);
  const expected = database.driver === 'postgres' ? 'postgres' : 'better-sqlite3';
  if (dataSource.options.type !== expected) throw new Error(`Test app runs on ${dataSource.options.type}, expected ${expected}`);
  const secret = new TextEncoder().encode(env.AUTH_JWT_SECRET);
  if (options.profiles !== false) {
    // Through the service, as a manager's PUT would: the organisations' audit chains record them.
    const admin = { id: 'admin-setup', name: 'Test setup', role: 'admin' } as Caller;
    for (const [org, profile] of Object.entries(TEST_PROFILES)) await app.get(OrganisationsService).put(org, profile, admin);
  }
  let validator: ResponseValidator | undefined;
  return {
    app,
    env,
    database,
    dataSource,
    http: () => validated(request(app.getHttpServer()), () => (validator ??= new ResponseValidator(buildOpenApiDocument(app) as unknown as OpenApiDocument))),
    token: (claims, expiresIn = '1h') => signDevToken(secret, claims, expiresIn, env),
    fireDueTimers: () => app.get(TimerPoller).runDue(),
    close: async ({ dropDatabase = false } = {}) => {
      await app.close();
      if (dropDatabase) await database.drop();
    },
  };
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/**
 * Supertest whose every answer to a documented operation is checked against the OpenAPI document
 * the app serves: a success body that does not match its declared schema fails the test.
 */
function validated(agent: ReturnType<typeof request>, validator: () => ResponseValidator): ReturnType<typeof request> {
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !METHODS.has(property) || typeof value !== 'function') return value;
      return (url: string) => {
        const test = (value as (url: string) => request.Test).call(target, url);
        return test.expect((res) => validator().check(property, url, res));
      };
    },
  });
}
