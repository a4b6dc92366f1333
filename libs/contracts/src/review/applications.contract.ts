import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery, sortValues } from '../common/pagination';

/** pending → selected | rejected; selected → review_submitted → completed; pending|selected → withdrawn. */
export const APPLICATION_STATUSES = ['pending', 'selected', 'rejected', 'review_submitted', 'completed', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** What callers may also write: `approved` is `selected` (seed workflow 4), `applied` is `pending`. */
export const APPLICATION_STATUS_SYNONYMS: Record<string, ApplicationStatus> = { approved: 'selected', applied: 'pending' };
const toStatus = () =>
  Transform(({ value }) => (typeof value === 'string' && APPLICATION_STATUS_SYNONYMS[value] ? APPLICATION_STATUS_SYNONYMS[value] : value));

export const APPLICATION_SORT_FIELDS = ['applied_at', 'updated_at', 'status', 'reward_krw'] as const;
export type ApplicationSortField = (typeof APPLICATION_SORT_FIELDS)[number];

export class CreateApplicationDto {
  /** A scraped listing, or (instead) a campaign hosted here. */
  @ValidateIf((o: CreateApplicationDto) => o.campaign_id === undefined || o.listing_id !== undefined) @IsUUID() listing_id?: string;
  @ValidateIf((o: CreateApplicationDto) => o.listing_id === undefined) @IsUUID() campaign_id?: string;
  @IsUUID() account_id: string;
  @IsOptional() @IsString() @MaxLength(2000) message?: string;
}

export class UpdateApplicationDto {
  @IsOptional() @toStatus() @IsIn(['selected', 'rejected', 'completed']) status?: 'selected' | 'rejected' | 'completed';
  @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

export class SubmitReviewDto {
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }) @MaxLength(2048) review_url: string;
  @IsOptional() @IsString() @MaxLength(20000) review_content?: string;
}

export class ApplicationListQuery extends PageQuery {
  @IsOptional() @toStatus() @IsIn(APPLICATION_STATUSES) status?: ApplicationStatus;
  @IsOptional() @IsUUID() account_id?: string;
  @IsOptional() @IsIn(sortValues(APPLICATION_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(APPLICATION_SORT_FIELDS) sort_by?: string;
}

export class ApplicationView {
  @IsUUID() id: string;
  @IsUUID() application_id: string;
  @IsUUID() app_id: string;
  @IsUUID() user_id: string;
  @IsUUID() account_id: string;
  @IsOptional() @IsUUID() listing_id: string | null;
  @IsOptional() @IsUUID() campaign_id: string | null;
  @IsString() listing_title: string;
  @IsString() source_platform: string;
  @IsIn(APPLICATION_STATUSES) status: ApplicationStatus;
  /** `api`: sent to the platform; `manual`: finish on `listing_url`; `campaign`: hosted here. */
  @IsIn(['api', 'manual', 'campaign']) submission: 'api' | 'manual' | 'campaign';
  @IsOptional() @IsString() listing_url: string | null;
  @IsOptional() @IsString() external_application_id: string | null;
  @IsInt() reward_krw: number;
  @IsOptional() @IsString() message: string | null;
  @IsOptional() @IsString() notes: string | null;
  @IsOptional() @IsString() review_url: string | null;
  @IsOptional() @IsString() review_content: string | null;
  @IsOptional() @IsString() verified_at: string | null;
  @IsOptional() @IsUUID() auto_apply_rule_id: string | null;
  @IsString() applied_at: string;
  @IsOptional() @IsString() decided_at: string | null;
  @IsOptional() @IsString() review_submitted_at: string | null;
  @IsOptional() @IsString() completed_at: string | null;
  @IsOptional() @IsString() withdrawn_at: string | null;
  @IsString() updated_at: string;
}

export class ApplicationListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => ApplicationView) applications: ApplicationView[];
}

export class ApplicationStatusView {
  @IsUUID() application_id: string;
  @IsIn(APPLICATION_STATUSES) status: ApplicationStatus;
  @IsOptional() @IsString() decided_at: string | null;
  @IsString() updated_at: string;
}

export class SubmittedReviewView {
  @IsUUID() application_id: string;
  @IsIn(APPLICATION_STATUSES) status: ApplicationStatus;
  @IsString() review_url: string;
  @IsOptional() @IsString() verified_at: string | null;
  @IsString() review_submitted_at: string;
}

