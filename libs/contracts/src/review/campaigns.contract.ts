import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery, sortValues } from '../common/pagination';
import { IsDateTime } from '../coocook/coocook-fields';
import { APPLICATION_STATUSES, ApplicationStatus } from './applications.contract';
import { CategoryValue, REVIEW_CATEGORY_NAMES } from './review-fields';

export const CAMPAIGN_REWARD_TYPES = ['cash', 'product', 'points'] as const;
export type CampaignRewardType = (typeof CAMPAIGN_REWARD_TYPES)[number];
export const CAMPAIGN_STATUSES = ['open', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const MAX_CAMPAIGN_REVIEWERS = 1000;

export class CreateCampaignDto {
  @IsString() @MinLength(1) @MaxLength(200) title: string;
  @IsString() @MinLength(1) @MaxLength(200) product_name: string;
  @CategoryValue() @IsIn(REVIEW_CATEGORY_NAMES) category: string;
  @IsIn(CAMPAIGN_REWARD_TYPES) reward_type: CampaignRewardType;
  /** KRW: the cash paid, or what the product or points are worth. */
  @IsInt() @Min(0) @Max(100_000_000) reward_value: number;
  @IsInt() @Min(1) @Max(MAX_CAMPAIGN_REVIEWERS) max_reviewers: number;
  /** Last moment to apply; without an offset it is UTC. */
  @IsString() @IsDateTime() deadline: string;
  @IsOptional() @IsString() @MaxLength(5000) description?: string;
}

export class UpdateCampaignDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) title?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) product_name?: string;
  @IsOptional() @CategoryValue() @IsIn(REVIEW_CATEGORY_NAMES) category?: string;
  @IsOptional() @IsIn(CAMPAIGN_REWARD_TYPES) reward_type?: CampaignRewardType;
  @IsOptional() @IsInt() @Min(0) @Max(100_000_000) reward_value?: number;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_CAMPAIGN_REVIEWERS) max_reviewers?: number;
  @IsOptional() @IsString() @IsDateTime() deadline?: string;
  @IsOptional() @IsString() @MaxLength(5000) description?: string;
  @IsOptional() @IsIn(CAMPAIGN_STATUSES) status?: CampaignStatus;
}

export const CAMPAIGN_SORT_FIELDS = ['created_at', 'deadline', 'reward_value'] as const;

export class CampaignListQuery extends PageQuery {
  @IsOptional() @CategoryValue() @IsIn(REVIEW_CATEGORY_NAMES) category?: string;
  @IsOptional() @IsIn(CAMPAIGN_STATUSES) status?: CampaignStatus;
  /** `me`: only the caller's own campaigns (needs a token). */
  @IsOptional() @IsIn(['me']) owner?: 'me';
  @IsOptional() @IsIn(sortValues(CAMPAIGN_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(CAMPAIGN_SORT_FIELDS) sort_by?: string;
}

export class CampaignView {
  @IsUUID() id: string;
  @IsUUID() campaign_id: string;
  @IsUUID() owner_id: string;
  @IsString() title: string;
  @IsString() product_name: string;
  @IsString() category: string;
  @IsIn(CAMPAIGN_REWARD_TYPES) reward_type: CampaignRewardType;
  @IsInt() reward_value: number;
  @IsInt() max_reviewers: number;
  @IsString() deadline: string;
  @IsOptional() @IsString() description: string | null;
  /** `closed` once the owner closes it; applications are also refused past the deadline or when full. */
  @IsIn(CAMPAIGN_STATUSES) status: CampaignStatus;
  /** Applications not withdrawn. */
  @IsInt() applications_count: number;
  /** Applications selected (approved), reviewed or completed. */
  @IsInt() approved_count: number;
  @IsInt() spots_available: number;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export class CampaignListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => CampaignView) campaigns: CampaignView[];
}

export class CampaignApplicantView {
  @IsUUID() id: string;
  @IsUUID() application_id: string;
  @IsUUID() campaign_id: string;
  @IsUUID() user_id: string;
  /** The applicant's name as auth last announced it. */
  @IsString() user_name: string;
  @IsUUID() account_id: string;
  @IsString() account_platform: string;
  @IsString() account_name: string;
  @IsInt() follower_count: number;
  @IsIn(APPLICATION_STATUSES) status: ApplicationStatus;
  @IsOptional() @IsString() message: string | null;
  @IsOptional() @IsString() review_url: string | null;
  @IsString() applied_at: string;
}

export class CampaignApplicantListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => CampaignApplicantView) applications: CampaignApplicantView[];
}

export class CampaignApplicantQuery extends PageQuery {
  @IsOptional() @IsIn(APPLICATION_STATUSES) status?: ApplicationStatus;
}

export const CampaignCreate = endpoint<CreateCampaignDto, Record<string, never>, CampaignView>({
  method: 'POST',
  path: '/api/review/campaigns',
  subject: 'review.campaigns.create',
  access: { kind: 'user', scope: 'write:review' },
  body: CreateCampaignDto,
  response: CampaignView,
  status: 201,
  idempotent: true,
  summary: 'Host a review campaign (needs a Review Campaign subscription)',
  tag: 'review',
});

export const CampaignList = endpoint<Record<string, never>, CampaignListQuery, CampaignListView>({
  method: 'GET',
  path: '/api/review/campaigns',
  subject: 'review.campaigns.list',
  // Anyone lists campaigns; a signed-in caller can ask for their own (`owner=me`).
  access: { kind: 'public', identifies: { scope: 'read:review' } },
  query: CampaignListQuery,
  response: CampaignListView,
  status: 200,
  summary: "Campaigns, newest first; open to anyone (`owner=me`: the signed-in caller's own, 401 without credentials)",
  tag: 'review',
});

export const CampaignGet = endpoint<Record<string, never>, Record<string, never>, CampaignView>({
  method: 'GET',
  path: '/api/review/campaigns/:id',
  subject: 'review.campaigns.get',
  params: IdParams,
  access: { kind: 'public' },
  response: CampaignView,
  status: 200,
  summary: 'One campaign with its applications_count and spots_available; open to anyone',
  tag: 'review',
  errors: [404],
});

export const CampaignUpdate = endpoint<UpdateCampaignDto, Record<string, never>, CampaignView>({
  method: 'PUT',
  path: '/api/review/campaigns/:id',
  subject: 'review.campaigns.update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:review' },
  body: UpdateCampaignDto,
  response: CampaignView,
  status: 200,
  summary: 'The owner changes or closes a campaign (max_reviewers not below those approved)',
  tag: 'review',
  errors: [404, 409],
});

export const CampaignDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/review/campaigns/:id',
  subject: 'review.campaigns.delete',
  params: IdParams,
  access: { kind: 'user', scope: 'write:review' },
  status: 204,
  summary: 'The owner deletes a campaign nobody was approved for',
  tag: 'review',
  errors: [404, 409],
});

export const CampaignApplicants = endpoint<Record<string, never>, CampaignApplicantQuery, CampaignApplicantListView>({
  method: 'GET',
  path: '/api/review/campaigns/:id/applications',
  subject: 'review.campaigns.applications',
  params: IdParams,
  query: CampaignApplicantQuery,
  access: { kind: 'user', scope: 'read:review' },
  response: CampaignApplicantListView,
  status: 200,
  summary: "The campaign's applications with each applicant's name and follower count (owner only)",
  tag: 'review',
  errors: [404],
});
