import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SNS_CONFIG, SnsConfig } from '../sns.config';

/** AES-256-GCM for platform tokens at rest: `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
@Injectable()
export class TokenCipher {
  constructor(@Inject(SNS_CONFIG) private readonly config: SnsConfig) {}

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.config.tokenKey, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unreadable sealed token');
    const decipher = createDecipheriv('aes-256-gcm', this.config.tokenKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  encryptNullable(plain: string | null): string | null {
    return plain === null ? null : this.encrypt(plain);
  }
}

/** SHA-256 hex of a secret that is looked up but never read back (the OAuth state). */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
