import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createAdapter } from './app.setup';
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
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(env), createAdapter(env), { bufferLogs: true });
  await configureApp(app, env);
  await app.listen(env.PORT, env.HOST);
  process.stdout.write(`Procurement planning engine listening on http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT} (API docs at /docs)\n`);
}

void bootstrap();
