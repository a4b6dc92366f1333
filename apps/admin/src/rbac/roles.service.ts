import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import {
  ALL_ENDPOINTS,
  CreateRoleDto,
  listView,
  Permission,
  PERMISSION_NAMES,
  PERMISSIONS,
  PermissionListView,
  resolvePage,
  ROLE_DESCRIPTIONS,
  ROLE_PERMISSIONS,
  RoleListView,
  RoleQuery,
  ROLES,
  RoleView,
  UpdateRoleDto,
  UserContext,
} from '@sf/contracts';
import { Conflict, NotFound } from '@sf/errors';
import { AuditLog, byCaller } from '../audit/audit-log.service';
import { AdminEventLog } from '../events/admin-event-log';
import { AccessSync } from './access-sync.service';
import { RbacRole } from './rbac.entity';
import { inTransaction } from '@sf/idempotency';

const UNIQUE_VIOLATION = '23505';

function toRoleView(role: RbacRole, userCount: number): RoleView {
  return {
    id: role.id,
    role_id: role.id,
    name: role.name,
    description: role.description,
    permissions: PERMISSION_NAMES.filter((p) => role.permissions.includes(p)),
    permission_count: role.permissions.length,
    user_count: userCount,
    built_in: role.builtIn,
    created_at: role.createdAt.toISOString(),
    updated_at: role.updatedAt.toISOString(),
  };
}

