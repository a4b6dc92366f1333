import { Revocation } from '@sf/contracts';

/**
 * Sessions, users and API keys whose credentials must be refused before they expire. Kept in
 * memory (checked on every request) and fed by the auth service's revocation events.
 */
export class RevocationList {
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, number>();
  private readonly apiKeyListeners: ((apiKeyId: string) => void)[] = [];

  apply(revocation: Revocation): void {
    if (revocation.kind === 'sessions') for (const id of revocation.session_ids) this.sessions.set(id, revocation.until);
    else if (revocation.kind === 'user') this.users.set(revocation.user_id, revocation.until);
    else for (const listener of this.apiKeyListeners) listener(revocation.api_key_id);
  }

  onApiKeyRevoked(listener: (apiKeyId: string) => void): void {
    this.apiKeyListeners.push(listener);
  }

  isRevoked(userId: string, sessionId: string | null): boolean {
    if (this.users.size && this.users.has(userId)) return true;
    return sessionId !== null && this.sessions.size > 0 && this.sessions.has(sessionId);
  }

  /** Drops entries whose tokens have expired anyway. */
  prune(now = Date.now()): void {
    for (const [id, until] of this.sessions) if (until <= now) this.sessions.delete(id);
    for (const [id, until] of this.users) if (until <= now) this.users.delete(id);
  }
}
