import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessReportQuery,
  AccessReportView,
  AssignRoleDto,
  CallerContext,
  listView,
  OverridePermissionDto,
  Permission,
  resolvePage,
  Role,
  systemContext,
  UserContext,
  UserPermissionsView,
  UserRolesView,
} from '@sf/contracts';
import { Jobs } from '@sf/jobs';
import { Conflict, DomainError, ErrorCode, NotFound, ValidationFailed } from '@sf/errors';
import { Account } from '../accounts/account.entity';
import { AuditLog, byCaller } from '../audit/audit-log.service';
import { AdminEventLog } from '../events/admin-event-log';
import { AccessSync } from './access-sync.service';
import { PermissionOverride, RbacRole, RoleAssignment } from './rbac.entity';
import { accessLevelOf, permissionsOf } from './user-access';
import { inTransaction } from '@sf/idempotency';

/** The job that withdraws one assignment at its `expires_at`. */
export const EXPIRE_ASSIGNMENT = 'rbac-expire-assignment';
export interface ExpireAssignment {
  user_id: string;
  role_id: string;
}

/** A user's roles and permissions: assignments, withdrawals, overrides, expiry, and the report. */
@Injectable()
export class UserAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessSync,
    private readonly events: AdminEventLog,
    private readonly jobs: Jobs,
    private readonly audit: AuditLog,
  ) {}

  private async rolesView(manager: EntityManager, account: Account): Promise<UserRolesView> {
    const roles = await manager.getRepository(RbacRole).find({ order: { builtIn: 'DESC', name: 'ASC' } });
    const assignments = await manager.getRepository(RoleAssignment).findBy({ userId: account.userId });
    const byRole = new Map(assignments.map((a) => [a.roleId, a]));
    const now = Date.now();
    const held = roles.filter((r) => {
      const assignment = byRole.get(r.id);
      if (r.builtIn) return account.roles.includes(r.name);
      return !!assignment && (!assignment.expiresAt || assignment.expiresAt.getTime() > now);
    });
    return {
      user_id: account.userId,
      roles: held.map((r) => {
        const a = byRole.get(r.id);
        return {
          role_id: r.id,
          role_name: r.name,
          built_in: r.builtIn,
          assigned_at: a?.assignedAt.toISOString() ?? null,
          assigned_by: a?.assignedBy ?? null,
          expires_at: a?.expiresAt?.toISOString() ?? null,
        };
      }),
      updated_at: new Date().toISOString(),
    };
  }

  async roles(ctx: UserContext, userId: string): Promise<UserRolesView> {
    const account = await this.access.account(ctx, userId);
    return this.rolesView(this.dataSource.manager, account);
  }

  async assign(ctx: UserContext, userId: string, dto: AssignRoleDto): Promise<UserRolesView> {
    const expiresAt = dto.expires_at ? new Date(dto.expires_at) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw new ValidationFailed({ expires_at: ['expires_at must be in the future'] });
    return inTransaction(this.dataSource, async (manager) => {
      const role = await manager.findOneBy(RbacRole, dto.role_name !== undefined ? { name: dto.role_name } : { id: dto.role_id });
      if (!role) throw new NotFound('Role');
      await this.access.account(ctx, userId, manager);
      await manager.query(
        `INSERT INTO role_assignments (user_id, role_id, assigned_by, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, role_id) DO UPDATE SET assigned_by = EXCLUDED.assigned_by, expires_at = EXCLUDED.expires_at, assigned_at = now()`,
        [userId, role.id, ctx.user_id, expiresAt],
      );
      const account = await this.access.sync(ctx, manager, userId, role.builtIn ? { add: [role.name as Role] } : {});
      // Committed with the assignment; a renewal leaves the earlier job nothing to do.
      if (expiresAt)
        await this.jobs.send<ExpireAssignment>(
          EXPIRE_ASSIGNMENT,
          { user_id: userId, role_id: role.id },
          { startAfter: expiresAt, manager },
        );
      await this.audit.append(manager, {
        ...byCaller(ctx),
        action: 'rbac.role.assigned',
        resource_type: 'role',
        resource_id: role.id,
        user_id: userId,
        details: { role_name: role.name, expires_at: expiresAt?.toISOString() ?? null },
      });
      await this.events.record(manager, 'rbac.role.assigned', userId, {
        user_id: userId,
        role_id: role.id,
        role_name: role.name,
        expires_at: expiresAt?.toISOString() ?? null,
        actor_id: ctx.user_id,
      });
      return this.rolesView(manager, account);
    });
  }

  async remove(ctx: UserContext, userId: string, roleId: string): Promise<void> {
    await this.withdraw(ctx, userId, roleId, false);
  }

  /**
   * Withdraws the role. `onExpiry`: the sweep's call, which changes nothing unless the assignment
   * is still there and due (an admin may have renewed it meanwhile).
   */
  private async withdraw(ctx: CallerContext, userId: string, roleId: string, onExpiry: boolean): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const role = await manager.findOneBy(RbacRole, { id: roleId });
      if (!role) throw new NotFound('Role');
      const assignment = await manager.findOne(RoleAssignment, { where: { userId, roleId }, lock: { mode: 'pessimistic_write' } });
      if (onExpiry && (!assignment?.expiresAt || assignment.expiresAt.getTime() > Date.now())) return;
      const account = await this.access.account(ctx, userId, manager);
      const holds = role.builtIn ? account.roles.includes(role.name) : !!assignment;
      if (!holds) throw new NotFound('Role assignment');
      if (role.name === 'user') throw new Conflict('Every account keeps the user role');
      if (assignment) await manager.delete(RoleAssignment, { userId, roleId });
      await this.access.sync(ctx, manager, userId, role.builtIn ? { remove: [role.name as Role] } : {});
      await this.audit.append(manager, {
        ...byCaller(ctx),
        action: onExpiry ? 'rbac.role.expired' : 'rbac.role.withdrawn',
        resource_type: 'role',
        resource_id: role.id,
        user_id: userId,
        details: { role_name: role.name },
      });
      await this.events.record(manager, 'rbac.role.withdrawn', userId, {
        user_id: userId,
        role_id: role.id,
        role_name: role.name,
        expires_at: assignment?.expiresAt?.toISOString() ?? null,
        actor_id: ctx.user_id,
      });
    });
  }

  /** Withdraws every assignment whose expiry has passed; the ones that fail are retried next time. */
  async expireDue(requestId = 'admin-role-expiry'): Promise<number> {
    const due = (await this.dataSource.query(
      `SELECT user_id, role_id FROM role_assignments WHERE expires_at <= now() ORDER BY expires_at LIMIT 500`,
    )) as { user_id: string; role_id: string }[];
    for (const { user_id, role_id } of due) await this.expire(user_id, role_id, requestId);
    return due.length;
  }

  /** One assignment's expiry (the job scheduled at its `expires_at`, or the sweep). */
  async expire(userId: string, roleId: string, requestId = 'admin-role-expiry'): Promise<void> {
    try {
      await this.withdraw(systemContext(requestId), userId, roleId, true);
    } catch (error) {
      // The account or the role went away meanwhile: nothing is left to withdraw.
      if (!(error instanceof DomainError && error.code === ErrorCode.NOT_FOUND)) throw error;
      await this.dataSource.query(`DELETE FROM role_assignments WHERE user_id = $1 AND role_id = $2 AND expires_at <= now()`, [
        userId,
        roleId,
      ]);
    }
  }

  private async permissionsView(manager: EntityManager, account: Account): Promise<UserPermissionsView> {
    const state = await this.access.state(manager, account);
    const custom = (await manager.query(
      `SELECT r.name FROM role_assignments a JOIN roles r ON r.id = a.role_id
        WHERE a.user_id = $1 AND NOT r.built_in AND (a.expires_at IS NULL OR a.expires_at > now()) ORDER BY r.name`,
      [account.userId],
    )) as { name: string }[];
    return {
      user_id: account.userId,
      roles: [...account.roles, ...custom.map((c) => c.name)],
      permissions: permissionsOf(state),
      overrides: state.overrides.map((o) => ({ permission: o.permission as Permission, effect: o.effect })),
    };
  }

  async permissions(ctx: UserContext, userId: string): Promise<UserPermissionsView> {
    const account = await this.access.account(ctx, userId);
    return this.permissionsView(this.dataSource.manager, account);
  }

  async override(ctx: UserContext, userId: string, dto: OverridePermissionDto): Promise<UserPermissionsView> {
    return inTransaction(this.dataSource, async (manager) => {
      await this.access.account(ctx, userId, manager);
      if (dto.effect === 'inherit') await manager.delete(PermissionOverride, { userId, permission: dto.permission });
      else
        await manager.upsert(PermissionOverride, { userId, permission: dto.permission, effect: dto.effect, createdBy: ctx.user_id }, [
          'userId',
          'permission',
        ]);
      if (dto.effect === 'deny' && dto.permission === 'ROLES_MANAGE') await this.keepOneRoleManager(manager, userId);
      const account = await this.access.sync(ctx, manager, userId);
      await this.audit.append(manager, {
        ...byCaller(ctx),
        action: 'rbac.permission.overridden',
        resource_type: 'permission',
        resource_id: dto.permission,
        user_id: userId,
        details: { effect: dto.effect },
      });
      await this.events.record(manager, 'rbac.permission.overridden', userId, {
        user_id: userId,
        permission: dto.permission,
        effect: dto.effect,
        actor_id: ctx.user_id,
      });
      return this.permissionsView(manager, account);
    });
  }

  /** Denying ROLES_MANAGE to the last admin who holds it would leave nobody able to undo it. */
  private async keepOneRoleManager(manager: EntityManager, userId: string): Promise<void> {
    const [{ others }] = (await manager.query(
      `SELECT count(*)::int AS others FROM accounts a
        WHERE a.status = 'active' AND 'admin' = ANY(a.roles) AND a.user_id <> $1
          AND NOT EXISTS (SELECT 1 FROM permission_overrides o WHERE o.user_id = a.user_id AND o.permission = 'ROLES_MANAGE' AND o.effect = 'deny')`,
      [userId],
    )) as { others: number }[];
    if (others === 0) throw new Conflict('The last admin keeps the ROLES_MANAGE permission');
  }

  /** Every active account with its access, the most privileged first. */
  async report(_ctx: UserContext, query: AccessReportQuery): Promise<AccessReportView> {
    const page = resolvePage(query);
    const accounts = await this.dataSource.getRepository(Account).find({ where: { status: 'active' }, order: { email: 'ASC' } });
    const rank = { admin: 0, elevated: 1, standard: 2 } as const;
    const rows = [];
    for (const account of accounts) {
      const view = await this.permissionsView(this.dataSource.manager, account);
      const level = accessLevelOf(view.permissions);
      if (query.access_level && level !== query.access_level) continue;
      rows.push({
        user_id: account.userId,
        email: account.email,
        roles: view.roles,
        effective_permissions: view.permissions,
        access_level: level,
      });
    }
    rows.sort((a, b) => rank[a.access_level] - rank[b.access_level]);
    return listView('users', rows.slice(page.offset, page.offset + page.limit), rows.length, page);
  }
}
