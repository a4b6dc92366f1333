import { createHash, randomBytes } from 'node:crypto';

/** A URL-safe random secret with a readable prefix (`rt_`, `sf_`, ...). */
export function randomToken(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** SHA-256 hex: how high-entropy secrets (refresh tokens, keys, reset tokens) are stored. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