/** Roles: the built-in ones (fixed) and the custom ones admins create, change and delete. */
@Injectable()
export class RolesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessSync,
    private readonly events: AdminEventLog,
    private readonly audit: AuditLog,
  ) {}

  /** Writes the built-in roles with the contracts' permissions (idempotent across replicas and versions). */
  async seedBuiltIns(): Promise<void> {
    for (const name of ROLES) {
      await this.dataSource.query(
        `INSERT INTO roles (name, description, permissions, built_in) VALUES ($1, $2, $3, true)
         ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description, permissions = EXCLUDED.permissions, built_in = true
         WHERE roles.permissions IS DISTINCT FROM EXCLUDED.permissions OR roles.description IS DISTINCT FROM EXCLUDED.description OR NOT roles.built_in`,
        [name, ROLE_DESCRIPTIONS[name], [...ROLE_PERMISSIONS[name]]],
      );
    }
  }

  /** How many active accounts hold the role: auth's roles for a built-in one, assignments for a custom one. */
  private async userCount(manager: EntityManager, role: RbacRole): Promise<number> {
    const [{ count }] = (await (role.builtIn
      ? manager.query(`SELECT count(*)::int AS count FROM accounts WHERE status = 'active' AND $1 = ANY(roles)`, [role.name])
      : manager.query(
          `SELECT count(*)::int AS count FROM role_assignments WHERE role_id = $1 AND (expires_at IS NULL OR expires_at > now())`,
          [role.id],
        ))) as { count: number }[];
    return count;
  }

  async list(_ctx: UserContext, query: RoleQuery): Promise<RoleListView> {
    const page = resolvePage(query);
    const [roles, total] = await this.dataSource.getRepository(RbacRole).findAndCount({
      order: { builtIn: 'DESC', name: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    const views = await Promise.all(roles.map(async (r) => toRoleView(r, await this.userCount(this.dataSource.manager, r))));
    return listView('roles', views, total, page);
  }

  async get(_ctx: UserContext, id: string): Promise<RoleView> {
    const role = await this.dataSource.getRepository(RbacRole).findOneBy({ id });
    if (!role) throw new NotFound('Role');
    return toRoleView(role, await this.userCount(this.dataSource.manager, role));
  }

  async create(ctx: UserContext, dto: CreateRoleDto): Promise<RoleView> {
    try {
      const role = await inTransaction(this.dataSource, async (manager) => {
        const role = await manager.save(
          RbacRole,
          manager.create(RbacRole, {
            name: dto.name,
            description: dto.description ?? '',
            permissions: [...new Set(dto.permissions)],
            builtIn: false,
          }),
        );
        await this.audit.append(manager, {
          ...byCaller(ctx),
          action: 'rbac.role.created',
          resource_type: 'role',
          resource_id: role.id,
          details: { name: role.name, permissions: role.permissions },
        });
        await this.events.record(manager, 'rbac.role.created', role.id, {
          role_id: role.id,
          name: role.name,
          permissions: role.permissions,
          actor_id: ctx.user_id,
        });
        return role;
      });
      return toRoleView(role, 0);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION)
        throw new Conflict(`A role named ${dto.name} exists`);
      throw error;
    }
  }

  /** A custom role's change reaches every holder's tokens (auth, then the gateways) before the answer. */
  async update(ctx: UserContext, id: string, dto: UpdateRoleDto): Promise<RoleView> {
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const role = await manager.findOne(RbacRole, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!role) throw new NotFound('Role');
        if (role.builtIn) throw new Conflict(`The built-in role ${role.name} cannot be changed`);
        const permissionsChanged =
          dto.permissions !== undefined &&
          (dto.permissions.length !== role.permissions.length || dto.permissions.some((p) => !role.permissions.includes(p)));
        if (dto.name !== undefined) role.name = dto.name;
        if (dto.description !== undefined) role.description = dto.description;
        if (dto.permissions !== undefined) role.permissions = [...new Set(dto.permissions)];
        await manager.save(RbacRole, role);
        if (permissionsChanged) {
          const holders = (await manager.query(
            `SELECT user_id FROM role_assignments WHERE role_id = $1 AND (expires_at IS NULL OR expires_at > now())`,
            [role.id],
          )) as { user_id: string }[];
          for (const { user_id } of holders) await this.access.sync(ctx, manager, user_id);
        }
        await this.audit.append(manager, {
          ...byCaller(ctx),
          action: 'rbac.role.updated',
          resource_type: 'role',
          resource_id: role.id,
          details: { name: role.name, permissions: role.permissions },
        });
        await this.events.record(manager, 'rbac.role.updated', role.id, {
          role_id: role.id,
          name: role.name,
          permissions: role.permissions,
          actor_id: ctx.user_id,
        });
        return toRoleView(role, await this.userCount(manager, role));
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION)
        throw new Conflict(`A role named ${dto.name} exists`);
      throw error;
    }
  }

  async delete(ctx: UserContext, id: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const role = await manager.findOne(RbacRole, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!role) throw new NotFound('Role');
      if (role.builtIn) throw new Conflict(`The built-in role ${role.name} cannot be deleted`);
      // Expired assignments the sweep has not withdrawn yet count too: it withdraws them first.
      const [{ count }] = (await manager.query(`SELECT count(*)::int AS count FROM role_assignments WHERE role_id = $1`, [role.id])) as {
        count: number;
      }[];
      if (count > 0) throw new Conflict(`The role ${role.name} is still assigned to ${count} user(s)`);
      await manager.delete(RbacRole, { id: role.id });
      await this.audit.append(manager, {
        ...byCaller(ctx),
        action: 'rbac.role.deleted',
        resource_type: 'role',
        resource_id: role.id,
        details: { name: role.name },
      });
      await this.events.record(manager, 'rbac.role.deleted', role.id, { role_id: role.id, name: role.name, actor_id: ctx.user_id });
    });
  }

  /** The catalogue, each with the number of declared endpoints that require it. */
  permissions(): PermissionListView {
    const counts = new Map<string, number>();
    for (const e of ALL_ENDPOINTS) {
      const permission = e.access.kind === 'user' ? e.access.permission : undefined;
      if (permission) counts.set(permission, (counts.get(permission) ?? 0) + 1);
    }
    const permissions = (Object.entries(PERMISSIONS) as [Permission, string][]).map(([name, description]) => ({
      name,
      description,
      endpoint_count: counts.get(name) ?? 0,
    }));
    return { permissions, total: permissions.length };
  }
}
