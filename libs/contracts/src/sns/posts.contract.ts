import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';
import { Trim } from '../common/trim';
import { IsDateTime, IsImageRef } from '../coocook/coocook-fields';
import { IsImageRefEach, PlatformName, SNS_PLATFORMS, SnsPlatform } from './sns-fields';

/** A target (one post on one account): draft → scheduled → publishing → published | failed. */
export const TARGET_STATUSES = ['draft', 'scheduled', 'publishing', 'published', 'failed'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export const TEMPLATE_TYPES = ['text', 'image', 'carousel', 'video', 'reel', 'story'] as const;
export type TemplateType = (typeof TEMPLATE_TYPES)[number];

/** Media a carousel may carry at most (Instagram's limit). */
export const MAX_POST_MEDIA = 10;

/**
 * A post for one account (`account_id`) or for each connected account on the named platforms
 * (`platforms`). Images are http(s) URLs or ids of the caller's uploaded files.
 */
export class CreatePostDto {
  @ValidateIf((dto: CreatePostDto) => dto.account_id !== undefined || dto.platforms === undefined) @IsUUID() account_id?: string;
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SNS_PLATFORMS.length)
  @ArrayUnique()
  @PlatformName()
  @IsIn(SNS_PLATFORMS, { each: true })
  platforms?: SnsPlatform[];
  @Trim() @IsString() @Length(1, 5000) content: string;
  @IsOptional() @IsIn(TEMPLATE_TYPES) template_type?: TemplateType;
  @IsOptional() @IsString() @IsImageRef() image_url?: string;
  /** More images (a carousel): each a URL or a file id. */
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_POST_MEDIA) @IsString({ each: true }) @IsImageRefEach() image_urls?: string[];
  /** When to publish; without an offset it is UTC. A past time is due at once. */
  @IsOptional() @IsString() @IsDateTime() scheduled_at?: string;
}

/** Absent fields stay; only posts none of whose targets has been published may change. */
export class UpdatePostDto {
  @ValidateIf((_d, v) => v !== undefined) @Trim() @IsString() @Length(1, 5000) content?: string;
  @ValidateIf((_d, v) => v !== undefined) @IsIn(TEMPLATE_TYPES) template_type?: TemplateType;
  @IsOptional() @IsString() @IsImageRef() image_url?: string | null;
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_POST_MEDIA) @IsString({ each: true }) @IsImageRefEach() image_urls?: string[];
  /** A new time, or null to make a scheduled post a draft again. */
  @IsOptional() @IsString() @IsDateTime() scheduled_at?: string | null;
}

export class PublishPostDto {
  /** Later (a past time is due at once); without it, now. */
  @IsOptional() @IsString() @IsDateTime() scheduled_at?: string;
}

export class PostListQuery extends PageQuery {
  @IsOptional() @PlatformName() @IsIn(SNS_PLATFORMS) platform?: SnsPlatform;
  @IsOptional() @IsIn(TARGET_STATUSES) status?: TargetStatus;
  /** One post by id (seed workflow 3 reads its post this way). */
  @IsOptional() @IsUUID() post_id?: string;
}

export class PostTargetView {
  @IsUUID() id: string;
  @IsUUID() account_id: string;
  @IsIn(SNS_PLATFORMS) platform: SnsPlatform;
  @IsString() account_name: string;
  @IsIn(TARGET_STATUSES) status: TargetStatus;
  /** The post's id at the platform, once published. */
  @IsOptional() @IsString() external_id: string | null;
  @IsOptional() @IsString() external_url: string | null;
  /** Why the platform refused it, when failed. */
  @IsOptional() @IsString() error: string | null;
  @IsInt() attempts: number;
  @IsOptional() @IsString() published_at: string | null;
}

