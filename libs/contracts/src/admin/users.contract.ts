import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ACCOUNT_STATUSES, ImpersonationTokenView } from '../auth/internal.contract';
import type { AccountStatus } from '../auth/internal.contract';
import { ROLES } from '../common/caller-context';
import type { Role } from '../common/caller-context';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery, sortValues } from '../common/pagination';
import { Trim } from '../common/trim';

/** What a projected account can be: auth's statuses, and `deleted` once auth deleted it. */
export const ADMIN_USER_STATUSES = [...ACCOUNT_STATUSES, 'deleted'] as const;
export type AdminUserStatus = (typeof ADMIN_USER_STATUSES)[number];
export const ADMIN_USER_SORT_FIELDS = ['created_at', 'email', 'name', 'last_login_at'] as const;
export type AdminUserSortField = (typeof ADMIN_USER_SORT_FIELDS)[number];

export class AdminUserView {
  @IsUUID() id: string;
  @IsOptional() @IsString() email: string | null;
  @IsOptional() @IsString() name: string | null;
  @IsIn(ROLES, { each: true }) roles: Role[];
  @IsIn(ADMIN_USER_STATUSES) status: AdminUserStatus;
  @IsString() tier: string;
  @IsOptional() @IsString() ban_reason: string | null;
  @IsOptional() @IsISO8601() banned_until: string | null;
  @IsOptional() @IsISO8601() last_login_at: string | null;
  /** Failed sign-ins since the last successful one. */
  @IsInt() failed_logins: number;
  @IsOptional() @IsISO8601() created_at: string | null;
}

export class AdminUserListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => AdminUserView) users: AdminUserView[];
}

export class AdminUserQuery extends PageQuery {
  @IsOptional() @IsIn(ROLES) role?: Role;
  @IsOptional() @IsIn(ADMIN_USER_STATUSES) status?: AdminUserStatus;
  /** Part of the email or the name, case-insensitive. */
  @IsOptional() @Trim() @IsString() @Length(1, 100) search?: string;
  @IsOptional() @IsIn(sortValues(ADMIN_USER_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(ADMIN_USER_SORT_FIELDS) sort_by?: AdminUserSortField;
}

export class AdminUpdateUserDto {
  @ValidateIf((_d, v) => v !== undefined) @Trim() @IsString() @Length(1, 100) name?: string;
  /** `banned` has its own route (`POST .../ban`, with a reason). */
  @ValidateIf((_d, v) => v !== undefined) @IsIn(['active', 'deactivated']) status?: Extract<AccountStatus, 'active' | 'deactivated'>;
}

export class AdminSetRoleDto {
  /** The account's roles become `user` and this one (`user`: no other). */
  @IsIn(ROLES) role: Role;
}

export class AdminBanDto {
  @Trim() @IsString() @Length(1, 500) reason: string;
  /** When the ban ends (in the future); absent: until lifted (`PUT .../{id}` `{status: 'active'}`). */
  @IsOptional() @IsISO8601({ strict: true }) until?: string | null;
}

export const AdminUserList = endpoint<Record<string, never>, AdminUserQuery, AdminUserListView>({
  method: 'GET',
  path: '/api/admin/users',
  subject: 'admin.users.list',
  access: { kind: 'user', permission: 'USERS_READ' },
  query: AdminUserQuery,
  response: AdminUserListView,
  status: 200,
  summary: 'Every account, filtered by role, status or a search of email and name, sorted and paged',
  tag: 'admin',
});

export const AdminUserGet = endpoint<Record<string, never>, Record<string, never>, AdminUserView>({
  method: 'GET',
  path: '/api/admin/users/:id',
  subject: 'admin.users.get',
  access: { kind: 'user', permission: 'USERS_READ' },
  params: IdParams,
  response: AdminUserView,
  status: 200,
  summary: 'One account as admin sees it',
  tag: 'admin',
});

export const AdminUserUpdate = endpoint<AdminUpdateUserDto, Record<string, never>, AdminUserView>({
  method: 'PUT',
  path: '/api/admin/users/:id',
  subject: 'admin.users.update',
  access: { kind: 'user', permission: 'USERS_MANAGE' },
  params: IdParams,
  body: AdminUpdateUserDto,
  response: AdminUserView,
  status: 200,
  summary: 'Rename an account, deactivate it, or make it active again (lifting a ban)',
  tag: 'admin',
  errors: [409],
});

export const AdminUserDeactivate = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/admin/users/:id',
  subject: 'admin.users.deactivate',
  access: { kind: 'user', permission: 'USERS_MANAGE' },
  params: IdParams,
  status: 204,
  summary: 'Deactivate an account: its sessions end at once and it cannot sign in; its data stays',
  tag: 'admin',
  errors: [409],
});

