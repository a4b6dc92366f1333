import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';
import { Trim } from '../common/trim';
import { IsCalendarDate } from '../coocook/coocook-fields';
import { PlatformName, SNS_PLATFORMS, SnsPlatform } from './sns-fields';

/** active ⇄ paused → completed (final). */
export const SNS_CAMPAIGN_STATUSES = ['active', 'paused', 'completed'] as const;
export type SnsCampaignStatus = (typeof SNS_CAMPAIGN_STATUSES)[number];

export class CreateSnsCampaignDto {
  @Trim() @IsString() @Length(1, 200) name: string;
  @IsOptional() @IsString() @MaxLength(4000) description?: string;
  /** Free-form kind the ROI report can filter on (`awareness`, `sales`, ...). */
  @IsOptional() @Trim() @IsString() @Length(1, 50) campaign_type?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SNS_PLATFORMS.length)
  @PlatformName()
  @IsIn(SNS_PLATFORMS, { each: true })
  platforms?: SnsPlatform[];
  @IsOptional() @IsString() @IsCalendarDate() start_date?: string;
  @IsOptional() @IsString() @IsCalendarDate() end_date?: string;
  @IsOptional() @IsInt() @Min(0) budget_krw?: number;
  /** What the user spent on it, KRW (they record it; nothing is estimated). */
  @IsOptional() @IsInt() @Min(0) spend_krw?: number;
  /** What it brought in, KRW, as the user records it. */
  @IsOptional() @IsInt() @Min(0) revenue_krw?: number;
}

export class UpdateSnsCampaignDto {
  @ValidateIf((_d, v) => v !== undefined) @Trim() @IsString() @Length(1, 200) name?: string;
  @IsOptional() @IsString() @MaxLength(4000) description?: string | null;
  @IsOptional() @Trim() @IsString() @Length(1, 50) campaign_type?: string | null;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SNS_PLATFORMS.length)
  @PlatformName()
  @IsIn(SNS_PLATFORMS, { each: true })
  platforms?: SnsPlatform[];
  @IsOptional() @IsString() @IsCalendarDate() start_date?: string | null;
  @IsOptional() @IsString() @IsCalendarDate() end_date?: string | null;
  @IsOptional() @IsInt() @Min(0) budget_krw?: number | null;
  @IsOptional() @IsInt() @Min(0) spend_krw?: number | null;
  @IsOptional() @IsInt() @Min(0) revenue_krw?: number | null;
  /** `completed` ends the campaign (final). */
  @ValidateIf((_d, v) => v !== undefined) @IsIn(['completed']) status?: 'completed';
}

export class SnsCampaignListQuery extends PageQuery {
  @IsOptional() @IsIn(SNS_CAMPAIGN_STATUSES) status?: SnsCampaignStatus;
}

export class SnsCampaignView {
  @IsUUID() id: string;
  @IsUUID() campaign_id: string;
  @IsString() name: string;
  @IsOptional() @IsString() description: string | null;
  @IsOptional() @IsString() campaign_type: string | null;
  @IsIn(SNS_CAMPAIGN_STATUSES) status: SnsCampaignStatus;
  @IsIn(SNS_PLATFORMS, { each: true }) platforms: SnsPlatform[];
  @IsOptional() @IsString() start_date: string | null;
  @IsOptional() @IsString() end_date: string | null;
  @IsOptional() @IsInt() budget_krw: number | null;
  @IsOptional() @IsInt() spend_krw: number | null;
  @IsOptional() @IsInt() revenue_krw: number | null;
  /** (revenue - spend) / spend × 100; null without a recorded spend. */
  @IsOptional() @IsNumber() roi_percentage: number | null;
  @IsInt() posts_count: number;
  @IsOptional() @IsString() completed_at: string | null;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export class SnsCampaignListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => SnsCampaignView) campaigns: SnsCampaignView[];
}

export class RoiQuery {
  /** Campaigns running on or after this day (by start_date; campaigns without one count). */
  @IsOptional() @IsString() @IsCalendarDate() start_date?: string;
  @IsOptional() @IsString() @IsCalendarDate() end_date?: string;
  @IsOptional() @Trim() @IsString() @Length(1, 50) campaign_type?: string;
}

export class CampaignRoiView {
  @IsUUID() campaign_id: string;
  @IsString() name: string;
  @IsOptional() @IsInt() spend_krw: number | null;
  @IsOptional() @IsInt() revenue_krw: number | null;
  @IsOptional() @IsNumber() roi_percentage: number | null;
}

