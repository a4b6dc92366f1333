import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, ValidateIf, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';
import { Trim } from '../common/trim';

/** What can be reported; the owning service hides it when a moderator removes it. */
export const REPORTABLE_CONTENT = ['recipe', 'recipe_review', 'chef_review', 'sns_post', 'review_campaign'] as const;
export type ReportableContent = (typeof REPORTABLE_CONTENT)[number];
export const REPORT_STATUSES = ['pending', 'approved', 'rejected', 'removed'] as const;
export const REPORT_PRIORITIES = ['low', 'medium', 'high'] as const;

export class CreateReportDto {
  @IsIn(REPORTABLE_CONTENT) content_type: ReportableContent;
  @IsUUID() content_id: string;
  @Trim() @IsString() @Length(3, 1000) reason: string;
}

export class ReportView {
  @IsUUID() id: string;
  @IsUUID() report_id: string;
  @IsIn(REPORTABLE_CONTENT) content_type: string;
  @IsUUID() content_id: string;
  @IsString() reason: string;
  @IsUUID() reported_by: string;
  @IsIn(REPORT_STATUSES) status: string;
  /** From how many accounts reported the same content: 1 low, 2 medium, 3 or more high. */
  @IsIn(REPORT_PRIORITIES) priority: string;
  /** Open reports of the same content, this one included. */
  @IsInt() reports_on_content: number;
  @IsOptional() @IsUUID() resolved_by: string | null;
  @IsOptional() @IsString() resolution_note: string | null;
  @IsOptional() @IsISO8601() resolved_at: string | null;
  @IsISO8601() created_at: string;
}

export class ReportListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => ReportView) items: ReportView[];
}

export class FlaggedContentQuery extends PageQuery {
  @IsOptional() @IsIn(REPORT_STATUSES) status?: string;
  @IsOptional() @IsIn(REPORT_PRIORITIES) priority?: string;
  @IsOptional() @IsIn(REPORTABLE_CONTENT) content_type?: string;
}

/** `approve`: the report is upheld (the content breaks the rules; remove it with `.../remove`); `reject`: it is not. */
export class ResolveReportDto {
  @IsIn(['approve', 'reject']) action: 'approve' | 'reject';
  @ValidateIf((d: ResolveReportDto) => d.action === 'reject')
  @Trim()
  @IsString()
  @Length(1, 500)
  reason_for_rejection?: string;
}

export class RemoveContentDto {
  @IsOptional() @Trim() @IsString() @Length(1, 500) reason?: string;
}

export const ReportCreate = endpoint<CreateReportDto, Record<string, never>, ReportView>({
  method: 'POST',
  path: '/api/reports',
  subject: 'admin.reports.create',
  access: { kind: 'user' },
  body: CreateReportDto,
  response: ReportView,
  status: 201,
  summary: 'Report content (a recipe, a review, a post) to the moderators; one open report per account and content (409)',
  tag: 'moderation',
  idempotent: true,
  errors: [409],
});

export const FlaggedContentList = endpoint<Record<string, never>, FlaggedContentQuery, ReportListView>({
  method: 'GET',
  path: '/api/admin/flagged-content',
  subject: 'admin.moderation.list',
  access: { kind: 'user', permission: 'CONTENT_MODERATE' },
  query: FlaggedContentQuery,
  response: ReportListView,
  status: 200,
  summary: 'Reports, filtered by status and priority, highest priority and oldest first',
  tag: 'moderation',
});

export const FlaggedContentGet = endpoint<Record<string, never>, Record<string, never>, ReportView>({
  method: 'GET',
  path: '/api/admin/flagged-content/:id',
  subject: 'admin.moderation.get',
  access: { kind: 'user', permission: 'CONTENT_MODERATE' },
  params: IdParams,
  response: ReportView,
  status: 200,
  summary: 'One report',
  tag: 'moderation',
});

export const FlaggedContentResolve = endpoint<ResolveReportDto, Record<string, never>, ReportView>({
  method: 'PUT',
  path: '/api/admin/flagged-content/:id',
  subject: 'admin.moderation.resolve',
  access: { kind: 'user', permission: 'CONTENT_MODERATE' },
  params: IdParams,
  body: ResolveReportDto,
  response: ReportView,
  status: 200,
  summary: 'Uphold (approve) or reject a report; audited. A removed content’s report cannot change (409)',
  tag: 'moderation',
  errors: [409],
});

export const FlaggedContentRemove = endpoint<RemoveContentDto, Record<string, never>, ReportView>({
  method: 'POST',
  path: '/api/admin/flagged-content/:id/remove',
  subject: 'admin.moderation.remove',
  access: { kind: 'user', permission: 'CONTENT_MODERATE' },
  params: IdParams,
  body: RemoveContentDto,
  response: ReportView,
  status: 200,
  summary: 'Remove the reported content: `moderation.content.removed` makes its service hide it; every report of it closes; audited',
  tag: 'moderation',
  errors: [409],
});
