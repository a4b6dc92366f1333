// Creates the RS256 key the auth service signs tokens with, unless it exists: npm run keys
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const DEFAULT_KEY_FILE = resolve('.data/keys/jwt-private.pem');

/** Writes a new 2048-bit RSA private key (mode 0600) when the file is missing; answers its path. */
export function ensureSigningKey(file = DEFAULT_KEY_FILE): { file: string; created: boolean } {
  if (existsSync(file)) return { file, created: false };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return { file, created: true };
}

if (require.main === module) {
  const { file, created } = ensureSigningKey(process.argv[2] ? resolve(process.argv[2]) : DEFAULT_KEY_FILE);
  process.stdout.write(`${created ? 'Created' : 'Kept existing'} signing key ${file}\n`);
}
