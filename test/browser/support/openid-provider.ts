import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { errors } from 'oidc-provider';

/**
 * A real OpenID provider (oidc-provider 9) in the test's process, on 127.0.0.1 over http, as an
 * operator would configure one for the console: a public client (no secret, PKCE), the API as a
 * resource server whose access tokens are JWTs for its audience, and the claims the API maps
 * (`role`, `org` or `businessId`, `name`) added to those access tokens. People sign in on the
 * provider's built-in development pages: the login is an account's `sub`, any password will do.
 */

export interface TestAccount {
  sub: string;
  name: string;
  role: 'officer' | 'supplier' | 'manager' | 'admin';
  org?: string;
  businessId?: string;
}

export interface OpenIdProvider {
  /** http://127.0.0.1:<port>, no trailing slash: what OIDC_ISSUER is set to. */
  issuer: string;
  /** Requests the provider answered, by method and path (the token endpoint's, for one). */
  requests: string[];
  /** Attaches the provider to the listening port, with its client's redirect URI on `appOrigin`. */
  configure(options: { appOrigin: string; clientId: string; audience: string; accounts: TestAccount[] }): void;
  close(): Promise<void>;
}

/**
 * Listens first (the issuer needs the port) and is configured once the console's address is known
 * (the client's redirect URI needs it): the service starts in between, which it can, since it asks
 * the provider nothing until the first token arrives.
 */
export async function listenOpenIdProvider(): Promise<OpenIdProvider> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`);
    if (handler) return handler(req, res);
    res.writeHead(503).end('not configured yet');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingJwk = { ...(await exportJWK(privateKey)), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };

  return {
    issuer,
    requests,
    configure({ appOrigin, clientId, audience, accounts }) {
      const accountOf = (sub: string | undefined) => accounts.find((a) => a.sub === sub);
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_name: 'Procurement planning console',
            token_endpoint_auth_method: 'none',
            grant_types: ['authorization_code'],
            response_types: ['code'],
            redirect_uris: [`${appOrigin}/app/callback`],
            post_logout_redirect_uris: [`${appOrigin}/app/`],
          },
        ],
        jwks: { keys: [signingJwk] },
        claims: { openid: ['sub'], profile: ['name'] },
        pkce: { required: () => true },
        // The console calls the discovery and token endpoints from its own origin.
        clientBasedCORS: (_ctx: unknown, origin: string) => origin === appOrigin,
        ttl: { AccessToken: 600, IdToken: 600, AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600 },
        // The development login form's login becomes the account id: an account's sub.
        findAccount: (_ctx, id) => {
          const account = accountOf(id);
          if (!account) return undefined;
          return { accountId: account.sub, claims: () => ({ sub: account.sub, name: account.name }) };
        },
        features: {
          devInteractions: { enabled: true },
          resourceIndicators: {
            enabled: true,
            defaultResource: () => audience,
            useGrantedResource: () => true,
            getResourceServerInfo: (_ctx: unknown, resource: string) => {
              if (resource !== audience) throw new errors.InvalidTarget();
              return { audience, scope: 'plans', accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg: 'RS256' } } };
            },
          },
        },
        // What the API needs beside sub: the role and the organisation (or business id) and the name.
        extraTokenClaims: (_ctx, token) => {
          if (token.kind !== 'AccessToken') return undefined;
          const account = accountOf(token.accountId);
          if (!account) return undefined;
          const { sub: _sub, ...claims } = account;
          return claims;
        },
      });
      // A fault of the provider itself (not a refusal it answers) should show in the test's output.
      provider.on('server_error', (_ctx, err) => process.stderr.write(`oidc-provider server_error: ${String(err)}\n`));
      const callback = provider.callback();
      handler = (req, res) => callback(req, res);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
