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

  it('requires issuer and audience with a JWKS URL', () => {
    expect(() => validateEnvironment({ AUTH_JWKS_URL: 'https://id.example.org/jwks' })).toThrow(/AUTH_ISSUER and AUTH_AUDIENCE/);
  });
});
