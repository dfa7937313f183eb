import { generateKeyPairSync } from 'node:crypto';
import { InvalidEnvironmentError, validateEnvironment } from './environment';

describe(validateEnvironment.name, () => {
  it('gives a working configuration with nothing set: SQLite under ./data, port 3000', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({ PORT: 3000, SQLITE_PATH: './data/procurement.sqlite', LOG_LEVEL: 'info' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('reads numbers and a PostgreSQL URL', () => {
    const env = validateEnvironment({ PORT: '8080', DATABASE_URL: 'postgres://u@db:5432/plans', RATE_LIMIT_WRITES_PER_MINUTE: '0' });
    expect(env).toMatchObject({ PORT: 8080, DATABASE_URL: 'postgres://u@db:5432/plans', RATE_LIMIT_WRITES_PER_MINUTE: 0 });
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db/plans' }],
    ['AUTH_JWT_SECRET', { AUTH_JWT_SECRET: 'short' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['AUTH_JWKS_URL', { AUTH_JWKS_URL: 'not a url' }],
    ['OCID_PREFIX', { OCID_PREFIX: 'plans' }],
    ['BODY_LIMIT_BYTES', { BODY_LIMIT_BYTES: '10' }],
  ])('stops with a message naming %s when it is invalid', (variable, raw) => {
    expect(() => validateEnvironment(raw)).toThrow(InvalidEnvironmentError);
    expect(() => validateEnvironment(raw)).toThrow(new RegExp(`${variable}=`));
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
      expect(run).toThrow(/AUTH_JWT_SECRET or AUTH_JWKS_URL[\s\S]*ANONYMISATION_SECRET[\s\S]*AUDIT_KEY[\s\S]*AUDIT_SIGNING_KEY/);
    });

    it.each(['AUTH_JWT_SECRET', 'ANONYMISATION_SECRET', 'AUDIT_KEY', 'AUDIT_SIGNING_KEY'])('names %s alone when only it is missing (or empty)', (variable) => {
      const expected = variable === 'AUTH_JWT_SECRET' ? 'AUTH_JWT_SECRET or AUTH_JWKS_URL' : variable;
      expect(() => validateEnvironment({ ...complete, [variable]: '' })).toThrow(`Invalid configuration:\n  ${expected} must be set when NODE_ENV=production`);
    });

    it('leaves development alone: the secrets are generated into the data folder', () => {
      expect(() => validateEnvironment({ NODE_ENV: 'development' })).not.toThrow();
    });
  });

  it('requires issuer and audience with a JWKS URL', () => {
    expect(() => validateEnvironment({ AUTH_JWKS_URL: 'https://id.example.org/jwks' })).toThrow(/AUTH_ISSUER and AUTH_AUDIENCE/);
  });
});