export class PostView {
  @IsUUID() id: string;
  @IsUUID() post_id: string;
  @IsString() content: string;
  @IsIn(TEMPLATE_TYPES) template_type: TemplateType;
  @IsOptional() @IsString() image_url: string | null;
  @IsString({ each: true }) image_urls: string[];
  /** The post's overall state, from its targets (the least advanced one that is not final). */
  @IsIn(TARGET_STATUSES) status: TargetStatus;
  @IsIn(SNS_PLATFORMS, { each: true }) platforms: SnsPlatform[];
  @ValidateNested({ each: true }) @Type(() => PostTargetView) targets: PostTargetView[];
  @IsOptional() @IsString() scheduled_at: string | null;
  @IsOptional() @IsString() published_at: string | null;
  @IsOptional() @IsUUID() automation_id: string | null;
  @IsOptional() @IsUUID() campaign_id: string | null;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export class PostListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => PostView) posts: PostView[];
}

export class CommentDto {
  @Trim() @IsString() @Length(1, 2200) text: string;
  /** Which published target to comment on; default: every published one. */
  @IsOptional() @PlatformName() @IsIn(SNS_PLATFORMS) platform?: SnsPlatform;
}

export class LikeDto {
  @IsOptional() @PlatformName() @IsIn(SNS_PLATFORMS) platform?: SnsPlatform;
}

export class CommentView {
  @IsString() id: string;
  @IsIn(SNS_PLATFORMS) platform: SnsPlatform;
  @IsString() text: string;
  @IsOptional() @IsString() author: string | null;
  @IsOptional() @IsString() created_at: string | null;
}

export class CommentListView {
  @ValidateNested({ each: true }) @Type(() => CommentView) comments: CommentView[];
  @IsInt() total: number;
}

export class LikerView {
  @IsString() id: string;
  @IsIn(SNS_PLATFORMS) platform: SnsPlatform;
  @IsOptional() @IsString() username: string | null;
}

export class LikeListView {
  @ValidateNested({ each: true }) @Type(() => LikerView) likes: LikerView[];
  @IsInt() total: number;
}

export class PlatformLikeView {
  @IsIn(SNS_PLATFORMS) platform: SnsPlatform;
  @IsBoolean() liked: boolean;
}

export class LikeResultView {
  @IsUUID() post_id: string;
  @ValidateNested({ each: true }) @Type(() => PlatformLikeView) liked: PlatformLikeView[];
}

export class SettingsView {
  @IsString({ each: true }) banned_keywords: string[];
  @IsString() time_zone: string;
  @IsString() updated_at: string;
}

export class UpdateSettingsDto {
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @Length(1, 100, { each: true }) banned_keywords?: string[];
  /** IANA zone (`Asia/Seoul`) that automation schedules are written in. */
  @IsOptional() @IsString() @MaxLength(64) time_zone?: string;
}

export const SnsPostCreate = endpoint<CreatePostDto, Record<string, never>, PostView>({
  method: 'POST',
  path: '/api/sns/posts',
  aliases: [{ path: '/api/sns/post' }],
  subject: 'sns.posts.create',
  access: { kind: 'user', scope: 'write:sns' },
  body: CreatePostDto,
  response: PostView,
  status: 201,
  idempotent: true,
  summary: 'Create a post for one account or for every connected account on the given platforms (draft, or scheduled)',
  tag: 'sns',
  errors: [404],
});

export const SnsPostList = endpoint<Record<string, never>, PostListQuery, PostListView>({
  method: 'GET',
  path: '/api/sns/posts',
  aliases: [{ path: '/api/sns/post' }],
  subject: 'sns.posts.list',
  access: { kind: 'user', scope: 'read:sns' },
  query: PostListQuery,
  response: PostListView,
  status: 200,
  summary: "The caller's posts, newest first (filters: platform, status, post_id)",
  tag: 'sns',
});

export const SnsPostGet = endpoint<Record<string, never>, Record<string, never>, PostView>({
  method: 'GET',
  path: '/api/sns/posts/:id',
  aliases: [{ path: '/api/sns/post/:id' }],
  subject: 'sns.posts.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:sns' },
  response: PostView,
  status: 200,
  summary: 'One post with the state of each target',
  tag: 'sns',
  errors: [404],
});

