import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { CallerContext } from '@sf/contracts';
import { NotFound } from '@sf/errors';
import { User } from './user.entity';

// Every authenticated call reads its account: a named statement is parsed and planned once per
// connection, where the query builder would rebuild and re-plan the SQL each time.
const SELECT_CALLER = {
  name: 'auth_select_caller',
  text: `SELECT id, email, name, password_hash, roles, tier, permission_grants, permission_denies, status, ban_reason, banned_until, avatar_url, totp_secret, totp_enabled,
                totp_last_step, failed_logins, locked_until, created_at, updated_at
           FROM users WHERE id = $1`,
};

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  roles: User['roles'];
  tier: User['tier'];
  permission_grants: string[];
  permission_denies: string[];
  status: User['status'];
  ban_reason: string | null;
  banned_until: Date | null;
  avatar_url: string | null;
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_step: string | null;
  failed_logins: number;
  locked_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

function toUser(row: UserRow): User {
  return Object.assign(new User(), {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    roles: row.roles,
    tier: row.tier,
    permissionGrants: row.permission_grants,
    permissionDenies: row.permission_denies,
    status: row.status,
    banReason: row.ban_reason,
    bannedUntil: row.banned_until,
    avatarUrl: row.avatar_url,
    totpSecret: row.totp_secret,
    totpEnabled: row.totp_enabled,
    totpLastStep: row.totp_last_step,
    failedLogins: row.failed_logins,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

/** The account a caller context names; NOT_FOUND when it no longer exists. */
export async function loadCaller(dataSource: DataSource, ctx: CallerContext): Promise<User> {
  if (!ctx.user_id) throw new NotFound('User');
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const { rows } = await pool.query<UserRow>({ ...SELECT_CALLER, values: [ctx.user_id] });
  if (rows.length === 0) throw new NotFound('User');
  return toUser(rows[0]);
}
