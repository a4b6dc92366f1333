import type { UserView } from '@sf/contracts';
import type { User } from './user.entity';

/** The client's view of a user: explicit fields only, never a hash or secret. */
export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.roles,
    tier: user.tier,
    two_factor_enabled: user.totpEnabled,
    avatar_url: user.avatarUrl,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
}
