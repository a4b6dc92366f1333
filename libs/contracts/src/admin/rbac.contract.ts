import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';
import { PERMISSION_NAMES } from '../common/permissions';
import type { Permission } from '../common/permissions';
import { Trim } from '../common/trim';

/** A role name: lower-case letters, digits, `_` and `-`, starting with a letter. */
export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9_-]{1,49}$/;

export class RoleView {
  @IsUUID() id: string;
  /** Same as `id`, as the seeds name it. */
  @IsUUID() role_id: string;
  @IsString() name: string;
  @IsString() description: string;
  @IsIn(PERMISSION_NAMES, { each: true }) permissions: Permission[];
  @IsInt() permission_count: number;
  @IsInt() user_count: number;
  /** user, chef, moderator, translator and admin: their permissions are fixed and they cannot be deleted. */
  @IsBoolean() built_in: boolean;
  @IsISO8601() created_at: string;
  @IsISO8601() updated_at: string;
}

export class RoleListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => RoleView) roles: RoleView[];
}

export class CreateRoleDto {
  @Trim() @IsString() @Matches(ROLE_NAME_PATTERN, { message: 'name must be 2-50 lower-case letters, digits, _ or -' }) name: string;
  @IsOptional() @Trim() @IsString() @MaxLength(500) description?: string;
  @IsIn(PERMISSION_NAMES, { each: true }) @ArrayMaxSize(PERMISSION_NAMES.length) permissions: Permission[];
}

/** Absent fields stay as they are; `permissions` replaces the role's. */
export class UpdateRoleDto {
  @ValidateIf((_d, v) => v !== undefined)
  @Trim()
  @IsString()
  @Matches(ROLE_NAME_PATTERN, { message: 'name must be 2-50 lower-case letters, digits, _ or -' })
  name?: string;
  @ValidateIf((_d, v) => v !== undefined) @Trim() @IsString() @MaxLength(500) description?: string;
  @ValidateIf((_d, v) => v !== undefined)
  @IsIn(PERMISSION_NAMES, { each: true })
  @ArrayMaxSize(PERMISSION_NAMES.length)
  permissions?: Permission[];
}

export class RoleQuery extends PageQuery {}

export const RbacRoleList = endpoint<Record<string, never>, RoleQuery, RoleListView>({
  method: 'GET',
  path: '/api/rbac/roles',
  subject: 'admin.roles.list',
  access: { kind: 'user', permission: 'ROLES_READ' },
  query: RoleQuery,
  response: RoleListView,
  status: 200,
  summary: 'Every role, built-in first, with its permissions and how many users hold it',
  tag: 'rbac',
});

export const RbacRoleCreate = endpoint<CreateRoleDto, Record<string, never>, RoleView>({
  method: 'POST',
  path: '/api/rbac/roles',
  subject: 'admin.roles.create',
  access: { kind: 'user', permission: 'ROLES_MANAGE' },
  body: CreateRoleDto,
  response: RoleView,
  status: 201,
  idempotent: true,
  summary: 'Create a custom role from permissions; a taken name is 409',
  tag: 'rbac',
  errors: [409],
});

export const RbacRoleGet = endpoint<Record<string, never>, Record<string, never>, RoleView>({
  method: 'GET',
  path: '/api/rbac/roles/:id',
  subject: 'admin.roles.get',
  access: { kind: 'user', permission: 'ROLES_READ' },
  params: IdParams,
  response: RoleView,
  status: 200,
  summary: 'A role with its permissions',
  tag: 'rbac',
});

export const RbacRoleUpdate = endpoint<UpdateRoleDto, Record<string, never>, RoleView>({
  method: 'PUT',
  path: '/api/rbac/roles/:id',
  subject: 'admin.roles.update',
  access: { kind: 'user', permission: 'ROLES_MANAGE' },
  params: IdParams,
  body: UpdateRoleDto,
  response: RoleView,
  status: 200,
  summary: "Rename a custom role or change its permissions (its holders' tokens follow at once); built-in roles: 409",
  tag: 'rbac',
  errors: [409],
});

export const RbacRoleDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/rbac/roles/:id',
  subject: 'admin.roles.delete',
  access: { kind: 'user', permission: 'ROLES_MANAGE' },
  params: IdParams,
  status: 204,
  summary: 'Delete a custom role no one holds; a built-in or still assigned role is 409',
  tag: 'rbac',
  errors: [409],
});

export class PermissionView {
  @IsString() name: string;
  @IsString() description: string;
  /** How many endpoints require it (from their declarations). */
  @IsInt() endpoint_count: number;
}

export class PermissionListView {
  @ValidateNested({ each: true }) @Type(() => PermissionView) permissions: PermissionView[];
  @IsInt() total: number;
}

export const RbacPermissionList = endpoint<Record<string, never>, Record<string, never>, PermissionListView>({
  method: 'GET',
  path: '/api/rbac/permissions',
  subject: 'admin.permissions.list',
  access: { kind: 'user', permission: 'ROLES_READ' },
  response: PermissionListView,
  status: 200,
  summary: 'Every permission, with the number of endpoints that require it',
  tag: 'rbac',
});

export class UserRoleView {
  @IsUUID() role_id: string;
  @IsString() role_name: string;
  @IsBoolean() built_in: boolean;
  @IsOptional() @IsISO8601() assigned_at: string | null;
  @IsOptional() @IsUUID() assigned_by: string | null;
  @IsOptional() @IsISO8601() expires_at: string | null;
}

