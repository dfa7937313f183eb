import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import type { Browser } from 'playwright-core';
import { killAllServers, startServer } from '../support/server-process';
import { launchBrowser, newConsoleContext, startConsoleServer, type ConsoleServer } from './support/console';
import { listenOpenIdProvider, type OpenIdProvider, type TestAccount } from './support/openid-provider';

/**
 * Signing in to the console at an OpenID provider: a real one (oidc-provider) on 127.0.0.1, the real
 * service as its own process with OIDC_ISSUER, and Debian's Chromium. The console sends the browser
 * to the provider (authorization code + PKCE, as a public client), the person signs in and consents
 * there, the provider sends the browser back to /app/callback, the console exchanges the code for
 * tokens, and the access token is the API's bearer token: the service verifies it with the keys it
 * found through the provider's discovery document.
 */

const CLIENT_ID = 'planning-console';
const AUDIENCE = 'https://plans.example.org/api';
const AINO: TestAccount = { sub: 'aino.virtanen', name: 'Aino Virtanen', role: 'officer', org: 'city-of-espoo' };

/** CONSOLE_DIR in the runner's environment serves a console built elsewhere (a developer's own vite build). */
const consoleDir: Record<string, string> = process.env.CONSOLE_DIR ? { CONSOLE_DIR: process.env.CONSOLE_DIR } : {};

describe('Signing in with OpenID Connect (authorization code + PKCE)', () => {
  let provider: OpenIdProvider;
  let app: ConsoleServer;
  let browser: Browser;

  beforeAll(async () => {
    provider = await listenOpenIdProvider();
    // The service starts while the provider does not work yet: it asks it nothing at start-up.
    app = await startConsoleServer({ OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: CLIENT_ID, AUTH_AUDIENCE: AUDIENCE, ...consoleDir });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await provider?.close();
    await killAllServers();
  });

  it('answers 503 auth.providerUnreachable with Retry-After while the provider does not work, without having failed to start', async () => {
    expect((await fetch(`${app.baseUrl}/health`)).status).toBe(200);
    const someToken = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJzdWIiOiJ4In0.c2ln';
    const res = await fetch(`${app.baseUrl}/procurements`, { headers: { authorization: `Bearer ${someToken}` } });
    expect(res.status).toBe(503);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({
      code: 'auth.providerUnreachable',
      identityProvider: { status: 'down', reason: 'unreachable' },
      retryAfterSeconds: retryAfter,
    });
    // The provider is up from here on; the service asks it again once Retry-After has passed.
    provider.configure({ appOrigin: app.baseUrl, clientId: CLIENT_ID, audience: AUDIENCE, accounts: [AINO] });
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
  });

  it('tells the console to sign in at the provider, and issues no development tokens', async () => {
    const config = await fetch(`${app.baseUrl}/auth/config`);
    expect(config.status).toBe(200);
    expect(await config.json()).toEqual({ mode: 'oidc', issuer: provider.issuer, clientId: CLIENT_ID, scope: 'openid profile', resource: AUDIENCE });
    const devToken = await fetch(`${app.baseUrl}/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'admin', name: 'Mallory' }),
    });
    expect(devToken.status).toBe(404);
    expect(await devToken.json()).toMatchObject({ code: 'route.notFound' });
    // The console's pages may talk to the provider (its discovery and token endpoints) and nowhere else.
    const page = await fetch(`${app.baseUrl}/app/`);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${provider.issuer}`);
  });

  it('signs an officer in at the provider and back on the plan list, where the API takes the access token', async () => {
    const context = await newConsoleContext(browser, 'en');
    const page = await context.newPage();
    // Errors on the console's pages (the provider's development pages load fonts from the internet, which this machine cannot reach).
    const problems: string[] = [];
    const onConsole = () => new URL(page.url()).origin === app.baseUrl;
    page.on('pageerror', (err) => onConsole() && problems.push(`page error: ${err.message}`));
    page.on('console', (message) => message.type() === 'error' && onConsole() && problems.push(`console: ${message.text()} (${page.url()})`));
    page.on('response', (r) => r.status() >= 500 && problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`));
    try {
      await page.goto(`${app.baseUrl}/app/`);
      await page.waitForURL(/\/app\/sign-in$/);
      await page.getByRole('button', { name: 'Sign in with your organisation’s account' }).click();

      // The provider's sign-in page, with the console's PKCE challenge in the authorization request.
      await page.waitForURL((url) => url.origin === provider.issuer);
      const authorization = provider.requests.find((r) => r.startsWith('GET /auth'));
      expect(authorization).toBeDefined();
      await page.locator('input[name="login"]').fill(AINO.sub);
      await page.locator('input[name="password"]').fill('any password will do');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      // Consent: the console asks for openid, profile and the API as a resource.
      await page.getByRole('button', { name: 'Continue' }).click();

      // Back at /app/callback, the code is exchanged for tokens; the console lands on the officer's plan list.
      const plans = page.waitForResponse((r) => new URL(r.url()).pathname === '/procurements' && r.request().method() === 'GET', { timeout: 30_000 });
      await page.waitForURL((url) => url.origin === app.baseUrl && url.pathname === '/app/plans', { timeout: 30_000 });
      const response = await plans;
      expect(response.status()).toBe(200);
      const bearer = (await response.request().headerValue('authorization'))?.replace(/^Bearer /, '') ?? '';
      // The provider's JWT access token for this API, with the claims the service maps.
      expect(decodeJwt(bearer)).toMatchObject({
        iss: provider.issuer,
        aud: AUDIENCE,
        sub: AINO.sub,
        client_id: CLIENT_ID,
        role: 'officer',
        org: 'city-of-espoo',
        name: 'Aino Virtanen',
      });
      await page.getByText('Signed in as Aino Virtanen').waitFor();
      expect(provider.requests).toEqual(expect.arrayContaining(['GET /.well-known/openid-configuration', 'POST /token', 'GET /jwks']));

      // The same token, sent by the test, is the officer's to the API.
      const me = await fetch(`${app.baseUrl}/procurements`, { headers: { authorization: `Bearer ${bearer}` } });
      expect(me.status).toBe(200);
      // Changed claims break the provider's signature.
      const [header, payload, signature] = bearer.split('.');
      const claims = { ...decodeJwt(bearer), org: 'city-of-vantaa' };
      const tampered = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
      expect(payload).not.toBe(tampered.split('.')[1]);
      const refused = await fetch(`${app.baseUrl}/procurements`, { headers: { authorization: `Bearer ${tampered}` } });
      expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([401, 'auth.tokenInvalid']);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('Development sign-in in production', () => {
  it('does not exist with NODE_ENV=production and a shared secret: /auth/config says external, POST /auth/dev-token is 404', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ppe-production-'));
    const server = await startServer({
      env: {
        NODE_ENV: 'production',
        SQLITE_PATH: join(dir, 'production.sqlite'),
        LOG_LEVEL: 'warn',
        AUTH_JWT_SECRET: 'a-production-secret-that-is-long-enough-0123',
        ANONYMISATION_SECRET: 'a-production-anonymisation-secret-0123456789',
        AUDIT_KEY: 'a-production-audit-key-that-is-long-enough-0123',
        AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        WEBHOOK_SECRET_KEY: 'a-production-webhook-secret-key-long-enough-0123',
        ...consoleDir,
      },
    });
    try {
      expect(await (await fetch(`${server.baseUrl}/auth/config`)).json()).toEqual({ mode: 'external' });
      const res = await fetch(`${server.baseUrl}/auth/dev-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'officer', name: 'Mallory', org: 'city-of-espoo' }),
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'route.notFound' });
    } finally {
      await server.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