export class RoiView {
  @IsInt() total_revenue_krw: number;
  @IsInt() total_spend_krw: number;
  /** Null when no spend was recorded: ROI is never made up. */
  @IsOptional() @IsNumber() roi_percentage: number | null;
  /** Revenue per KRW spent; null without spend. */
  @IsOptional() @IsNumber() roas: number | null;
  @IsInt() campaigns_counted: number;
  @ValidateNested({ each: true }) @Type(() => CampaignRoiView) campaigns: CampaignRoiView[];
}

const user = (scope: string) => ({ kind: 'user' as const, scope });

export const SnsCampaignCreate = endpoint<CreateSnsCampaignDto, Record<string, never>, SnsCampaignView>({
  method: 'POST',
  path: '/api/sns/campaigns',
  aliases: [{ path: '/api/sns/campaign/create' }, { path: '/api/sns/campaign' }],
  subject: 'sns.campaigns.create',
  access: user('write:sns'),
  body: CreateSnsCampaignDto,
  response: SnsCampaignView,
  status: 201,
  idempotent: true,
  summary: 'Create a campaign (spend and revenue as the user records them)',
  tag: 'sns',
});

export const SnsCampaignList = endpoint<Record<string, never>, SnsCampaignListQuery, SnsCampaignListView>({
  method: 'GET',
  path: '/api/sns/campaigns',
  aliases: [{ path: '/api/sns/campaign' }],
  subject: 'sns.campaigns.list',
  access: user('read:sns'),
  query: SnsCampaignListQuery,
  response: SnsCampaignListView,
  status: 200,
  summary: "The caller's campaigns",
  tag: 'sns',
});

export const SnsCampaignGet = endpoint<Record<string, never>, Record<string, never>, SnsCampaignView>({
  method: 'GET',
  path: '/api/sns/campaigns/:id',
  aliases: [{ path: '/api/sns/campaign/:id' }],
  subject: 'sns.campaigns.get',
  params: IdParams,
  access: user('read:sns'),
  response: SnsCampaignView,
  status: 200,
  summary: 'One campaign',
  tag: 'sns',
  errors: [404],
});

export const SnsCampaignUpdate = endpoint<UpdateSnsCampaignDto, Record<string, never>, SnsCampaignView>({
  method: 'PUT',
  path: '/api/sns/campaigns/:id',
  aliases: [{ path: '/api/sns/campaign/:id' }],
  subject: 'sns.campaigns.update',
  params: IdParams,
  access: user('write:sns'),
  body: UpdateSnsCampaignDto,
  response: SnsCampaignView,
  status: 200,
  summary: 'Change a campaign, record its spend and revenue, or complete it',
  tag: 'sns',
  errors: [404, 409],
});

export const SnsCampaignDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/sns/campaigns/:id',
  aliases: [{ path: '/api/sns/campaign/:id' }],
  subject: 'sns.campaigns.delete',
  params: IdParams,
  access: user('write:sns'),
  status: 204,
  summary: 'Delete a campaign',
  tag: 'sns',
  errors: [404],
});

export const SnsCampaignPause = endpoint<Record<string, never>, Record<string, never>, SnsCampaignView>({
  method: 'POST',
  path: '/api/sns/campaigns/:id/pause',
  aliases: [{ path: '/api/sns/campaign/:id/pause' }],
  subject: 'sns.campaigns.pause',
  params: IdParams,
  access: user('write:sns'),
  response: SnsCampaignView,
  status: 200,
  summary: 'Pause an active campaign',
  tag: 'sns',
  errors: [404, 409],
});

export const SnsCampaignResume = endpoint<Record<string, never>, Record<string, never>, SnsCampaignView>({
  method: 'POST',
  path: '/api/sns/campaigns/:id/resume',
  aliases: [{ path: '/api/sns/campaign/:id/resume' }],
  subject: 'sns.campaigns.resume',
  params: IdParams,
  access: user('write:sns'),
  response: SnsCampaignView,
  status: 200,
  summary: 'Resume a paused campaign',
  tag: 'sns',
  errors: [404, 409],
});

export const SnsRoi = endpoint<Record<string, never>, RoiQuery, RoiView>({
  method: 'GET',
  path: '/api/sns/roi',
  aliases: [{ path: '/api/sns/analytics/roi' }],
  subject: 'sns.campaigns.roi',
  access: user('read:sns'),
  query: RoiQuery,
  response: RoiView,
  status: 200,
  summary: 'Return on the spend recorded on campaigns (null ROI without spend)',
  tag: 'sns',
});
