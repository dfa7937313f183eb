/**
 * The part of oidc-provider 9's API the browser tests use (the package ships no types). See
 * https://github.com/panva/node-oidc-provider/blob/main/docs/README.md for the whole configuration.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface Account {
    accountId: string;
    claims(use: string, scope: string, claims: unknown, rejected: string[]): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export interface AccessTokenLike {
    kind: string;
    accountId?: string;
    clientId?: string;
  }

  export interface ResourceServer {
    audience: string;
    scope: string;
    accessTokenFormat?: 'opaque' | 'jwt';
    accessTokenTTL?: number;
    jwt?: { sign?: { alg: string } };
  }

  export interface Configuration {
    clients?: Array<Record<string, unknown>>;
    jwks?: { keys: Array<Record<string, unknown>> };
    claims?: Record<string, string[] | null>;
    scopes?: string[];
    findAccount?: (ctx: unknown, sub: string) => Promise<Account | undefined> | Account | undefined;
    extraTokenClaims?: (ctx: unknown, token: AccessTokenLike) => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;
    features?: Record<string, unknown>;
    cookies?: Record<string, unknown>;
    ttl?: Record<string, unknown>;
    pkce?: Record<string, unknown>;
    renderError?: (ctx: unknown, out: Record<string, unknown>, error: Error) => Promise<void> | void;
    [key: string]: unknown;
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export const errors: {
    InvalidTarget: new (description?: string) => Error;
  };

  export default Provider;
}
