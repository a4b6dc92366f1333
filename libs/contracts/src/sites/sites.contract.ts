import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery, sortValues } from '../common/pagination';
import { PageView } from './pages.contract';

/** 3..50 lower-case letters, digits and dashes, starting and ending with a letter or digit. */
export const SITE_SLUG = /^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/;
const SITE_SLUG_MESSAGE = 'must be 3 to 50 lower-case letters, digits and dashes, not starting or ending with a dash';

export const SITE_STATUSES = ['draft', 'published'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];

export class CreateSiteDto {
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  /** Where the site is served (`/sites/<slug>/`); made from the name when absent. Unique. */
  @IsOptional() @IsString() @Matches(SITE_SLUG, { message: SITE_SLUG_MESSAGE }) slug?: string;
}

export class UpdateSiteDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  /** Changing it moves the published site (the old address stops answering). */
  @IsOptional() @IsString() @Matches(SITE_SLUG, { message: SITE_SLUG_MESSAGE }) slug?: string;
}

export const SITE_SORT_FIELDS = ['created_at', 'updated_at', 'name'] as const;

export class SiteListQuery extends PageQuery {
  @IsOptional() @IsIn(SITE_STATUSES) status?: SiteStatus;
  @IsOptional() @IsIn(sortValues(SITE_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(SITE_SORT_FIELDS) sort_by?: string;
}

export class SiteView {
  @IsUUID() id: string;
  @IsString() name: string;
  @IsString() slug: string;
  /** `published` once a version is live. */
  @IsIn(SITE_STATUSES) status: SiteStatus;
  /** The live version, or null before the first publish. */
  @IsOptional() @IsInt() published_version: number | null;
  /** Where the live version is served, or null before the first publish. */
  @IsOptional() @IsString() url: string | null;
  @IsInt() page_count: number;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

/** A site with its pages, by path. */
export class SiteDetailView extends SiteView {
  @ValidateNested({ each: true }) @Type(() => PageView) pages: PageView[];
}

export class SiteListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => SiteView) sites: SiteView[];
}

/** The live version of a site and where it is served. */
export class PublicationView {
  @IsUUID() site_id: string;
  /** Null before the first publish. */
  @IsOptional() @IsString() url: string | null;
  @IsOptional() @IsInt() version: number | null;
  @IsOptional() @IsString() published_at: string | null;
  /** Versions kept, newest first; rollback goes to the one before the live one. */
  @IsInt({ each: true }) versions: number[];
}

export class PreviewQuery {
  /** The page to render; the home page (`/`) when absent. */
  @IsOptional() @IsString() @MaxLength(61) path?: string;
}

/** The draft of one page rendered as it would be published (nothing is uploaded). */
export class PreviewView {
  @IsUUID() site_id: string;
  @IsString() path: string;
  @IsString() title: string;
  @IsString() html: string;
  @IsString() content_security_policy: string;
}

export class SubmissionView {
  @IsUUID() id: string;
  @IsUUID() site_id: string;
  @IsUUID() component_id: string;
  /** The form's fields as submitted (only those the form declares). */
  @IsObject() fields: Record<string, string>;
  @IsString() submitted_at: string;
}

export class SubmissionListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => SubmissionView) submissions: SubmissionView[];
}

export const SiteCreate = endpoint<CreateSiteDto, Record<string, never>, SiteView>({
  method: 'POST',
  path: '/api/webapp-builder/site',
  aliases: [{ path: '/api/webapp-builder/sites' }],
  subject: 'sites.sites.create',
  access: { kind: 'user', scope: 'write:sites' },
  body: CreateSiteDto,
  response: SiteView,
  status: 201,
  idempotent: true,
  summary: 'Create a site (needs a WebApp Builder subscription)',
  tag: 'webapp-builder',
  errors: [409],
});

export const SiteList = endpoint<Record<string, never>, SiteListQuery, SiteListView>({
  method: 'GET',
  path: '/api/webapp-builder/site',
  aliases: [{ path: '/api/webapp-builder/sites' }],
  subject: 'sites.sites.list',
  access: { kind: 'user', scope: 'read:sites' },
  query: SiteListQuery,
  response: SiteListView,
  status: 200,
  summary: 'Your sites, newest first',
  tag: 'webapp-builder',
});

