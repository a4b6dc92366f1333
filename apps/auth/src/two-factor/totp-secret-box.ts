import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

/**
 * TOTP secrets at rest: AES-256-GCM under TOTP_ENCRYPTION_KEY, so a copy of the database (a
 * backup, a replica) does not hand out every user's second factor. Stored as
 * `enc:v1:<iv>.<tag>.<ciphertext>` (base64url); a value without the prefix predates encryption
 * and is read as it is, and sealed the next time it is written.
 */
export class TotpSecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the TOTP encryption key must be 32 bytes');
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${PREFIX}${[iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url')).join('.')}`;
  }

  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    const [iv, tag, ciphertext] = stored
      .slice(PREFIX.length)
      .split('.')
      .map((part) => Buffer.from(part, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  }
}
