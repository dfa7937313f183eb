import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module';
import { configureApp, createAdapter } from '../app.setup';
import { validateEnvironment } from '../config/environment';

/**
 * Writes the OpenAPI document the service serves at /docs-json to the file named (stdout without
 * one): the same application, configured as main.ts configures it, on a throw-away SQLite file,
 * listening on a free loopback port just long enough to be asked for it. The console's build
 * generates its API types from it (scripts/build-web.js).
 */
async function main(): Promise<void> {
  const target = process.argv[2];
  const dir = mkdtempSync(join(tmpdir(), 'ppe-openapi-'));
  try {
    const env = validateEnvironment({ LOG_LEVEL: 'error', SQLITE_PATH: join(dir, 'openapi.sqlite'), TIMER_POLL_INTERVAL_MS: '0' });
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(env), createAdapter(env), { logger: ['error'] });
    await configureApp(app, env);
    await app.listen(0, '127.0.0.1');
    const res = await fetch(`${await app.getUrl()}/docs-json`);
    if (res.status !== 200) throw new Error(`GET /docs-json answered ${res.status}`);
    const document = JSON.stringify(await res.json(), null, 2);
    await app.close();
    if (target) writeFileSync(target, `${document}\n`);
    else process.stdout.write(`${document}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