export const SiteGet = endpoint<Record<string, never>, Record<string, never>, SiteDetailView>({
  method: 'GET',
  path: '/api/webapp-builder/site/:id',
  aliases: [{ path: '/api/webapp-builder/sites/:id' }],
  subject: 'sites.sites.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:sites' },
  response: SiteDetailView,
  status: 200,
  summary: 'One of your sites with its pages',
  tag: 'webapp-builder',
  errors: [404],
});

export const SiteUpdate = endpoint<UpdateSiteDto, Record<string, never>, SiteView>({
  method: 'PUT',
  path: '/api/webapp-builder/site/:id',
  aliases: [{ path: '/api/webapp-builder/sites/:id' }],
  subject: 'sites.sites.update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sites' },
  body: UpdateSiteDto,
  response: SiteView,
  status: 200,
  summary: 'Rename a site or change its slug',
  tag: 'webapp-builder',
  errors: [404, 409],
});

export const SiteDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/webapp-builder/site/:id',
  aliases: [{ path: '/api/webapp-builder/sites/:id' }],
  subject: 'sites.sites.delete',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sites' },
  status: 204,
  summary: 'Delete a site: its pages, submissions and published versions; its address stops answering',
  tag: 'webapp-builder',
  errors: [404],
});

export const SitePublish = endpoint<Record<string, never>, Record<string, never>, PublicationView>({
  method: 'POST',
  path: '/api/webapp-builder/site/:id/publish',
  aliases: [{ path: '/api/webapp-builder/sites/:id/publish' }],
  subject: 'sites.sites.publish',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sites' },
  response: PublicationView,
  status: 200,
  summary: 'Render every page to static HTML, store it as a new version and make it live',
  description:
    'Pages are rendered on the server: every text escaped, no script, a strict Content-Security-Policy. ' +
    'Images are resolved from your storage files at this moment. The previous version is kept for rollback.',
  tag: 'webapp-builder',
  errors: [404, 409],
});

export const SitePublication = endpoint<Record<string, never>, Record<string, never>, PublicationView>({
  method: 'GET',
  path: '/api/webapp-builder/site/:id/publish',
  aliases: [{ path: '/api/webapp-builder/sites/:id/publish' }],
  subject: 'sites.sites.publication',
  params: IdParams,
  access: { kind: 'user', scope: 'read:sites' },
  response: PublicationView,
  status: 200,
  summary: 'The live version of a site and its public URL (null before the first publish)',
  tag: 'webapp-builder',
  errors: [404],
});

export const SiteRollback = endpoint<Record<string, never>, Record<string, never>, PublicationView>({
  method: 'POST',
  path: '/api/webapp-builder/site/:id/rollback',
  aliases: [{ path: '/api/webapp-builder/sites/:id/rollback' }],
  subject: 'sites.sites.rollback',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sites' },
  response: PublicationView,
  status: 200,
  summary: 'Serve the version before the live one again (409 when there is none)',
  tag: 'webapp-builder',
  errors: [404, 409],
});

export const SitePreview = endpoint<Record<string, never>, PreviewQuery, PreviewView>({
  method: 'GET',
  path: '/api/webapp-builder/site/:id/preview',
  aliases: [{ path: '/api/webapp-builder/sites/:id/preview' }],
  subject: 'sites.sites.preview',
  params: IdParams,
  query: PreviewQuery,
  access: { kind: 'user', scope: 'read:sites' },
  response: PreviewView,
  status: 200,
  summary: 'The draft of one page rendered as it would be published, for its owner only',
  tag: 'webapp-builder',
  errors: [404],
});

export const SiteSubmissions = endpoint<Record<string, never>, PageQuery, SubmissionListView>({
  method: 'GET',
  path: '/api/webapp-builder/site/:id/submissions',
  aliases: [{ path: '/api/webapp-builder/sites/:id/submissions' }],
  subject: 'sites.sites.submissions',
  params: IdParams,
  query: PageQuery,
  access: { kind: 'user', scope: 'read:sites' },
  response: SubmissionListView,
  status: 200,
  summary: "What visitors sent through the site's forms, newest first",
  tag: 'webapp-builder',
  errors: [404],
});
