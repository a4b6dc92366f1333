import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';

export const GDPR_REQUEST_KINDS = ['export', 'delete'] as const;
export type GdprRequestKind = (typeof GDPR_REQUEST_KINDS)[number];

/**
 * `scheduled`: a deletion in its grace period; `running`: waiting for the services' answers;
 * `completed`: every one answered; `incomplete`: the deadline passed first; `cancelled`: a
 * deletion withdrawn in its grace period.
 */
export const GDPR_REQUEST_STATES = ['scheduled', 'running', 'completed', 'incomplete', 'cancelled'] as const;
export type GdprRequestState = (typeof GDPR_REQUEST_STATES)[number];

/** Grace period of a deletion when the request names none. */
export const GDPR_DEFAULT_GRACE_DAYS = 30;

export class GdprPartView {
  @IsString() service: string;
  @IsIn(['pending', 'completed']) status: 'pending' | 'completed';
  /** Rows exported, or deleted and anonymised. */
  @IsOptional() @IsInt() rows: number | null;
  @IsOptional() @IsISO8601() completed_at: string | null;
  /** Exports: a presigned GET URL of the part (JSON), valid until `url_expires_at`. */
  @IsOptional() @IsString() url: string | null;
  @IsOptional() @IsISO8601() url_expires_at: string | null;
}

export class GdprRequestView {
  @IsUUID() id: string;
  @IsIn(GDPR_REQUEST_KINDS) kind: GdprRequestKind;
  @IsIn(GDPR_REQUEST_STATES) state: GdprRequestState;
  /** The account whose data it is. */
  @IsUUID() user_id: string;
  /** The admin who asked; null when the user deleted their own account. */
  @IsOptional() @IsUUID() requested_by: string | null;
  /** Deletions: when the grace period ends and the services are asked to delete. */
  @IsOptional() @IsISO8601() scheduled_for: string | null;
  /** When a request still running ends `incomplete`. */
  @IsOptional() @IsISO8601() deadline_at: string | null;
  @IsOptional() @IsISO8601() completed_at: string | null;
  @IsOptional() @IsISO8601() cancelled_at: string | null;
  /** Services that had not answered when the deadline passed. */
  @IsString({ each: true }) missing: string[];
  @ValidateNested({ each: true }) @Type(() => GdprPartView) parts: GdprPartView[];
  @IsISO8601() created_at: string;
}

export class GdprRequestListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => GdprRequestView) requests: GdprRequestView[];
}

export class GdprRequestQuery extends PageQuery {
  @IsOptional() @IsIn(GDPR_REQUEST_KINDS) kind?: GdprRequestKind;
  @IsOptional() @IsIn(GDPR_REQUEST_STATES) state?: GdprRequestState;
  @IsOptional() @IsUUID() user_id?: string;
}

export class GdprExportDto {
  @IsUUID() user_id: string;
}

export class GdprDeleteDto {
  @IsUUID() user_id: string;
  /** Days before the deletion starts, during which it can be cancelled (0: at once). */
  @IsOptional() @IsInt() @Min(0) @Max(365) grace_days?: number;
}

export const AdminGdprExport = endpoint<GdprExportDto, Record<string, never>, GdprRequestView>({
  method: 'POST',
  path: '/api/admin/gdpr/data-export',
  subject: 'admin.gdpr.export',
  access: { kind: 'user', permission: 'GDPR_MANAGE' },
  body: GdprExportDto,
  response: GdprRequestView,
  status: 201,
  idempotent: true,
  summary: "Export a user's data: every participating service uploads its part; follow it at /api/admin/gdpr/requests/{id}",
  tag: 'gdpr',
});

export const AdminUserDataExport = endpoint<Record<string, never>, Record<string, never>, GdprRequestView>({
  method: 'POST',
  path: '/api/admin/users/:id/data-export',
  subject: 'admin.gdpr.export_user',
  access: { kind: 'user', permission: 'GDPR_MANAGE' },
  params: IdParams,
  response: GdprRequestView,
  status: 201,
  idempotent: true,
  summary: "Export this user's data (as POST /api/admin/gdpr/data-export)",
  tag: 'gdpr',
});

export const AdminGdprDelete = endpoint<GdprDeleteDto, Record<string, never>, GdprRequestView>({
  method: 'POST',
  path: '/api/admin/gdpr/data-delete',
  subject: 'admin.gdpr.delete',
  access: { kind: 'user', permission: 'GDPR_MANAGE' },
  body: GdprDeleteDto,
  response: GdprRequestView,
  status: 201,
  idempotent: true,
  summary: `Schedule the deletion of a user's data after a grace period (default ${GDPR_DEFAULT_GRACE_DAYS} days, cancellable); an admin's: 409`,
  tag: 'gdpr',
  errors: [409],
});

export const AdminGdprRequestList = endpoint<Record<string, never>, GdprRequestQuery, GdprRequestListView>({
  method: 'GET',
  path: '/api/admin/gdpr/requests',
  subject: 'admin.gdpr.list',
  access: { kind: 'user', permission: 'GDPR_MANAGE' },
  query: GdprRequestQuery,
  response: GdprRequestListView,
  status: 200,
  summary: 'GDPR exports and deletions, newest first, filtered by kind, state and user',
  tag: 'gdpr',
});

export const AdminGdprRequestGet = endpoint<Record<string, never>, Record<string, never>, GdprRequestView>({
  method: 'GET',
  path: '/api/admin/gdpr/requests/:id',
  subject: 'admin.gdpr.get',
  access: { kind: 'user', permission: 'GDPR_MANAGE' },
  params: IdParams,
  response: GdprRequestView,
  status: 200,
  summary: "A GDPR request's state and parts; an export's parts link presigned, expiring download URLs",
  tag: 'gdpr',
});

export const AdminGdprRequestCancel = endpoint<Record<string, never>, Record<string, never>, GdprRequestView>({
  method: 'POST',
  path: '/api/admin/gdpr/requests/:id/cancel',
  subject: 'admin.gdpr.cancel',
  access: { kind: 'user', permission: 'GDPR_MANAGE' },
  params: IdParams,
  response: GdprRequestView,
  status: 200,
  summary: 'Cancel a deletion still in its grace period; anything else is 409',
  tag: 'gdpr',
  errors: [409],
});

export class ComplianceCountView {
  @IsIn(GDPR_REQUEST_KINDS) kind: GdprRequestKind;
  @IsIn(GDPR_REQUEST_STATES) state: GdprRequestState;
  @IsInt() count: number;
}

export class ComplianceReportView {
  @ValidateNested({ each: true }) @Type(() => ComplianceCountView) counts: ComplianceCountView[];
  @IsInt() total: number;
  /** Requests still running past their deadline, or deletions past their date not yet started. */
  @ValidateNested({ each: true }) @Type(() => GdprRequestView) overdue: GdprRequestView[];
  /** Requests that ended incomplete, newest first (at most 50). */
  @ValidateNested({ each: true }) @Type(() => GdprRequestView) incomplete: GdprRequestView[];
  @IsString({ each: true }) participating_services: string[];
  @IsISO8601() generated_at: string;
}

export const AdminComplianceReport = endpoint<Record<string, never>, Record<string, never>, ComplianceReportView>({
  method: 'GET',
  path: '/api/admin/compliance/report',
  subject: 'admin.compliance.report',
  access: { kind: 'user', permission: 'GDPR_MANAGE' },
  response: ComplianceReportView,
  status: 200,
  summary: 'GDPR requests by kind and state, the overdue and the incomplete ones',
  tag: 'gdpr',
});
