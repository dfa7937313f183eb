import { resolveJwtSecret } from '../common/auth/jwt-secret';
import { signDevToken } from '../common/auth/token.service';
import { validateEnvironment } from '../config/environment';
import { tokenRequest, USAGE } from './token-request';

async function main(): Promise<void> {
  const request = tokenRequest(process.argv.slice(2));
  if (!request) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const env = validateEnvironment(process.env);
  if (env.AUTH_JWKS_URL) throw new Error('AUTH_JWKS_URL is set: tokens come from your identity provider, not from this script.');
  const { secret } = resolveJwtSecret(env.AUTH_JWT_SECRET, env.SQLITE_PATH);
  process.stdout.write(`${await signDevToken(new TextEncoder().encode(secret), request.claims, request.expiresIn, env)}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
