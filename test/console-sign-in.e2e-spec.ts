import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { createTestApp, type TestApp } from './support/create-test-app';

/**
 * What the console learns before anyone signs in (GET /auth/config), and that development tokens
 * (POST /auth/dev-token) exist only without an identity provider and outside production. The real
 * sign-in at a provider, in a browser, is test/browser/oidc.browser-spec.ts.
 */

const officer = { role: 'officer', name: 'Mallory', org: 'city-of-espoo' };

/** An address where nothing listens: the provider is down. */
async function deadIssuer(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('Console sign-in configuration', () => {
  describe('with OIDC_ISSUER', () => {
    let t: TestApp;
    let issuer: string;

    beforeAll(async () => {
      issuer = await deadIssuer();
      t = await createTestApp({ env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'planning-console', AUTH_AUDIENCE: 'https://plans.example.org/api' } });
    });
    afterAll(() => t.close({ dropDatabase: true }));

    it('sends the console to the provider, naming the API as the resource', async () => {
      const res = await t.http().get('/auth/config').expect(200);
      expect(res.body).toEqual({ mode: 'oidc', issuer, clientId: 'planning-console', scope: 'openid profile', resource: 'https://plans.example.org/api' });
    });

    it('has no development sign-in: POST /auth/dev-token answers as a route that does not exist', async () => {
      const res = await t.http().post('/auth/dev-token').send(officer).expect(404);
      expect(res.body).toMatchObject({ code: 'route.notFound', message: 'Cannot POST /auth/dev-token' });
    });

    it('started although the provider is down, and answers 503 with Retry-After for a token it cannot check yet', async () => {
      const token = await t.token({ sub: 'officer-1', ...officer, role: 'officer' });
      const res = await t.http().get('/procurements').set('authorization', `Bearer ${token}`).expect(503);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.body).toMatchObject({
        code: 'auth.providerUnreachable',
        identityProvider: { status: 'down', reason: 'unreachable' },
        retryAfterSeconds: 2,
      });
      // Public routes do not need the provider.
      await t.http().get('/health').expect(200);
    });
  });

  describe('with NODE_ENV=production and a shared secret', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({
        env: {
          NODE_ENV: 'production',
          AUDIT_KEY: 'an-e2e-audit-key-that-is-long-enough-0123456789',
          AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
          WEBHOOK_SECRET_KEY: 'an-e2e-webhook-secret-key-that-is-long-enough-0123',
        },
      });
    });
    afterAll(() => t.close({ dropDatabase: true }));

    it('cannot sign anyone in, and issues no development tokens', async () => {
      expect((await t.http().get('/auth/config').expect(200)).body).toEqual({ mode: 'external' });
      const res = await t.http().post('/auth/dev-token').send(officer).expect(404);
      expect(res.body).toMatchObject({ code: 'route.notFound' });
    });
  });

  describe('in development without a provider', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close({ dropDatabase: true }));

    it('offers personas and issues their tokens', async () => {
      expect((await t.http().get('/auth/config').expect(200)).body).toMatchObject({ mode: 'development', personas: expect.any(Array) });
      await t.http().post('/auth/dev-token').send(officer).expect(200);
    });
  });
});
