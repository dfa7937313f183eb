// First: V8's settings must hold before any other code runs (see heap-settings.ts).
import './common/heap-settings';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createAdapter } from './app.setup';
import { serveConsole } from './console/serve-console';
import { installProcessFaultHandlers } from './common/process-faults';
import { InvalidEnvironmentError, validateEnvironment } from './config/environment';

async function bootstrap(): Promise<void> {
  let env;
  try {
    env = validateEnvironment(process.env);
  } catch (err) {
    if (err instanceof InvalidEnvironmentError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  installProcessFaultHandlers();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(env), createAdapter(env), { bufferLogs: true });
  await configureApp(app, env);
  const consoleServed = await serveConsole(app, env);
  await app.listen(env.PORT, env.HOST);
  process.stdout.write(
    `Procurement planning engine listening on http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}${consoleServed ? ', console at /app/' : ''} (API docs at /docs)\n`,
  );
}

// A service that could not start is broken: say why and exit (faults after start are handled above).
bootstrap().catch((err: unknown) => {
  process.stderr.write(`The service did not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