export class UserRolesView {
  @IsUUID() user_id: string;
  @ValidateNested({ each: true }) @Type(() => UserRoleView) roles: UserRoleView[];
  @IsISO8601() updated_at: string;
}

export class AssignRoleDto {
  @ValidateIf((dto: AssignRoleDto) => dto.role_name === undefined) @IsUUID() role_id?: string;
  @ValidateIf((dto: AssignRoleDto) => dto.role_id === undefined || dto.role_name !== undefined)
  @Trim()
  @IsString()
  @Length(1, 50)
  role_name?: string;
  /** When the role is withdrawn again; in the future. */
  @IsOptional() @IsISO8601({ strict: true }) expires_at?: string | null;
}

export class UserParams {
  @IsUUID() id: string;
}

export class UserRoleParams {
  @IsUUID() id: string;
  @IsUUID() role_id: string;
}

export const RbacUserRoles = endpoint<Record<string, never>, Record<string, never>, UserRolesView>({
  method: 'GET',
  path: '/api/rbac/users/:id/roles',
  subject: 'admin.user_roles.list',
  access: { kind: 'user', permission: 'ROLES_READ' },
  params: UserParams,
  response: UserRolesView,
  status: 200,
  summary: "A user's roles, built-in and custom, with who assigned them and when they expire",
  tag: 'rbac',
});

export const RbacUserRoleAssign = endpoint<AssignRoleDto, Record<string, never>, UserRolesView>({
  method: 'POST',
  path: '/api/rbac/users/:id/roles',
  subject: 'admin.user_roles.assign',
  access: { kind: 'user', permission: 'ROLES_MANAGE' },
  params: UserParams,
  body: AssignRoleDto,
  response: UserRolesView,
  status: 201,
  idempotent: true,
  summary: 'Assign a role (by id or name), optionally until `expires_at`; it applies to the next request',
  tag: 'rbac',
});

export const RbacUserRoleRemove = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/rbac/users/:id/roles/:role_id',
  subject: 'admin.user_roles.remove',
  access: { kind: 'user', permission: 'ROLES_MANAGE' },
  params: UserRoleParams,
  status: 204,
  summary: "Withdraw a role; the user's tokens lose it on their next request. The last admin keeps it (409)",
  tag: 'rbac',
  errors: [409],
});

export class PermissionOverrideView {
  @IsIn(PERMISSION_NAMES) permission: Permission;
  @IsIn(['allow', 'deny']) effect: 'allow' | 'deny';
}

export class UserPermissionsView {
  @IsUUID() user_id: string;
  @IsString({ each: true }) roles: string[];
  /** All roles merged, with the overrides applied (a deny wins). */
  @IsIn(PERMISSION_NAMES, { each: true }) permissions: Permission[];
  @ValidateNested({ each: true }) @Type(() => PermissionOverrideView) overrides: PermissionOverrideView[];
}

export class OverridePermissionDto {
  @IsIn(PERMISSION_NAMES) permission: Permission;
  /** `allow` grants it whatever the roles say, `deny` withdraws it, `inherit` removes the override. */
  @IsIn(['allow', 'deny', 'inherit']) effect: 'allow' | 'deny' | 'inherit';
}

export const RbacUserPermissions = endpoint<Record<string, never>, Record<string, never>, UserPermissionsView>({
  method: 'GET',
  path: '/api/rbac/users/:id/permissions',
  subject: 'admin.user_permissions.get',
  access: { kind: 'user', permission: 'ROLES_READ' },
  params: UserParams,
  response: UserPermissionsView,
  status: 200,
  summary: "A user's effective permissions: all roles merged, overrides applied",
  tag: 'rbac',
});

export const RbacUserPermissionOverride = endpoint<OverridePermissionDto, Record<string, never>, UserPermissionsView>({
  method: 'POST',
  path: '/api/rbac/users/:id/permissions',
  subject: 'admin.user_permissions.override',
  access: { kind: 'user', permission: 'ROLES_MANAGE' },
  params: UserParams,
  body: OverridePermissionDto,
  response: UserPermissionsView,
  status: 200,
  summary: 'Allow or deny one permission for one user whatever their roles say, or remove that override',
  tag: 'rbac',
});

export class AccessReportUserView {
  @IsUUID() user_id: string;
  @IsOptional() @IsString() email: string | null;
  @IsString({ each: true }) roles: string[];
  @IsIn(PERMISSION_NAMES, { each: true }) effective_permissions: Permission[];
  /** `admin` (holds ROLES_MANAGE or USERS_MANAGE), `elevated` (more than a user's), or `standard`. */
  @IsIn(['admin', 'elevated', 'standard']) access_level: 'admin' | 'elevated' | 'standard';
}

export class AccessReportView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => AccessReportUserView) users: AccessReportUserView[];
}

export class AccessReportQuery extends PageQuery {
  @IsOptional() @IsIn(['admin', 'elevated', 'standard']) access_level?: 'admin' | 'elevated' | 'standard';
}

export const RbacAccessReport = endpoint<Record<string, never>, AccessReportQuery, AccessReportView>({
  method: 'GET',
  path: '/api/rbac/access-report',
  subject: 'admin.access_report.get',
  access: { kind: 'user', permission: 'ROLES_READ' },
  query: AccessReportQuery,
  response: AccessReportView,
  status: 200,
  summary: 'Every account with its roles, effective permissions and access level, elevated first',
  tag: 'rbac',
});
