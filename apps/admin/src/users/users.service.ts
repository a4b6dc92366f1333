import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccountStatusView,
  ActivityListView,
  ActivityQuery,
  AdminBanDto,
  AdminSetRoleDto,
  AdminSubscriptionListView,
  AdminUpdateUserBody,
  AdminUpdateUserDto,
  AdminUserListView,
  AdminUserQuery,
  AdminUserSortField,
  AdminUserView,
  AuthAdminUpdateUser,
  AuthImpersonate,
  ImpersonationTokenView,
  listView,
  resolvePage,
  resolveSort,
  Role,
  ROLES,
  UserContext,
} from '@sf/contracts';
import { Conflict, Forbidden, ValidationFailed } from '@sf/errors';
import { RpcClient } from '@sf/messaging';
import { Account } from '../accounts/account.entity';
import { AccountActivity, AccountSubscription } from '../accounts/activity.entity';
import { AuditLog, byCaller } from '../audit/audit-log.service';
import { AccessSync } from '../rbac/access-sync.service';
import { inTransaction } from '@sf/idempotency';

const SORT_COLUMNS: Record<AdminUserSortField, string> = {
  created_at: 'a.registered_at',
  email: 'a.email',
  name: 'a.name',
  last_login_at: 'a.last_login_at',
};

function toUserView(account: Account): AdminUserView {
  return {
    id: account.userId,
    email: account.email,
    name: account.name,
    roles: account.roles as Role[],
    status: account.status as AdminUserView['status'],
    tier: account.tier,
    ban_reason: account.banReason,
    banned_until: account.bannedUntil?.toISOString() ?? null,
    last_login_at: account.lastLoginAt?.toISOString() ?? null,
    failed_logins: account.failedLogins,
    created_at: account.registeredAt?.toISOString() ?? null,
  };
}

