import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { validateEnvironment } from '../config/environment';
import { PortfolioSeeder } from '../portfolio/portfolio-seeder';

const USAGE = `Fills the configured database (SQLITE_PATH or DATABASE_URL) with a realistic portfolio.

  npm run seed -- --plans 1000 [--orgs 4] [--seed 42]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      plans: { type: 'string', default: '1000' },
      orgs: { type: 'string', default: '4' },
      seed: { type: 'string', default: '42' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const plans = Number(values.plans);
  const organisations = Number(values.orgs);
  const seed = Number(values.seed);
  if (!Number.isInteger(plans) || plans < 1 || plans > 1_000_000) throw new Error(`--plans must be a whole number from 1 to 1,000,000.\n\n${USAGE}`);
  if (!Number.isInteger(organisations) || organisations < 1 || organisations > 8) throw new Error(`--orgs must be 1 to 8.\n\n${USAGE}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number.\n\n${USAGE}`);

  const env = validateEnvironment({ LOG_LEVEL: 'warn', ...process.env, TIMER_POLL_INTERVAL_MS: '0' });
  const app = await NestFactory.createApplicationContext(AppModule.register(env), { logger: ['error', 'warn'] });
  try {
    const started = Date.now();
    const result = await app.get(PortfolioSeeder).seed({ plans, organisations, seed });
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `Seeded ${result.plans} plans with ${result.auditEvents} audit events in ${seconds.toFixed(1)} s for ${result.organisations.join(', ')}.\n` +
        `Try the manager views with: npm run token -- --role manager --org ${result.organisations[0]} --sub ${result.managers[0].id}\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
