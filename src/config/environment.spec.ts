import { generateKeyPairSync } from 'node:crypto';
import { InvalidEnvironmentError, validateEnvironment } from './environment';

describe(validateEnvironment.name, () => {
  it('gives a working configuration with nothing set: SQLite under ./data, port 3000', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({ PORT: 3000, SQLITE_PATH: './data/procurement.sqlite', SQLITE_CACHE_MIB: 2, LOG_LEVEL: 'info' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('reads numbers and a PostgreSQL URL', () => {
    const env = validateEnvironment({ PORT: '8080', DATABASE_URL: 'postgres://u@db:5432/plans', RATE_LIMIT_WRITES_PER_MINUTE: '0', SQLITE_CACHE_MIB: '256' });
    expect(env).toMatchObject({ PORT: 8080, DATABASE_URL: 'postgres://u@db:5432/plans', RATE_LIMIT_WRITES_PER_MINUTE: 0, SQLITE_CACHE_MIB: 256 });
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db/plans' }],
    ['AUTH_JWT_SECRET', { AUTH_JWT_SECRET: 'short' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['AUTH_JWKS_URL', { AUTH_JWKS_URL: 'not a url' }],
    // Without a scheme, new URL() would throw at start-up instead of the validation naming the variable.
    ['AUTH_JWKS_URL', { AUTH_JWKS_URL: 'id.example.org/jwks', AUTH_ISSUER: 'https://id.example.org', AUTH_AUDIENCE: 'plans' }],
    ['OCID_PREFIX', { OCID_PREFIX: 'plans' }],
    ['BODY_LIMIT_BYTES', { BODY_LIMIT_BYTES: '10' }],
    ['OUTBOX_POLL_INTERVAL_MS', { OUTBOX_POLL_INTERVAL_MS: '10' }],
    ['SQLITE_CACHE_MIB', { SQLITE_CACHE_MIB: '1' }],
    ['SQLITE_CACHE_MIB', { SQLITE_CACHE_MIB: 'lots' }],
  ])('stops with a message naming %s when it is invalid', (variable, raw) => {
    expect(() => validateEnvironment(raw)).toThrow(InvalidEnvironmentError);
    expect(() => validateEnvironment(raw)).toThrow(new RegExp(`${variable}=`));
  });

  it('takes an outbox poll interval of 50 ms or more, or 0 for outbound workers that run only when asked', () => {
    expect(validateEnvironment({}).OUTBOX_POLL_INTERVAL_MS).toBe(1000);
    expect(validateEnvironment({ OUTBOX_POLL_INTERVAL_MS: '50' }).OUTBOX_POLL_INTERVAL_MS).toBe(50);
    expect(validateEnvironment({ OUTBOX_POLL_INTERVAL_MS: '0' }).OUTBOX_POLL_INTERVAL_MS).toBe(0);
  });

  it('names every invalid variable at once', () => {
    expect(() => validateEnvironment({ PORT: 'x', LOG_LEVEL: 'loud' })).toThrow(/PORT=[\s\S]*LOG_LEVEL=/);
  });

  describe('with NODE_ENV=production', () => {
    const complete = {
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: 'a-production-secret-that-is-long-enough-0123',
      ANONYMISATION_SECRET: 'a-production-anonymisation-secret-0123456789',
      AUDIT_KEY: 'a-production-audit-key-that-is-long-enough-0123',
      AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      WEBHOOK_SECRET_KEY: 'a-production-webhook-secret-key-long-enough-0123',
    };

    it('starts when every secret is given (a JWKS URL instead of the shared secret too)', () => {
      expect(validateEnvironment(complete)).toBeInstanceOf(Object);
      const { AUTH_JWT_SECRET: _secret, ...withoutSecret } = complete;
      expect(() =>
        validateEnvironment({ ...withoutSecret, AUTH_JWKS_URL: 'https://id.example.org/jwks', AUTH_ISSUER: 'https://id.example.org', AUTH_AUDIENCE: 'plans' }),
      ).not.toThrow();
    });

    it('refuses to start without its secrets, naming each missing variable', () => {
      const run = () => validateEnvironment({ NODE_ENV: 'production' });
      expect(run).toThrow(InvalidEnvironmentError);
      expect(run).toThrow(/AUTH_JWT_SECRET or AUTH_JWKS_URL[\s\S]*ANONYMISATION_SECRET[\s\S]*AUDIT_KEY[\s\S]*AUDIT_SIGNING_KEY[\s\S]*WEBHOOK_SECRET_KEY/);
    });

    it.each(['AUTH_JWT_SECRET', 'ANONYMISATION_SECRET', 'AUDIT_KEY', 'AUDIT_SIGNING_KEY', 'WEBHOOK_SECRET_KEY'])(
      'names %s alone when only it is missing (or empty)',
      (variable) => {
        const expected = variable === 'AUTH_JWT_SECRET' ? 'AUTH_JWT_SECRET or AUTH_JWKS_URL' : variable;
        expect(() => validateEnvironment({ ...complete, [variable]: '' })).toThrow(
          `Invalid configuration:\n  ${expected} must be set when NODE_ENV=production`,
        );
      },
    );

    it('leaves development alone: the secrets are generated into the data folder', () => {
      expect(() => validateEnvironment({ NODE_ENV: 'development' })).not.toThrow();
    });
  });

  it('requires issuer and audience with a JWKS URL', () => {
    expect(() => validateEnvironment({ AUTH_JWKS_URL: 'https://id.example.org/jwks' })).toThrow(/AUTH_ISSUER and AUTH_AUDIENCE/);
  });

  describe('OpenID Connect (the console signs people in at OIDC_ISSUER)', () => {
    const oidc = { OIDC_ISSUER: 'https://id.example.org/realms/city', OIDC_CLIENT_ID: 'planning-console', AUTH_AUDIENCE: 'https://plans.example.org/api' };

    it('reads the provider, the client and the audience; asks for openid profile unless told otherwise', () => {
      const env = validateEnvironment(oidc);
      expect(env).toMatchObject({ ...oidc, OIDC_SCOPE: 'openid profile' });
      expect(env.OIDC_RESOURCE).toBeUndefined();
      expect(env.AUTH_ISSUER).toBeUndefined();
      expect(validateEnvironment({ ...oidc, OIDC_SCOPE: 'openid profile email', OIDC_RESOURCE: 'urn:plans' })).toMatchObject({
        OIDC_SCOPE: 'openid profile email',
        OIDC_RESOURCE: 'urn:plans',
      });
    });

    it('takes a local http provider (a test or a laptop) as well as https', () => {
      expect(validateEnvironment({ ...oidc, OIDC_ISSUER: 'http://127.0.0.1:4000' }).OIDC_ISSUER).toBe('http://127.0.0.1:4000');
    });

    it.each([['not a url'], ['ftp://id.example.org'], ['id.example.org/realms/city']])('stops when OIDC_ISSUER is %j', (issuer) => {
      expect(() => validateEnvironment({ ...oidc, OIDC_ISSUER: issuer })).toThrow(/OIDC_ISSUER=.*must be an http\(s\) URL/);
    });

    it.each(['OIDC_CLIENT_ID', 'AUTH_AUDIENCE'])('stops when OIDC_ISSUER is set without %s (or with it empty)', (variable) => {
      const { [variable as keyof typeof oidc]: _left, ...rest } = oidc;
      const message = 'OIDC_ISSUER is set, so OIDC_CLIENT_ID and AUTH_AUDIENCE must be set too';
      expect(() => validateEnvironment(rest)).toThrow(message);
      expect(() => validateEnvironment({ ...oidc, [variable]: '' })).toThrow(message);
    });

    it('treats empty OIDC variables as unset: no provider, development sign-in', () => {
      const env = validateEnvironment({ OIDC_ISSUER: '', OIDC_CLIENT_ID: '', OIDC_RESOURCE: '' });
      expect(env.OIDC_ISSUER).toBeUndefined();
      expect(env.OIDC_CLIENT_ID).toBeUndefined();
      expect(env.OIDC_RESOURCE).toBeUndefined();
    });

    it('needs neither AUTH_ISSUER nor AUTH_JWKS_URL: both come from the discovery document (AUTH_ISSUER may still override)', () => {
      expect(validateEnvironment({ ...oidc, AUTH_ISSUER: 'https://id.example.org/realms/city/' }).AUTH_ISSUER).toBe('https://id.example.org/realms/city/');
    });

    it('is enough for production without the shared secret', () => {
      const production = {
        NODE_ENV: 'production',
        ANONYMISATION_SECRET: 'a-production-anonymisation-secret-0123456789',
        AUDIT_KEY: 'a-production-audit-key-that-is-long-enough-0123',
        AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        WEBHOOK_SECRET_KEY: 'a-production-webhook-secret-key-long-enough-0123',
      };
      expect(() => validateEnvironment({ ...production, ...oidc })).not.toThrow();
      expect(() => validateEnvironment(production)).toThrow(/AUTH_JWT_SECRET or AUTH_JWKS_URL must be set/);
    });
  });
});
