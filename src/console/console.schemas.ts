import { apiSchemas, arrayOf, object, string } from '../common/openapi';

const role = { type: 'string' as const, enum: ['officer', 'supplier', 'manager', 'admin'] };

/** What the console needs to know before anyone signs in. */
export const CONSOLE_SCHEMAS = apiSchemas({
  DevPersona: object({ id: string, role, name: string, org: string, businessId: string, email: string }, ['org', 'businessId']),
  AuthConfig: {
    oneOf: [
      {
        ...object({
          mode: { type: 'string', enum: ['development'] },
          personas: arrayOf({ $ref: '#/components/schemas/DevPersona' }),
        }),
        description: 'No identity provider is configured and NODE_ENV is not production: the console offers development sign-in.',
      },
      {
        ...object(
          {
            mode: { type: 'string', enum: ['oidc'] },
            issuer: { type: 'string', description: 'OIDC_ISSUER: discovery at `<issuer>/.well-known/openid-configuration`.' },
            clientId: string,
            scope: string,
            resource: { type: 'string', description: 'The resource indicator (RFC 8707) to name in the authorization and token requests.' },
          },
          ['resource'],
        ),
        description: 'Sign in with the organisation’s OpenID Connect provider (authorization code with PKCE).',
      },
      {
        ...object({ mode: { type: 'string', enum: ['external'] } }),
        description: 'Tokens come from elsewhere (AUTH_JWKS_URL without OIDC_ISSUER, or production with a shared secret): the console cannot sign anyone in.',
      },
    ],
  },
  DevToken: object({ token: string, expiresAt: { type: 'string', format: 'date-time' } }),
});
