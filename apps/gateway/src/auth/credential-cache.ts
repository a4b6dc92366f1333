import { createHash } from 'node:crypto';
import { ResolvedCredential } from '@sf/contracts';
import { DomainError } from '@sf/errors';

interface Entry {
  value: ResolvedCredential | DomainError;
  expiresAt: number;
}

const MAX_ENTRIES = 10_000;
const NEGATIVE_TTL_MS = 10_000;

/**
 * Credentials that only the auth service can resolve (API keys, the demo token), cached briefly
 * by the SHA-256 of the secret; refusals are cached too, so a flood of bad keys stays local.
 * Revoking a key evicts it at once.
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byApiKeyId = new Map<string, string>();

  constructor(private readonly ttlMs: number) {}

  async resolve(secret: string, load: () => Promise<ResolvedCredential>): Promise<ResolvedCredential> {
    const id = createHash('sha256').update(secret).digest('hex');
    const hit = this.entries.get(id);
    if (hit && hit.expiresAt > Date.now()) {
      if (hit.value instanceof DomainError) throw hit.value;
      return hit.value;
    }
    try {
      const credential = await load();
      // Never cached past the credential's own expiry.
      this.store(id, { value: credential, expiresAt: Math.min(Date.now() + this.ttlMs, credential.expires_at ?? Infinity) });
      if (credential.api_key_id) this.byApiKeyId.set(credential.api_key_id, id);
      return credential;
    } catch (error) {
      // Only definite refusals are remembered; an unavailable auth service is not.
      if (error instanceof DomainError && error.code === 'UNAUTHORIZED')
        this.store(id, { value: error, expiresAt: Date.now() + NEGATIVE_TTL_MS });
      throw error;
    }
  }

  evictApiKey(apiKeyId: string): void {
    const id = this.byApiKeyId.get(apiKeyId);
    if (id) this.entries.delete(id);
    this.byApiKeyId.delete(apiKeyId);
  }

  private store(id: string, entry: Entry): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(id, entry);
  }
}
