import { decodeJwt } from 'jose';
import { signDevToken } from '../common/auth/token.service';
import { tokenRequest } from './token-request';

const secret = new TextEncoder().encode('cli-spec-secret-that-is-long-enough-0123456789');
const lifetime = async (args: string[]) => {
  const request = tokenRequest(args)!;
  const { iat, exp } = decodeJwt(await signDevToken(secret, request.claims, request.expiresIn, {}));
  return exp! - iat!;
};

describe(tokenRequest.name, () => {
  it('gives every token an expiry, 12 hours unless --ttl says otherwise', async () => {
    await expect(lifetime(['--role', 'officer', '--org', 'city-of-espoo'])).resolves.toBe(12 * 3600);
    await expect(lifetime(['--role', 'admin', '--ttl', '30m'])).resolves.toBe(1800);
    await expect(lifetime(['--role', 'supplier', '--business-id', '1234567-8', '--ttl', '90'])).resolves.toBe(90);
    await expect(lifetime(['--role', 'manager', '--org', 'city-of-espoo', '--expires', '2h'])).resolves.toBe(7200);
  });

  it('refuses a --ttl that is no span of time, and missing claims', () => {
    expect(() => tokenRequest(['--role', 'admin', '--ttl', 'forever'])).toThrow(/--ttl must be seconds or a span/);
    expect(() => tokenRequest(['--role', 'officer'])).toThrow(/--org is required for officer/);
    expect(tokenRequest(['--help'])).toBeNull();
  });

  it('puts --email and --locale into the token as its email and locale claims', async () => {
    const request = tokenRequest(['--role', 'manager', '--org', 'city-of-espoo', '--email', 'maija@example.fi', '--locale', 'sv'])!;
    expect(decodeJwt(await signDevToken(secret, request.claims, request.expiresIn, {}))).toMatchObject({ email: 'maija@example.fi', locale: 'sv' });
    expect(() => tokenRequest(['--role', 'admin', '--email', 'maija'])).toThrow(/--email must be an e-mail address/);
    expect(() => tokenRequest(['--role', 'admin', '--locale', 'de'])).toThrow(/--locale must be fi, sv or en/);
  });
});
