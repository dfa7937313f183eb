import { createHash, randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { assertNoHostileInput } from './common/hostile-input';
import type { Environment } from './config/environment';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** The Fastify adapter with the body limit and request ids; shared by main.ts and the e2e tests. */
export function createAdapter(env: Environment): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Fastify's own logger stays off: nestjs-pino logs every request with its id.
    logger: false,
  });
}

export function buildOpenApiDocument(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('Procurement planning engine')
    .setDescription(
      'Plans sustainable, digi-green public procurements through their planning stages. Every state change goes through the workflow engine; refused events name their unmet requirements.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Write requests are limited per bearer token (hashed; per IP without one), so colleagues
 * behind one office NAT do not share a budget. Reads are not limited.
 */
async function limitWrites(app: NestFastifyApplication, perMinute: number): Promise<void> {
  if (perMinute === 0) return;
  await app.register(rateLimit, {
    max: perMinute,
    timeWindow: 60_000,
    allowList: (req) => READS.has(req.method),
    keyGenerator: (req) => {
      const auth = req.headers.authorization;
      return auth ? `token:${createHash('sha256').update(auth).digest('base64url')}` : `ip:${req.ip}`;
    },
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `At most ${context.max} write requests a minute are accepted; retry in ${context.after}.`,
    }),
  });
}

/** Pipes, filters, logger, request ids, rate limits and Swagger: everything main.ts and createTestApp() share. */
export async function configureApp(app: NestFastifyApplication, env: Environment): Promise<void> {
  await limitWrites(app, env.RATE_LIMIT_WRITES_PER_MINUTE);
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      stopAtFirstError: false,
    }),
  );
  app.enableShutdownHooks();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.header('x-request-id', request.id);
      done();
    });
  // Runs after body parsing and before any handler, so no controller ever sees such input.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preValidation', (request, _reply, done) => {
      try {
        assertNoHostileInput({ body: request.body, query: request.query, 'path parameters': request.params });
        done();
      } catch (err) {
        done(err as Error);
      }
    });
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