export const SnsPostUpdate = endpoint<UpdatePostDto, Record<string, never>, PostView>({
  method: 'PUT',
  path: '/api/sns/posts/:id',
  aliases: [{ path: '/api/sns/post/:id' }],
  subject: 'sns.posts.update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sns' },
  body: UpdatePostDto,
  response: PostView,
  status: 200,
  summary: 'Edit a post before it is published (409 once publishing has started)',
  tag: 'sns',
  errors: [404, 409],
});

export const SnsPostDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/sns/posts/:id',
  aliases: [{ path: '/api/sns/post/:id' }],
  subject: 'sns.posts.delete',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sns' },
  status: 204,
  summary: 'Delete a post (and, where it was published, at the platform)',
  tag: 'sns',
  errors: [404, 409],
});

export const SnsPostPublish = endpoint<PublishPostDto, Record<string, never>, PostView>({
  method: 'POST',
  path: '/api/sns/posts/:id/publish',
  aliases: [{ path: '/api/sns/post/:id/publish' }],
  subject: 'sns.posts.publish',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sns' },
  body: PublishPostDto,
  response: PostView,
  status: 200,
  summary: 'Publish now, or at scheduled_at (a past time is due at once); the scheduler does the publishing',
  tag: 'sns',
  errors: [404, 409],
});

export const SnsPostComments = endpoint<Record<string, never>, Record<string, never>, CommentListView>({
  method: 'GET',
  path: '/api/sns/posts/:id/comments',
  aliases: [{ path: '/api/sns/post/:id/comments' }],
  subject: 'sns.posts.comments',
  params: IdParams,
  access: { kind: 'user', scope: 'read:sns' },
  response: CommentListView,
  status: 200,
  summary: "The post's comments, read from each platform it was published on",
  tag: 'sns',
  errors: [404, 503],
});

export const SnsPostComment = endpoint<CommentDto, Record<string, never>, CommentListView>({
  method: 'POST',
  path: '/api/sns/posts/:id/comments',
  aliases: [{ path: '/api/sns/post/:id/comments' }],
  subject: 'sns.posts.comment',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sns' },
  body: CommentDto,
  response: CommentListView,
  status: 201,
  idempotent: true,
  summary: 'Comment on a published post, as its account (answers the comments made)',
  tag: 'sns',
  errors: [404, 409, 503],
});

export const SnsPostLikes = endpoint<Record<string, never>, Record<string, never>, LikeListView>({
  method: 'GET',
  path: '/api/sns/posts/:id/likes',
  aliases: [{ path: '/api/sns/post/:id/likes' }],
  subject: 'sns.posts.likes',
  params: IdParams,
  access: { kind: 'user', scope: 'read:sns' },
  response: LikeListView,
  status: 200,
  summary: 'Who liked the post, read from each platform',
  tag: 'sns',
  errors: [404, 503],
});

export const SnsPostLike = endpoint<LikeDto, Record<string, never>, LikeResultView>({
  method: 'POST',
  path: '/api/sns/posts/:id/like',
  aliases: [{ path: '/api/sns/post/:id/like' }],
  subject: 'sns.posts.like',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sns' },
  body: LikeDto,
  response: LikeResultView,
  status: 200,
  summary: 'Like the published post as its account',
  tag: 'sns',
  errors: [404, 409, 503],
});

export const SnsSettingsGet = endpoint<Record<string, never>, Record<string, never>, SettingsView>({
  method: 'GET',
  path: '/api/sns/settings',
  subject: 'sns.settings.get',
  access: { kind: 'user', scope: 'read:sns' },
  response: SettingsView,
  status: 200,
  summary: 'The caller’s SNS settings: banned keywords, time zone',
  tag: 'sns',
});

export const SnsSettingsUpdate = endpoint<UpdateSettingsDto, Record<string, never>, SettingsView>({
  method: 'PUT',
  path: '/api/sns/settings',
  subject: 'sns.settings.update',
  access: { kind: 'user', scope: 'write:sns' },
  body: UpdateSettingsDto,
  response: SettingsView,
  status: 200,
  summary: 'Change the SNS settings; posts containing a banned keyword are refused with 422',
  tag: 'sns',
});
