import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';
import { Trim } from '../common/trim';

/** Only web links: http(s) URLs (no `javascript:`, `data:` or other schemes). */
const HTTP_URL = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])?$/;

export const ICON_TYPES = ['link', 'instagram', 'twitter', 'tiktok', 'youtube', 'linkedin', 'shop', 'blog', 'email', 'other'] as const;
export type IconType = (typeof ICON_TYPES)[number];

export class CreateLinkDto {
  @Trim() @IsString() @Length(1, 100) title: string;
  @IsString() @MaxLength(2048) @Matches(HTTP_URL, { message: 'url must be an http(s) URL' }) url: string;
  @IsOptional() @IsIn(ICON_TYPES) icon_type?: IconType;
  @IsOptional() @IsInt() @Min(0) @Max(1000) position?: number;
  /** The public page's address, `/api/sns/bio/{slug}`; set by the first link (default: generated). */
  @IsOptional() @IsString() @Matches(SLUG, { message: 'slug must be 3-40 lowercase letters, digits and hyphens' }) slug?: string;
}

export class UpdateLinkDto {
  @ValidateIf((_d, v) => v !== undefined) @Trim() @IsString() @Length(1, 100) title?: string;
  @ValidateIf((_d, v) => v !== undefined)
  @IsString()
  @MaxLength(2048)
  @Matches(HTTP_URL, { message: 'url must be an http(s) URL' })
  url?: string;
  @ValidateIf((_d, v) => v !== undefined) @IsIn(ICON_TYPES) icon_type?: IconType;
  @ValidateIf((_d, v) => v !== undefined) @IsInt() @Min(0) @Max(1000) position?: number;
}

export class LinkView {
  @IsUUID() id: string;
  @IsUUID() link_id: string;
  @IsString() slug: string;
  @IsString() title: string;
  @IsString() url: string;
  @IsIn(ICON_TYPES) icon_type: IconType;
  @IsInt() position: number;
  @IsInt() click_count: number;
  /** The public address that counts a click and redirects to `url`. */
  @IsString() public_url: string;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export class LinkListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => LinkView) links: LinkView[];
}

export class DateCount {
  @IsString() date: string;
  @IsInt() clicks: number;
}

export class SnsPlatformCount {
  @IsString() platform: string;
  @IsInt() clicks: number;
}

export class ReferrerCount {
  @IsString() referrer: string;
  @IsInt() clicks: number;
}

export class LinkStatsView {
  @IsUUID() link_id: string;
  @IsInt() total_clicks: number;
  @ValidateNested({ each: true }) @Type(() => DateCount) clicks_by_date: DateCount[];
  @ValidateNested({ each: true }) @Type(() => SnsPlatformCount) clicks_by_platform: SnsPlatformCount[];
  @ValidateNested({ each: true }) @Type(() => ReferrerCount) referrers: ReferrerCount[];
}

export class BioPageParams {
  @IsString() @Matches(SLUG) slug: string;
}

export class BioLinkParams extends BioPageParams {
  @IsUUID() link_id: string;
}

/** Where the visitor came from: `utm_source` (or `src`) names the platform, `ref` the referring page. */
export class BioClickQuery {
  @IsOptional() @IsString() @MaxLength(100) utm_source?: string;
  @IsOptional() @IsString() @MaxLength(100) src?: string;
  @IsOptional() @IsString() @MaxLength(500) ref?: string;
}

export class BioPageLink {
  @IsUUID() link_id: string;
  @IsString() title: string;
  @IsIn(ICON_TYPES) icon_type: IconType;
  @IsInt() position: number;
  /** Opening it counts a click and redirects to the link's URL. */
  @IsString() url: string;
}

export class BioPageView {
  @IsString() slug: string;
  @ValidateNested({ each: true }) @Type(() => BioPageLink) links: BioPageLink[];
}

export const SnsLinkCreate = endpoint<CreateLinkDto, Record<string, never>, LinkView>({
  method: 'POST',
  path: '/api/sns/linkinbio',
  subject: 'sns.links.create',
  access: { kind: 'user', scope: 'write:sns' },
  body: CreateLinkDto,
  response: LinkView,
  status: 201,
  idempotent: true,
  summary: 'Add a link to the caller’s link-in-bio page (http(s) URLs only)',
  tag: 'sns',
  errors: [409],
});

export const SnsLinkList = endpoint<Record<string, never>, PageQuery, LinkListView>({
  method: 'GET',
  path: '/api/sns/linkinbio',
  subject: 'sns.links.list',
  access: { kind: 'user', scope: 'read:sns' },
  query: PageQuery,
  response: LinkListView,
  status: 200,
  summary: 'The caller’s link-in-bio links, by position',
  tag: 'sns',
});

export const SnsLinkGet = endpoint<Record<string, never>, Record<string, never>, LinkView>({
  method: 'GET',
  path: '/api/sns/linkinbio/:id',
  subject: 'sns.links.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:sns' },
  response: LinkView,
  status: 200,
  summary: 'One link',
  tag: 'sns',
  errors: [404],
});

export const SnsLinkUpdate = endpoint<UpdateLinkDto, Record<string, never>, LinkView>({
  method: 'PUT',
  path: '/api/sns/linkinbio/:id',
  subject: 'sns.links.update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sns' },
  body: UpdateLinkDto,
  response: LinkView,
  status: 200,
  summary: 'Change a link',
  tag: 'sns',
  errors: [404],
});

export const SnsLinkDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/sns/linkinbio/:id',
  subject: 'sns.links.delete',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sns' },
  status: 204,
  summary: 'Delete a link (its clicks go with it)',
  tag: 'sns',
  errors: [404],
});

export const SnsLinkStats = endpoint<Record<string, never>, Record<string, never>, LinkStatsView>({
  method: 'GET',
  path: '/api/sns/linkinbio/:id/stats',
  subject: 'sns.links.stats',
  params: IdParams,
  access: { kind: 'user', scope: 'read:sns' },
  response: LinkStatsView,
  status: 200,
  summary: 'Clicks on a link: total, by day (UTC), by platform and by referrer',
  tag: 'sns',
  errors: [404],
});

export const SnsBioPage = endpoint<Record<string, never>, BioClickQuery, BioPageView>({
  method: 'GET',
  path: '/api/sns/bio/:slug',
  subject: 'sns.bio.page',
  params: BioPageParams,
  access: { kind: 'public' },
  query: BioClickQuery,
  response: BioPageView,
  status: 200,
  summary: 'A public link-in-bio page: its links, each through its click-counting address',
  tag: 'sns',
  errors: [404],
});

export const SnsBioClick = endpoint<Record<string, never>, BioClickQuery, void>({
  method: 'GET',
  path: '/api/sns/bio/:slug/:link_id',
  subject: 'sns.bio.click',
  params: BioLinkParams,
  access: { kind: 'public' },
  query: BioClickQuery,
  status: 200,
  redirect: true,
  summary: '302 to the link’s stored URL, counting the click (platform from utm_source, referrer from ref)',
  tag: 'sns',
  errors: [404],
});
