import { ACCESS_TOKEN_TTL_SECONDS, ResolvedCredential, Revocation } from '@sf/contracts';

/**
 * Sessions, users and API keys whose credentials must be refused before they expire. Kept in
 * memory (checked on every request) and fed by the auth service's revocation events.
 */
export class RevocationList {
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, number>();
  /** Remembered past any cache lifetime, so a lookup racing the revocation cannot revive a key. */
  private readonly apiKeys = new Map<string, number>();
  private readonly apiKeyListeners: ((apiKeyId: string) => void)[] = [];

  apply(revocation: Revocation): void {
    if (revocation.kind === 'sessions') for (const id of revocation.session_ids) this.sessions.set(id, revocation.until);
    else if (revocation.kind === 'user') this.users.set(revocation.user_id, revocation.until);
    else {
      this.apiKeys.set(revocation.api_key_id, Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000);
      for (const listener of this.apiKeyListeners) listener(revocation.api_key_id);
    }
  }

  onApiKeyRevoked(listener: (apiKeyId: string) => void): void {
    this.apiKeyListeners.push(listener);
  }

  isRevoked(credential: Pick<ResolvedCredential, 'user_id' | 'session_id' | 'api_key_id' | 'expires_at'>): boolean {
    if (credential.expires_at !== null && credential.expires_at <= Date.now()) return true;
    if (this.users.size && this.users.has(credential.user_id)) return true;
    if (credential.session_id !== null && this.sessions.size && this.sessions.has(credential.session_id)) return true;
    return credential.api_key_id !== null && this.apiKeys.size > 0 && this.apiKeys.has(credential.api_key_id);
  }

  /** Drops entries whose credentials have expired anyway. */
  prune(now = Date.now()): void {
    for (const map of [this.sessions, this.users, this.apiKeys]) for (const [id, until] of map) if (until <= now) map.delete(id);
  }
}