export const AdminUserSetRole = endpoint<AdminSetRoleDto, Record<string, never>, AdminUserView>({
  method: 'PUT',
  path: '/api/admin/users/:id/role',
  subject: 'admin.users.set_role',
  access: { kind: 'user', permission: 'ROLES_MANAGE' },
  params: IdParams,
  body: AdminSetRoleDto,
  response: AdminUserView,
  status: 200,
  summary: "Set an account's built-in role; applies to its tokens on their next request. The last admin keeps the role (409)",
  tag: 'admin',
  errors: [409],
});

export const AdminUserBan = endpoint<AdminBanDto, Record<string, never>, AdminUserView>({
  method: 'POST',
  path: '/api/admin/users/:id/ban',
  subject: 'admin.users.ban',
  access: { kind: 'user', permission: 'USERS_MANAGE' },
  params: IdParams,
  body: AdminBanDto,
  response: AdminUserView,
  status: 200,
  summary: 'Ban an account until a date or until lifted: its sessions end at once; admins and yourself: 409',
  tag: 'admin',
  errors: [409],
});

export class ActivityView {
  @IsUUID() id: string;
  /** `login.succeeded`, `login.failed`, `status_changed`, `role_changed`, ... */
  @IsString() type: string;
  @IsOptional() @IsString() ip: string | null;
  @IsObject() details: Record<string, unknown>;
  @IsISO8601() created_at: string;
}

export class ActivityListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => ActivityView) activities: ActivityView[];
}

export class ActivityQuery extends PageQuery {
  @IsOptional() @IsString() @MaxLength(50) type?: string;
}

export const AdminUserActivities = endpoint<Record<string, never>, ActivityQuery, ActivityListView>({
  method: 'GET',
  path: '/api/admin/users/:id/activities',
  subject: 'admin.users.activities',
  access: { kind: 'user', permission: 'USERS_READ' },
  params: IdParams,
  query: ActivityQuery,
  response: ActivityListView,
  status: 200,
  summary: "An account's sign-ins, failed sign-ins and changes of status and roles, newest first",
  tag: 'admin',
});

export class AdminSubscriptionView {
  @IsString() subscription_id: string;
  @IsInt() product_id: number;
  @IsString() product_slug: string;
  @IsString() plan_slug: string;
  @IsString() plan_type: string;
  @IsString() status: string;
  @IsOptional() @IsISO8601() current_period_end: string | null;
  @IsISO8601() updated_at: string;
}

export class AdminSubscriptionListView {
  @ValidateNested({ each: true }) @Type(() => AdminSubscriptionView) subscriptions: AdminSubscriptionView[];
  @IsInt() total: number;
}

export const AdminUserSubscriptions = endpoint<Record<string, never>, Record<string, never>, AdminSubscriptionListView>({
  method: 'GET',
  path: '/api/admin/users/:id/subscriptions',
  subject: 'admin.users.subscriptions',
  access: { kind: 'user', permission: 'USERS_READ' },
  params: IdParams,
  response: AdminSubscriptionListView,
  status: 200,
  summary: "An account's subscriptions, as payment's events told them",
  tag: 'admin',
});

export const AdminUserImpersonate = endpoint<Record<string, never>, Record<string, never>, ImpersonationTokenView>({
  method: 'POST',
  path: '/api/admin/users/:id/impersonate',
  subject: 'admin.users.impersonate',
  access: { kind: 'user', permission: 'USERS_IMPERSONATE', apiKeys: false },
  params: IdParams,
  response: ImpersonationTokenView,
  status: 200,
  summary: 'A 15-minute access token acting as the user (no refresh token); refused on admin and account-security routes',
  description:
    'The token carries an `act` claim naming the admin. Every call made with it is in the audit log with both ids. An admin (or yourself) cannot be impersonated: 403.',
  tag: 'admin',
});
