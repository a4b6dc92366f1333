import { ACCESS_TOKEN_TTL_SECONDS, Role, ROLES } from '@sf/contracts';

/** A user's roles and permission overrides as of their last change. */
export interface UserAccessEntry {
  roles: Role[];
  grants: string[];
  denies: string[];
  at: number;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/**
 * The roles and permission overrides of users whose access changed within a token's lifetime
 * (`user.role_changed`), so a role withdrawn or a permission denied applies to tokens already
 * issued on their next request. Older entries are dropped: every token alive by then was issued
 * with the change.
 */
export class AccessList {
  private readonly entries = new Map<string, UserAccessEntry>();

  /** The user's current access when it changed recently, else undefined (the credential's own holds). */
  accessOf(userId: string | null): UserAccessEntry | undefined {
    return userId ? this.entries.get(userId) : undefined;
  }

  /** A change at time `at` (ms); the live feed and the replay may both deliver it, the newest wins. */
  apply(data: { user_id?: unknown; roles?: unknown; permission_grants?: unknown; permission_denies?: unknown }, at: number): void {
    if (typeof data.user_id !== 'string' || !isStringArray(data.roles)) return;
    const known = this.entries.get(data.user_id);
    if (known && known.at > at) return;
    this.entries.set(data.user_id, {
      roles: data.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
      grants: isStringArray(data.permission_grants) ? data.permission_grants : [],
      denies: isStringArray(data.permission_denies) ? data.permission_denies : [],
      at,
    });
  }

  prune(now = Date.now()): void {
    const horizon = now - ACCESS_TOKEN_TTL_SECONDS * 1000;
    for (const [userId, entry] of this.entries) if (entry.at < horizon) this.entries.delete(userId);
  }
}
