import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';
import type { BinaryReply } from '../common/endpoint';

export class AuditEntryView {
  @IsUUID() id: string;
  /** Position in the hash chain, from 1. */
  @IsInt() seq: number;
  @IsOptional() @IsUUID() actor_id: string | null;
  /** The admin behind an impersonated call, with `actor_id` the user impersonated. */
  @IsOptional() @IsUUID() impersonator_id: string | null;
  @IsOptional() @IsUUID() user_id: string | null;
  @IsString() action: string;
  @IsString() resource_type: string;
  @IsOptional() @IsString() resource_id: string | null;
  @IsOptional() @IsString() ip_address: string | null;
  @IsOptional() @IsString() request_id: string | null;
  @IsObject() details: Record<string, unknown>;
  @IsISO8601() timestamp: string;
  @IsString() prev_hash: string;
  @IsString() hash: string;
}

export class AuditListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => AuditEntryView) logs: AuditEntryView[];
}

/** The filters of the audit log, for lists and exports. */
export class AuditFilter extends PageQuery {
  @IsOptional() @IsString() @MaxLength(50) resource_type?: string;
  @IsOptional() @IsString() @MaxLength(100) action?: string;
  /** Lines about this account, or acted by it. */
  @IsOptional() @IsUUID() user_id?: string;
  @IsOptional() @IsISO8601({ strict: true }) date_from?: string;
  @IsOptional() @IsISO8601({ strict: true }) date_to?: string;
}

export class AuditExportQuery extends AuditFilter {
  @IsOptional() @IsIn(['csv', 'json']) format?: 'csv' | 'json';
}

/** The seeds' `POST /api/rbac/audit/export`: the same filters in the body. */
export class AuditExportDto {
  @IsOptional() @IsIn(['csv', 'json']) format?: 'csv' | 'json';
  @IsOptional() @IsString() @MaxLength(50) resource_type?: string;
  @IsOptional() @IsString() @MaxLength(100) action?: string;
  @IsOptional() @IsUUID() user_id?: string;
  @IsOptional() @IsISO8601({ strict: true }) date_from?: string;
  @IsOptional() @IsISO8601({ strict: true }) date_to?: string;
}

export const AuditLogList = endpoint<Record<string, never>, AuditFilter, AuditListView>({
  method: 'GET',
  path: '/api/admin/audit-logs',
  aliases: [{ path: '/api/rbac/audit' }],
  subject: 'admin.audit.list',
  access: { kind: 'user', permission: 'AUDIT_READ' },
  query: AuditFilter,
  response: AuditListView,
  status: 200,
  summary: 'The audit log, newest first, filtered by resource type, action, account and dates',
  tag: 'audit',
});

export const AuditLogGet = endpoint<Record<string, never>, Record<string, never>, AuditEntryView>({
  method: 'GET',
  path: '/api/admin/audit-logs/:id',
  aliases: [{ path: '/api/rbac/audit/:id' }],
  subject: 'admin.audit.get',
  access: { kind: 'user', permission: 'AUDIT_READ' },
  params: IdParams,
  response: AuditEntryView,
  status: 200,
  summary: 'One audit line with its place in the hash chain',
  tag: 'audit',
});

/** At most this many lines in one export (a filter narrows a larger log). */
export const AUDIT_EXPORT_MAX_ROWS = 5000;

export const AuditLogExport = endpoint<Record<string, never>, AuditExportQuery, BinaryReply>({
  method: 'GET',
  path: '/api/admin/audit-logs/export',
  subject: 'admin.audit.export',
  access: { kind: 'user', permission: 'AUDIT_READ' },
  query: AuditExportQuery,
  binary: true,
  status: 200,
  summary: `The audit log as CSV or JSON (oldest first, at most ${AUDIT_EXPORT_MAX_ROWS} lines), filtered like the list`,
  tag: 'audit',
});

export const RbacAuditExport = endpoint<AuditExportDto, Record<string, never>, BinaryReply>({
  method: 'POST',
  path: '/api/rbac/audit/export',
  subject: 'admin.audit.export_rbac',
  access: { kind: 'user', permission: 'AUDIT_READ' },
  body: AuditExportDto,
  binary: true,
  status: 200,
  summary: 'The audit log as CSV or JSON, its filters in the body (as the RBAC seed asks)',
  tag: 'audit',
});

export class ChainCheckView {
  @IsBoolean() valid: boolean;
  @IsInt() checked: number;
  @IsOptional() @IsInt() first_broken_seq: number | null;
}

export class FailedLoginsView {
  @IsInt() last_24h: number;
  @IsInt() last_7d: number;
  /** Accounts with the most failed sign-ins in the last 7 days. */
  top_accounts: { user_id: string; email: string | null; failed: number }[];
}

export class AdminWithout2faView {
  @IsUUID() user_id: string;
  @IsOptional() @IsString() email: string | null;
}

export class SecurityReportView {
  @ValidateNested() @Type(() => FailedLoginsView) failed_logins: FailedLoginsView;
  @ValidateNested({ each: true }) @Type(() => AdminWithout2faView) admins_without_2fa: AdminWithout2faView[];
  @ValidateNested() @Type(() => ChainCheckView) audit_chain: ChainCheckView;
  @IsISO8601() generated_at: string;
}

export const SecurityReport = endpoint<Record<string, never>, Record<string, never>, SecurityReportView>({
  method: 'GET',
  path: '/api/admin/security/report',
  subject: 'admin.security.report',
  access: { kind: 'user', permission: 'AUDIT_READ' },
  response: SecurityReportView,
  status: 200,
  summary: 'Failed sign-ins, admins without two-factor sign-in, and whether the audit chain is intact',
  tag: 'audit',
});
