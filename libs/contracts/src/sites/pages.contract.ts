import { Type } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ComponentView } from './components.contract';

/** `/` (the home page) or `/<segment>`: one level, lower-case letters, digits and dashes. */
export const PAGE_PATH = /^\/([a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?)?$/;
const PAGE_PATH_MESSAGE = 'must be "/" or "/" followed by lower-case letters, digits and dashes (at most 60)';

/** Most pages one site holds. */
export const MAX_PAGES_PER_SITE = 50;

export class CreatePageDto {
  @IsUUID() site_id: string;
  @IsString() @MinLength(1) @MaxLength(200) title: string;
  @IsString() @Matches(PAGE_PATH, { message: PAGE_PATH_MESSAGE }) path: string;
}

export class UpdatePageDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) title?: string;
  @IsOptional() @IsString() @Matches(PAGE_PATH, { message: PAGE_PATH_MESSAGE }) path?: string;
}

export class PageView {
  @IsUUID() id: string;
  @IsUUID() site_id: string;
  @IsString() title: string;
  @IsString() path: string;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

/** A page with its components in order. */
export class PageDetailView extends PageView {
  @ValidateNested({ each: true }) @Type(() => ComponentView) components: ComponentView[];
}

export const PageCreate = endpoint<CreatePageDto, Record<string, never>, PageView>({
  method: 'POST',
  path: '/api/webapp-builder/page',
  aliases: [{ path: '/api/webapp-builder/pages' }],
  subject: 'sites.pages.create',
  access: { kind: 'user', scope: 'write:sites' },
  body: CreatePageDto,
  response: PageView,
  status: 201,
  idempotent: true,
  summary: 'Add a page to one of your sites (path unique within the site; needs WebApp Builder)',
  tag: 'webapp-builder',
  errors: [404, 409],
});

export const PageGet = endpoint<Record<string, never>, Record<string, never>, PageDetailView>({
  method: 'GET',
  path: '/api/webapp-builder/page/:id',
  aliases: [{ path: '/api/webapp-builder/pages/:id' }],
  subject: 'sites.pages.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:sites' },
  response: PageDetailView,
  status: 200,
  summary: 'One of your pages with its components in order',
  tag: 'webapp-builder',
  errors: [404],
});

export const PageUpdate = endpoint<UpdatePageDto, Record<string, never>, PageView>({
  method: 'PUT',
  path: '/api/webapp-builder/page/:id',
  aliases: [{ path: '/api/webapp-builder/pages/:id' }],
  subject: 'sites.pages.update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sites' },
  body: UpdatePageDto,
  response: PageView,
  status: 200,
  summary: "Change a page's title or path",
  tag: 'webapp-builder',
  errors: [404, 409],
});

export const PageDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/webapp-builder/page/:id',
  aliases: [{ path: '/api/webapp-builder/pages/:id' }],
  subject: 'sites.pages.delete',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sites' },
  status: 204,
  summary: 'Delete a page and its components (published versions keep theirs)',
  tag: 'webapp-builder',
  errors: [404],
});
