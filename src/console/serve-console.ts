import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import type { Environment } from '../config/environment';

/** Where `npm run build:web` writes the console: dist/web, beside the compiled server (dist/src/console/ is this file's). */
export const CONSOLE_DIRECTORY = join(__dirname, '..', '..', 'web');

/**
 * The console's own headers: its scripts and styles come from this origin only (styled-components
 * writes <style> elements, hence 'unsafe-inline' for styles alone); it talks to this API and, when
 * configured, the identity provider's token endpoint; no page may frame it; and the authorization
 * code in the callback's address never leaves in a Referer.
 */
function consoleHeaders(env: Environment): Record<string, string> {
  const connect = ["'self'", ...(env.OIDC_ISSUER ? [new URL(env.OIDC_ISSUER).origin] : [])].join(' ');
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      `connect-src ${connect}`,
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "object-src 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

/**
 * Serves the web console at /app/ (built files; every other /app/… address is one of the console's
 * own pages, so it gets index.html) and sends / there. API routes never start with /app, so the two
 * cannot collide. When the console has not been built (a test app, a server-only build), nothing is
 * served and one line says so.
 */
export async function serveConsole(app: NestFastifyApplication, env: Environment, directory = env.CONSOLE_DIR ?? CONSOLE_DIRECTORY): Promise<boolean> {
  const indexFile = join(directory, 'index.html');
  if (!existsSync(indexFile)) {
    new Logger('Console').warn(`The web console is not built (${indexFile} is missing): run npm run build to serve it at /app/.`);
    return false;
  }
  const index = readFileSync(indexFile);
  const headers = consoleHeaders(env);
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root: directory,
    prefix: '/app/',
    // Files are listed once at start-up; anything else under /app/ falls through to the page route below.
    wildcard: false,
    index: false,
    setHeaders: (reply, path) => {
      // Vite names assets by their content hash: they never change; index.html always may.
      reply.header('cache-control', path.includes(`${join('/', 'assets', '/')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    },
  });
  const page = (reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').headers(headers).send(index);
  fastify.get('/', (_request, reply) => reply.redirect('/app/'));
  fastify.get('/app', (_request, reply) => reply.redirect('/app/'));
  fastify.get('/app/*', (_request, reply) => page(reply));
  return true;
}