/** User administration: reads from the projection of auth's events, changes through auth. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessSync,
    private readonly rpc: RpcClient,
    private readonly audit: AuditLog,
  ) {}

  async list(_ctx: UserContext, query: AdminUserQuery): Promise<AdminUserListView> {
    const page = resolvePage(query);
    const sort = resolveSort<AdminUserSortField>(query, { field: 'created_at', direction: 'DESC' });
    const qb = this.dataSource.getRepository(Account).createQueryBuilder('a');
    if (query.role) qb.andWhere(':role = ANY(a.roles)', { role: query.role });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.search) {
      const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(a.email ILIKE :pattern OR a.name ILIKE :pattern)', { pattern });
    }
    qb.orderBy(SORT_COLUMNS[sort.field], sort.direction, 'NULLS LAST').addOrderBy('a.user_id', 'ASC').skip(page.offset).take(page.limit);
    const [accounts, total] = await qb.getManyAndCount();
    return listView('users', accounts.map(toUserView), total, page);
  }

  async get(ctx: UserContext, userId: string): Promise<AdminUserView> {
    return toUserView(await this.access.account(ctx, userId));
  }

  async update(ctx: UserContext, userId: string, dto: AdminUpdateUserDto): Promise<AdminUserView> {
    if (dto.status === 'deactivated') await this.refuseSuspending(ctx, userId);
    return this.change(ctx, { user_id: userId, name: dto.name, status: dto.status });
  }

  async deactivate(ctx: UserContext, userId: string): Promise<void> {
    await this.update(ctx, userId, { status: 'deactivated' });
  }

  async ban(ctx: UserContext, userId: string, dto: AdminBanDto): Promise<AdminUserView> {
    if (dto.until && Date.parse(dto.until) <= Date.now()) throw new ValidationFailed({ until: ['until must be in the future'] });
    await this.refuseSuspending(ctx, userId);
    return this.change(ctx, { user_id: userId, status: 'banned', ban_reason: dto.reason, banned_until: dto.until ?? null });
  }

  /** The account's roles become `user` and `role`; withdrawing the last admin's is 409 (auth's rule). */
  async setRole(ctx: UserContext, userId: string, dto: AdminSetRoleDto): Promise<AdminUserView> {
    const account = await inTransaction(this.dataSource, async (manager) => {
      const remove = ROLES.filter((r) => r !== 'user' && r !== dto.role);
      await manager.query(
        `DELETE FROM role_assignments WHERE user_id = $1 AND role_id IN (SELECT id FROM roles WHERE built_in AND name = ANY($2))`,
        [userId, remove],
      );
      const account = await this.access.sync(ctx, manager, userId, { add: [dto.role], remove });
      await this.audit.append(manager, {
        ...byCaller(ctx),
        action: 'admin.user.role_set',
        resource_type: 'user',
        resource_id: userId,
        user_id: userId,
        details: { role: dto.role },
      });
      return account;
    });
    return toUserView(account);
  }

  async activities(ctx: UserContext, userId: string, query: ActivityQuery): Promise<ActivityListView> {
    await this.access.account(ctx, userId);
    const page = resolvePage(query);
    const [rows, total] = await this.dataSource.getRepository(AccountActivity).findAndCount({
      where: { userId, ...(query.type ? { type: query.type } : {}) },
      order: { createdAt: query.order === 'asc' ? 'ASC' : 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    const activities = rows.map((r) => ({ id: r.id, type: r.type, ip: r.ip, details: r.details, created_at: r.createdAt.toISOString() }));
    return listView('activities', activities, total, page);
  }

  async subscriptions(ctx: UserContext, userId: string): Promise<AdminSubscriptionListView> {
    await this.access.account(ctx, userId);
    const rows = await this.dataSource.getRepository(AccountSubscription).find({ where: { userId }, order: { updatedAt: 'DESC' } });
    const subscriptions = rows.map((s) => ({
      subscription_id: s.subscriptionId,
      product_id: s.productId,
      product_slug: s.productSlug,
      plan_slug: s.planSlug,
      plan_type: s.planType,
      status: s.status,
      current_period_end: s.currentPeriodEnd?.toISOString() ?? null,
      updated_at: s.updatedAt.toISOString(),
    }));
    return { subscriptions, total: subscriptions.length };
  }

  /** Nobody bans or deactivates themselves or an admin: withdraw the admin role first. */
  private async refuseSuspending(ctx: UserContext, userId: string): Promise<void> {
    if (userId === ctx.user_id) throw new Conflict('You cannot ban or deactivate your own account');
    const account = await this.access.account(ctx, userId);
    if (account.roles.includes('admin')) throw new Conflict('An admin cannot be banned or deactivated; withdraw the admin role first');
  }

  /** Auth changes the account (and ends its sessions when it is suspended); the projection takes the answer. */
  private async change(ctx: UserContext, body: AdminUpdateUserBody): Promise<AdminUserView> {
    const reply: AccountStatusView = await this.rpc.call(AuthAdminUpdateUser, { ctx, body });
    await inTransaction(this.dataSource, async (manager) => {
      await this.access.remember(manager, { user: reply.user, permission_grants: [], permission_denies: [] });
      const action =
        body.status === 'banned'
          ? 'admin.user.banned'
          : body.status === 'deactivated'
            ? 'admin.user.deactivated'
            : body.status === 'active'
              ? 'admin.user.reactivated'
              : 'admin.user.updated';
      const details = {
        name: body.name ?? null,
        status: body.status ?? null,
        reason: body.ban_reason ?? null,
        until: body.banned_until ?? null,
      };
      await this.audit.append(manager, {
        ...byCaller(ctx),
        action,
        resource_type: 'user',
        resource_id: body.user_id,
        user_id: body.user_id,
        details,
      });
      await manager.query(`UPDATE accounts SET status = $2, ban_reason = $3, banned_until = $4 WHERE user_id = $1`, [
        reply.user.id,
        reply.status,
        reply.ban_reason,
        reply.banned_until,
      ]);
    });
    return toUserView(await this.dataSource.getRepository(Account).findOneByOrFail({ userId: reply.user.id }));
  }

  /** A short token acting as the user, recorded before it is handed over; never of an admin or oneself. */
  async impersonate(ctx: UserContext, userId: string): Promise<ImpersonationTokenView> {
    if (userId === ctx.user_id) throw new Forbidden('You cannot impersonate yourself');
    const account = await this.access.account(ctx, userId);
    if (account.roles.includes('admin')) throw new Forbidden('An admin cannot be impersonated');
    const token = await this.rpc.call(AuthImpersonate, { ctx, body: { user_id: userId, actor_id: ctx.user_id } });
    await inTransaction(this.dataSource, (manager) =>
      this.audit.append(manager, {
        ...byCaller(ctx),
        action: 'admin.impersonation.started',
        resource_type: 'user',
        resource_id: userId,
        user_id: userId,
        details: { expires_in: token.expires_in },
      }),
    );
    return token;
  }
}
