import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { validateEnvironment } from '../../config/environment';
import { DomainError, ServiceUnavailableError } from '../errors';
import { PROVIDER_RETRY_AFTER_SECONDS, TokenService } from './token.service';

/**
 * TokenService against a real OpenID provider's two documents, served over HTTP on 127.0.0.1: the
 * discovery document and the key set (keys made with jose). The provider can be switched to answer
 * 500, to cut connections, to name another issuer, or to fail its key set alone.
 */
type Behaviour = 'up' | 'error' | 'cut' | 'wrongIssuer' | 'keySetError';

interface Provider {
  issuer: string;
  behaviour: Behaviour;
  /** Requests per path. */
  hits: Record<string, number>;
  close(): Promise<void>;
}

const AUDIENCE = 'https://plans.example.org/api';

let signingKey: CryptoKey;
let publicJwk: JWK;
let otherKey: CryptoKey;

async function startProvider(issuerPath = ''): Promise<Provider> {
  const provider = { behaviour: 'up' as Behaviour, hits: {} as Record<string, number>, issuer: '', close: async () => {} };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    provider.hits[path] = (provider.hits[path] ?? 0) + 1;
    if (provider.behaviour === 'cut') return req.socket.destroy();
    if (provider.behaviour === 'error') return res.writeHead(500).end('down for maintenance');
    const send = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (path === `${issuerPath}/.well-known/openid-configuration`) {
      return send({
        issuer: provider.behaviour === 'wrongIssuer' ? 'https://someone-else.example.org' : provider.issuer,
        jwks_uri: `${provider.issuer}/jwks`,
        authorization_endpoint: `${provider.issuer}/auth`,
        token_endpoint: `${provider.issuer}/token`,
      });
    }
    if (path === `${issuerPath}/jwks`) return provider.behaviour === 'keySetError' ? res.writeHead(503).end() : send({ keys: [publicJwk] });
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}${issuerPath}`;
  provider.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return provider;
}

const officer = { sub: 'officer-1', role: 'officer', org: 'city-of-espoo', name: 'Aino Virtanen' };

async function accessToken(issuer: string, claims: JWTPayload = officer, options: { key?: CryptoKey; kid?: string; audience?: string } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? publicJwk.kid, typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(options.key ?? signingKey);
}

const serviceFor = (vars: Record<string, string>) =>
  new TokenService(validateEnvironment({ OIDC_CLIENT_ID: 'planning-console', AUTH_AUDIENCE: AUDIENCE, ...vars }));

/** The domain error `promise` rejects with (its status and code), or a failure when it resolves. */
async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(error instanceof DomainError)) throw new Error(`Expected a domain error, got ${String(error)}`);
  return error;
}

describe('TokenService with OIDC_ISSUER (keys from the discovery document)', () => {
  let provider: Provider;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    signingKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'ES256', use: 'sig' };
    otherKey = (await generateKeyPair('ES256')).privateKey;
    // Discovery failures are logged as warnings: expected here.
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  beforeEach(async () => {
    provider = await startProvider();
  });

  afterEach(async () => {
    jest.spyOn(Date, 'now').mockRestore();
    await provider.close();
  });

  afterAll(() => jest.restoreAllMocks());

  it('asks the provider nothing until the first token, then verifies it with the discovered keys', async () => {
    const tokens = serviceFor({ OIDC_ISSUER: provider.issuer });
    expect(provider.hits).toEqual({});
    await expect(tokens.verify(await accessToken(provider.issuer))).resolves.toEqual({
      id: 'officer-1',
      name: 'Aino Virtanen',
      role: 'officer',
      org: 'city-of-espoo',
      businessId: null,
      email: null,
      locale: null,
    });
    expect(provider.hits).toEqual({ '/.well-known/openid-configuration': 1, '/jwks': 1 });
  });

  it('discovers once: concurrent first requests share the discovery, later ones reuse the key set', async () => {
    const tokens = serviceFor({ OIDC_ISSUER: provider.issuer });
    const token = await accessToken(provider.issuer);
    await Promise.all(Array.from({ length: 5 }, () => tokens.verify(token)));
    for (let i = 0; i < 5; i += 1) await tokens.verify(token);
    expect(provider.hits).toEqual({ '/.well-known/openid-configuration': 1, '/jwks': 1 });
  });

  it('maps supplier claims too', async () => {
    const tokens = serviceFor({ OIDC_ISSUER: provider.issuer });
    const supplier = await accessToken(provider.issuer, { sub: 'supplier-7', role: 'supplier', businessId: '2345678-0', name: 'Oy Esimerkki Ab' });
    await expect(tokens.verify(supplier)).resolves.toMatchObject({ role: 'supplier', businessId: '2345678-0', org: null });
  });

  it('takes the email and locale claims for notifications, and ignores values it could not write to', async () => {
    const tokens = serviceFor({ OIDC_ISSUER: provider.issuer });
    const withClaims = (email: unknown, locale: unknown) => accessToken(provider.issuer, { ...officer, email, locale });
    await expect(tokens.verify(await withClaims('aino.virtanen@espoo.example.fi', 'sv-FI'))).resolves.toMatchObject({
      email: 'aino.virtanen@espoo.example.fi',
      locale: 'sv',
    });
    await expect(tokens.verify(await withClaims(' anna@example.com ', 'fi_FI'))).resolves.toMatchObject({ email: 'anna@example.com', locale: 'fi' });
    // Not an address, not a string, a language the service does not write: the person is still let in.
    await expect(tokens.verify(await withClaims('not an address', 'de-DE'))).resolves.toMatchObject({ id: 'officer-1', email: null, locale: null });
    await expect(tokens.verify(await withClaims(42, ['fi']))).resolves.toMatchObject({ email: null, locale: null });
    await expect(tokens.verify(await withClaims(`${'a'.repeat(320)}@example.com`, 'en'))).resolves.toMatchObject({ email: null, locale: 'en' });
  });

  it('refuses with 401 what the provider did not issue for this API: another audience, another issuer, another key, the development secret', async () => {
    const tokens = serviceFor({ OIDC_ISSUER: provider.issuer });
    const audience = await refusal(tokens.verify(await accessToken(provider.issuer, officer, { audience: 'https://other.example.org' })));
    expect([audience.status, audience.code, audience.params]).toEqual([401, 'auth.claimRejected', { claim: 'aud' }]);
    const issuer = await refusal(tokens.verify(await accessToken('https://someone-else.example.org')));
    expect([issuer.status, issuer.code, issuer.params]).toEqual([401, 'auth.claimRejected', { claim: 'iss' }]);
    // The same kid, a different key: the signature fails.
    const forged = await refusal(tokens.verify(await accessToken(provider.issuer, officer, { key: otherKey })));
    expect([forged.status, forged.code]).toEqual([401, 'auth.tokenInvalid']);
    // A kid the key set does not have: a 401, not a provider fault.
    const unknownKid = await refusal(tokens.verify(await accessToken(provider.issuer, officer, { key: otherKey, kid: 'key-2' })));
    expect([unknownKid.status, unknownKid.code]).toEqual([401, 'auth.tokenInvalid']);
    const development = await new SignJWT(officer)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(provider.issuer)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-development-secret-that-is-long-enough-0123'));
    expect((await refusal(tokens.verify(development))).code).toBe('auth.tokenInvalid');
    await expect(tokens.issue({ sub: 'x', name: 'X', role: 'admin' })).rejects.toThrow(/identity provider/);
  });

  it('refuses a provider token without the claims the API needs (role, org)', async () => {
    const tokens = serviceFor({ OIDC_ISSUER: provider.issuer });
    expect((await refusal(tokens.verify(await accessToken(provider.issuer, { sub: 'someone', name: 'Someone' })))).code).toBe('auth.roleUnknown');
    expect((await refusal(tokens.verify(await accessToken(provider.issuer, { sub: 'someone', role: 'officer' })))).code).toBe('auth.organisationMissing');
  });

  it('takes the issuer from AUTH_ISSUER when set', async () => {
    const tokens = serviceFor({ OIDC_ISSUER: provider.issuer, AUTH_ISSUER: 'https://tokens.example.org' });
    await expect(tokens.verify(await accessToken('https://tokens.example.org'))).resolves.toMatchObject({ id: 'officer-1' });
    expect((await refusal(tokens.verify(await accessToken(provider.issuer)))).params).toEqual({ claim: 'iss' });
  });

  it('accepts OIDC_ISSUER with a trailing slash and expects the issuer as the provider spells it', async () => {
    const tokens = serviceFor({ OIDC_ISSUER: `${provider.issuer}/` });
    await expect(tokens.verify(await accessToken(provider.issuer))).resolves.toMatchObject({ id: 'officer-1' });
    expect(provider.hits['/.well-known/openid-configuration']).toBe(1);
  });

  it('discovers under an issuer with a path (a realm)', async () => {
    const realm = await startProvider('/realms/city');
    try {
      const tokens = serviceFor({ OIDC_ISSUER: realm.issuer });
      await expect(tokens.verify(await accessToken(realm.issuer))).resolves.toMatchObject({ id: 'officer-1' });
      expect(realm.hits).toEqual({ '/realms/city/.well-known/openid-configuration': 1, '/realms/city/jwks': 1 });
    } finally {
      await realm.close();
    }
  });

  it.each<[string, Behaviour]>([
    ['answers 500', 'error'],
    ['cuts the connection', 'cut'],
    ['names another issuer in its discovery document', 'wrongIssuer'],
  ])('answers 503 auth.providerUnreachable while the provider %s, and recovers once it is back', async (_, behaviour) => {
    const tokens = serviceFor({ OIDC_ISSUER: provider.issuer });
    const token = await accessToken(provider.issuer);
    provider.behaviour = behaviour;
    const error = await refusal(tokens.verify(token));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.status).toBe(503);
    expect(error.code).toBe('auth.providerUnreachable');
    expect(error.render('en')).toMatchObject({
      message: `The identity provider does not answer right now, so the bearer token cannot be checked; retry in ${PROVIDER_RETRY_AFTER_SECONDS} s.`,
      extra: { identityProvider: { status: 'down', reason: 'unreachable' }, retryAfterSeconds: PROVIDER_RETRY_AFTER_SECONDS },
    });
    expect(provider.hits['/.well-known/openid-configuration']).toBe(1);

    // Within Retry-After the provider is not asked again: every request gets its 503 at once.
    provider.behaviour = 'up';
    expect((await refusal(tokens.verify(token))).code).toBe('auth.providerUnreachable');
    expect(provider.hits['/.well-known/openid-configuration']).toBe(1);

    // Once it has passed, the next request asks again and, the provider being back, verifies.
    const later = Date.now() + PROVIDER_RETRY_AFTER_SECONDS * 1000 + 1;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    await expect(tokens.verify(await accessToken(provider.issuer))).resolves.toMatchObject({ id: 'officer-1' });
    expect(provider.hits['/.well-known/openid-configuration']).toBe(2);
  });

  it('answers 503 when nothing listens at the issuer (connection refused), e.g. at start-up before the provider', async () => {
    const gone = await startProvider();
    const issuer = gone.issuer;
    await gone.close();
    const tokens = serviceFor({ OIDC_ISSUER: issuer });
    const error = await refusal(tokens.verify(await accessToken(issuer)));
    expect([error.status, error.code]).toEqual([503, 'auth.providerUnreachable']);
  });

  it('answers 503 when the key set cannot be fetched after discovery, and uses it once it can', async () => {
    const tokens = serviceFor({ OIDC_ISSUER: provider.issuer });
    const token = await accessToken(provider.issuer);
    provider.behaviour = 'keySetError';
    const error = await refusal(tokens.verify(token));
    expect([error.status, error.code]).toEqual([503, 'auth.providerUnreachable']);
    provider.behaviour = 'up';
    await expect(tokens.verify(token)).resolves.toMatchObject({ id: 'officer-1' });
    // Discovery had succeeded: it is not repeated.
    expect(provider.hits).toEqual({ '/.well-known/openid-configuration': 1, '/jwks': 2 });
  });
});

describe('TokenService with AUTH_JWKS_URL', () => {
  it('answers 503, not 401, when the key set cannot be fetched', async () => {
    const provider = await startProvider();
    try {
      provider.behaviour = 'error';
      const tokens = new TokenService(validateEnvironment({ AUTH_JWKS_URL: `${provider.issuer}/jwks`, AUTH_ISSUER: provider.issuer, AUTH_AUDIENCE: AUDIENCE }));
      const error = await refusal(tokens.verify(await accessToken(provider.issuer)));
      expect([error.status, error.code]).toEqual([503, 'auth.providerUnreachable']);
      provider.behaviour = 'up';
      await expect(tokens.verify(await accessToken(provider.issuer))).resolves.toMatchObject({ id: 'officer-1' });
    } finally {
      await provider.close();
    }
  });
});

describe('TokenService keeps the tokens it verified', () => {
  const secret = 'a-development-secret-that-is-long-enough-0123456789';
  const tokens = () => new TokenService(validateEnvironment({ AUTH_JWT_SECRET: secret }));
  const sign = (expiresIn: string) =>
    new SignJWT({ ...officer })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setIssuer('procurement-planning-engine/dev')
      .setExpirationTime(expiresIn)
      .sign(new TextEncoder().encode(secret));

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('checks the signature of a token once, and gives every request a caller of its own', async () => {
    const service = tokens();
    const token = await sign('5m');
    const checks = jest.spyOn(globalThis.crypto.subtle, 'verify');
    const first = await service.verify(token);
    first.name = 'changed by a caller';
    const second = await service.verify(token);
    expect(checks).toHaveBeenCalledTimes(1);
    expect(second).toMatchObject({ id: 'officer-1', name: 'Aino Virtanen', role: 'officer', org: 'city-of-espoo' });
    expect(second).not.toBe(first);
  });

  it('refuses a kept token once it has expired, and never keeps a refused one', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: new Date('2026-03-01T12:00:00Z') });
    const service = tokens();
    const token = await sign('2m');
    await expect(service.verify(token)).resolves.toMatchObject({ id: 'officer-1' });
    jest.setSystemTime(new Date('2026-03-01T12:10:00Z'));
    expect((await refusal(service.verify(token))).code).toBe('auth.tokenExpired');
    const forged = `${token.slice(0, -4)}AAAA`;
    const checks = jest.spyOn(globalThis.crypto.subtle, 'verify');
    for (let i = 0; i < 2; i++) expect((await refusal(service.verify(forged))).code).toBe('auth.tokenInvalid');
    expect(checks).toHaveBeenCalledTimes(2);
  });
});
