import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { resolveSecret } from '../common/auth/jwt-secret';
import { Environment } from '../config/environment';

/** What a stored secret starts with: the format may change one day, and old rows must still be read. */
const FORMAT = 'v1';

/**
 * Signing secrets of webhooks: made per the Standard Webhooks specification (`whsec_` and the base64
 * of 32 random bytes) and kept encrypted with AES-256-GCM, so a copy of the database alone cannot
 * forge deliveries. The key is derived (HKDF-SHA256) from WEBHOOK_SECRET_KEY, or from a key generated
 * once into the data folder, like AUDIT_KEY; every instance must be given the same value.
 */
@Injectable()
export class WebhookSecrets {
  private readonly logger = new Logger(WebhookSecrets.name);
  private readonly key: Buffer;

  constructor(@Inject(Environment) env: Environment) {
    const source = resolveSecret(env.WEBHOOK_SECRET_KEY, env.SQLITE_PATH, 'webhook-secret-key');
    this.key = Buffer.from(hkdfSync('sha256', source.secret, 'procurement-planning-engine', 'webhook signing secrets', 32));
    if (source.generatedFile) {
      this.logger.warn(
        `Using the development webhook secret key in ${source.generatedFile}; set WEBHOOK_SECRET_KEY in production and keep it outside the database.`,
      );
    }
  }

  /** A new signing secret, shown once to whoever creates or rotates the webhook. */
  generate(): string {
    return `whsec_${randomBytes(32).toString('base64')}`;
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url; the subscription id is bound in, so a secret moved to another row does not decrypt. */
  encrypt(secret: string, subscriptionId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [FORMAT, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  decrypt(stored: string, subscriptionId: string): string {
    const [format, iv, tag, ciphertext] = stored.split('.');
    if (format !== FORMAT || !iv || !tag || ciphertext === undefined) throw new Error('A webhook secret is stored in an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
