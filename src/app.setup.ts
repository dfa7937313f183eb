import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { RateLimitIdentity } from './common/auth/rate-limit-identity';
import { TokenService } from './common/auth/token.service';
import { TooManyRequestsError } from './common/errors';
import { declaredSchemas } from './common/openapi';
import { assertNoHostileInput, normaliseStrings } from './common/hostile-input';
import { validationException } from './common/validation-errors';
import type { Environment } from './config/environment';
import { languageHook } from './i18n/request-language';
import { peopleDirectoryHook } from './mail/people-directory.hook';
import { PeopleDirectory } from './mail/people-directory';

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
  const document = SwaggerModule.createDocument(app, config);
  // Response and event schemas are declared as JSON Schema beside the views (apiSchemas()), not as classes.
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...declaredSchemas() } };
  return document;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Requests are limited per verified identity (decision 0016; per IP without a valid token), writes
 * and reads each with a budget of their own, so colleagues behind one office NAT do not share one
 * and nobody gains a budget by respelling a header or inventing claims. A budget of 0 is no limit.
 */
async function limitRequests(app: NestFastifyApplication, env: Environment): Promise<void> {
  const budget = { read: env.RATE_LIMIT_READS_PER_MINUTE, write: env.RATE_LIMIT_WRITES_PER_MINUTE };
  if (budget.read === 0 && budget.write === 0) return;
  const identity = new RateLimitIdentity(app.get(TokenService));
  const kind = (req: FastifyRequest) => (READS.has(req.method) ? 'read' : 'write');
  await app.register(rateLimit, {
    timeWindow: 60_000,
    max: (req) => budget[kind(req)],
    keyGenerator: async (req) =>
      budget[kind(req)] === 0 || isHealthProbe(req) ? UNLIMITED : `${kind(req)}:${await identity.keyOf(req.headers.authorization, req.ip)}`,
    allowList: (_req, key) => key === UNLIMITED,
    errorResponseBuilder: (req, context) =>
      new TooManyRequestsError(kind(req) === 'read' ? 'rateLimit.reads' : 'rateLimit.writes', { max: context.max, seconds: Math.ceil(context.ttl / 1000) }),
  });
}

const UNLIMITED = 'unlimited';
/** Probes from the orchestrator come often, from one address, without a token: a 429 would read as an outage. */
const isHealthProbe = (req: FastifyRequest) =>
  req.method === 'GET' && (req.url === '/health' || req.url.startsWith('/health/') || req.url.startsWith('/health?'));

/** Pipes, filters, logger, request ids, rate limits and Swagger: everything main.ts and createTestApp() share. */
export async function configureApp(app: NestFastifyApplication, env: Environment): Promise<void> {
  // First of all hooks, so every answer (a 429 of the rate limit too) knows its language.
  const fastify = app.getHttpAdapter().getInstance();
  fastify.decorateRequest('language', env.DEFAULT_LANGUAGE);
  fastify.addHook('onRequest', languageHook(env.DEFAULT_LANGUAGE));
  await limitRequests(app, env);
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      stopAtFirstError: false,
      // The DTO instance stays on each error, so the exception factory can read a rule's declared bounds.
      validationError: { target: true },
      exceptionFactory: validationException,
    }),
  );
  app.enableShutdownHooks();
  // Before the answer leaves: who the caller is, for e-mail (decision 0023).
  fastify.addHook('onSend', peopleDirectoryHook(app.get(PeopleDirectory, { strict: false })));
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
        request.body = normaliseStrings(request.body);
        done();
      } catch (err) {
        done(err as Error);
      }
    });
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
