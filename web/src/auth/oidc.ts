import * as oauth from 'oauth4webapi';
import type { Schemas } from '../api/client';
import { sessionFromToken, type Session } from './session';

export type OidcConfig = Extract<Schemas['AuthConfig'], { mode: 'oidc' }>;

const PENDING_KEY = 'ppe.oidc.pending';
export const CALLBACK_PATH = '/app/callback';

interface Pending {
  codeVerifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

const redirectUri = () => `${window.location.origin}${CALLBACK_PATH}`;

async function discover(config: OidcConfig): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(config.issuer);
  return oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oidc', [oauth.allowInsecureRequests]: issuer.protocol === 'http:' }),
  );
}

/**
 * Authorization code flow with PKCE (RFC 7636), as a public client: the verifier, state and nonce
 * stay in this tab's sessionStorage until the provider sends the browser back to /app/callback.
 */
export async function startOidcSignIn(config: OidcConfig, returnTo: string): Promise<void> {
  const as = await discover(config);
  const pending: Pending = {
    codeVerifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    returnTo,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint!);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', config.scope);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', pending.state);
  url.searchParams.set('nonce', pending.nonce);
  if (config.resource) url.searchParams.set('resource', config.resource);
  window.location.assign(url.href);
}

/** Exchanges the code of the callback's address for tokens; the access token is the API's bearer token. */
export async function completeOidcSignIn(config: OidcConfig, callbackUrl: URL): Promise<{ session: Session; returnTo: string }> {
  const raw = sessionStorage.getItem(PENDING_KEY);
  if (!raw) throw new Error('No sign-in is under way in this tab.');
  sessionStorage.removeItem(PENDING_KEY);
  const pending = JSON.parse(raw) as Pending;
  const as = await discover(config);
  const client: oauth.Client = { client_id: config.clientId };
  const params = oauth.validateAuthResponse(as, client, callbackUrl, pending.state);
  const insecure = { [oauth.allowInsecureRequests]: new URL(config.issuer).protocol === 'http:' };
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri(), pending.codeVerifier, {
    ...insecure,
    ...(config.resource ? { additionalParameters: { resource: config.resource } } : {}),
  });
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: true });
  const session = sessionFromToken(result.access_token, 'oidc', result.id_token);
  if (!session) throw new Error('The identity provider issued an access token without the claims this service needs (role, and org or businessId).');
  return { session, returnTo: pending.returnTo };
}

/** Ends the provider's session too (RP-initiated logout), when it offers that. */
export async function oidcSignOutUrl(config: OidcConfig, idToken: string | undefined): Promise<string | null> {
  const as = await discover(config);
  if (!as.end_session_endpoint) return null;
  const url = new URL(as.end_session_endpoint);
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('post_logout_redirect_uri', `${window.location.origin}/app/`);
  return url.href;
}