const APP = '/api/review/applications';
const APP_ALIAS = '/api/review/application';

export const ApplicationCreate = endpoint<CreateApplicationDto, Record<string, never>, ApplicationView>({
  method: 'POST',
  path: APP,
  aliases: [{ path: APP_ALIAS }],
  subject: 'review.applications.create',
  access: { kind: 'user', scope: 'write:review' },
  body: CreateApplicationDto,
  response: ApplicationView,
  status: 201,
  idempotent: true,
  summary: 'Apply to a listing or a campaign with one of your accounts (once per account); closed or full: 409',
  tag: 'review',
  errors: [404, 409],
});

export const ApplicationList = endpoint<Record<string, never>, ApplicationListQuery, ApplicationListView>({
  method: 'GET',
  path: APP,
  aliases: [{ path: APP_ALIAS }],
  subject: 'review.applications.list',
  access: { kind: 'user', scope: 'read:review' },
  query: ApplicationListQuery,
  response: ApplicationListView,
  status: 200,
  summary: "The caller's applications",
  tag: 'review',
});

export const ApplicationGet = endpoint<Record<string, never>, Record<string, never>, ApplicationView>({
  method: 'GET',
  path: `${APP}/:id`,
  aliases: [{ path: `${APP_ALIAS}/:id` }],
  subject: 'review.applications.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:review' },
  response: ApplicationView,
  status: 200,
  summary: 'One application (its applicant, or the owner of its campaign)',
  tag: 'review',
  errors: [404],
});

export const ApplicationUpdate = endpoint<UpdateApplicationDto, Record<string, never>, ApplicationView>({
  method: 'PUT',
  path: `${APP}/:id`,
  aliases: [{ path: `${APP_ALIAS}/:id` }],
  subject: 'review.applications.update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:review' },
  body: UpdateApplicationDto,
  response: ApplicationView,
  status: 200,
  summary:
    'Move an application on: a campaign owner selects (`approved`), rejects or completes; for a scraped listing the applicant records what the platform decided. Notes.',
  tag: 'review',
  errors: [403, 404, 409],
});

export const ApplicationWithdraw = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: `${APP}/:id`,
  aliases: [{ path: `${APP_ALIAS}/:id` }],
  subject: 'review.applications.withdraw',
  params: IdParams,
  access: { kind: 'user', scope: 'write:review' },
  status: 204,
  summary: 'The applicant withdraws a pending or selected application',
  tag: 'review',
  errors: [403, 404, 409],
});

export const ApplicationWithdrawPost = endpoint<Record<string, never>, Record<string, never>, ApplicationView>({
  method: 'POST',
  path: `${APP}/:id/withdraw`,
  aliases: [{ path: `${APP_ALIAS}/:id/withdraw` }],
  subject: 'review.applications.withdraw_post',
  params: IdParams,
  access: { kind: 'user', scope: 'write:review' },
  response: ApplicationView,
  status: 200,
  summary: 'Withdraw, answering the withdrawn application',
  tag: 'review',
  errors: [403, 404, 409],
});

export const ApplicationStatusGet = endpoint<Record<string, never>, Record<string, never>, ApplicationStatusView>({
  method: 'GET',
  path: `${APP}/:id/status`,
  aliases: [{ path: `${APP_ALIAS}/:id/status` }],
  subject: 'review.applications.status',
  params: IdParams,
  access: { kind: 'user', scope: 'read:review' },
  response: ApplicationStatusView,
  status: 200,
  summary: 'Whether an application was selected',
  tag: 'review',
  errors: [404],
});

export const ApplicationSubmitReview = endpoint<SubmitReviewDto, Record<string, never>, SubmittedReviewView>({
  method: 'POST',
  path: `${APP}/:id/review`,
  aliases: [{ path: `${APP_ALIAS}/:id/review` }],
  subject: 'review.applications.submit_review',
  params: IdParams,
  access: { kind: 'user', scope: 'write:review' },
  body: SubmitReviewDto,
  response: SubmittedReviewView,
  status: 200,
  summary: "The applicant hands in the review's URL; `verified_at` once the URL proves to be the account's post",
  tag: 'review',
  errors: [403, 404, 409],
});
