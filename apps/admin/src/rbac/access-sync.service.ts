import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthChangeAccess, CallerContext, Role, UserAccessView } from '@sf/contracts';
import { RpcClient } from '@sf/messaging';
import { Account } from '../accounts/account.entity';
import { AccessState, overridesFor } from './user-access';

/**
 * Keeps auth, which puts access in tokens, in step with admin's assignments and overrides. Auth
 * announces each change as `user.role_changed`, which gateways apply to tokens already issued.
 */
@Injectable()
export class AccessSync {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rpc: RpcClient,
  ) {}

  /** The user's account, from the projection or (not seen yet) from auth; auth's NOT_FOUND when none. */
  async account(ctx: CallerContext, userId: string, manager: EntityManager = this.dataSource.manager): Promise<Account> {
    const known = await manager.findOneBy(Account, { userId });
    if (known && known.status !== 'deleted') return known;
    return this.push(ctx, manager, userId, {});
  }

  /** What admin holds about the user: built-in roles (auth's), unexpired custom roles' permissions, overrides. */
  async state(manager: EntityManager, account: Account): Promise<AccessState> {
    const custom = (await manager.query(
      `SELECT DISTINCT unnest(r.permissions) AS permission FROM role_assignments a JOIN roles r ON r.id = a.role_id
        WHERE a.user_id = $1 AND NOT r.built_in AND (a.expires_at IS NULL OR a.expires_at > now())`,
      [account.userId],
    )) as { permission: string }[];
    const overrides = (await manager.query(`SELECT permission, effect FROM permission_overrides WHERE user_id = $1 ORDER BY permission`, [
      account.userId,
    ])) as AccessState['overrides'];
    return { roles: account.roles, customPermissions: custom.map((c) => c.permission), overrides };
  }

  /**
   * Sends the user's grants and denies (from `manager`'s view, inside its transaction) to auth,
   * with the built-in roles to add or withdraw; the projection takes auth's answer at once.
   */
  async sync(ctx: CallerContext, manager: EntityManager, userId: string, roles: { add?: Role[]; remove?: Role[] } = {}): Promise<Account> {
    const account = await this.account(ctx, userId, manager);
    const { grants, denies } = overridesFor(await this.state(manager, account));
    return this.push(ctx, manager, userId, {
      add_roles: roles.add,
      remove_roles: roles.remove,
      permission_grants: grants,
      permission_denies: denies,
    });
  }

  private async push(
    ctx: CallerContext,
    manager: EntityManager,
    userId: string,
    change: { add_roles?: Role[]; remove_roles?: Role[]; permission_grants?: string[]; permission_denies?: string[] },
  ): Promise<Account> {
    const reply: UserAccessView = await this.rpc.call(AuthChangeAccess, { ctx, body: { user_id: userId, ...change } });
    return this.remember(manager, reply);
  }

  /** The projection takes auth's answer, unless an event already brought something newer. */
  async remember(manager: EntityManager, reply: UserAccessView): Promise<Account> {
    const { user } = reply;
    await manager.query(
      `INSERT INTO accounts (user_id, email, name, roles, tier, status, registered_at, roles_at)
       VALUES ($1, $2, $3, $4, $5, 'active', $6, $7)
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name,
         roles = CASE WHEN accounts.roles_at IS NULL OR accounts.roles_at <= EXCLUDED.roles_at THEN EXCLUDED.roles ELSE accounts.roles END,
         roles_at = GREATEST(accounts.roles_at, EXCLUDED.roles_at)`,
      [user.id, user.email, user.name, user.roles, user.tier, user.created_at, user.updated_at],
    );
    return manager.findOneByOrFail(Account, { userId: user.id });
  }
}
