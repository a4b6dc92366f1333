import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { Trim } from '../common/trim';
import { IsImageRef } from '../coocook/coocook-fields';
import { PlatformName, SNS_PLATFORMS, SnsPlatform } from './sns-fields';

export const AI_TONES = ['casual', 'professional', 'funny'] as const;
export const AI_LANGUAGES = ['ko', 'en', 'ja', 'zh'] as const;
export const CAPTION_STYLES = ['formal', 'casual', 'humorous'] as const;
export const CONTENT_TYPES = ['reel', 'post', 'story'] as const;

export class GenerateContentDto {
  @Trim() @IsString() @Length(1, 500) topic: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SNS_PLATFORMS.length)
  @PlatformName()
  @IsIn(SNS_PLATFORMS, { each: true })
  platforms?: SnsPlatform[];
  @IsOptional() @IsIn(AI_TONES) tone?: (typeof AI_TONES)[number];
  @IsOptional() @IsIn(AI_LANGUAGES) language?: (typeof AI_LANGUAGES)[number];
}

export class GeneratedContentView {
  @IsString() content: string;
  @IsString({ each: true }) hashtags: string[];
  /** Likes + comments + shares a post of yours gets on average at this hour of the week (null: nothing measured). */
  @IsOptional() @IsNumber() estimated_engagement: number | null;
  @IsString() reasoning: string;
}

export class RepurposeDto {
  @Trim() @IsString() @Length(1, 5000) original_content: string;
  @PlatformName() @IsIn(SNS_PLATFORMS) source_platform: SnsPlatform;
  @PlatformName() @IsIn(SNS_PLATFORMS) target_platform: SnsPlatform;
}

export class RepurposedView {
  @IsString() repurposed_content: string;
  @IsString({ each: true }) changes_made: string[];
}

export class HashtagDto {
  @Trim() @IsString() @Length(1, 5000) content: string;
  @IsOptional() @PlatformName() @IsIn(SNS_PLATFORMS) platform?: SnsPlatform;
  @IsOptional() @IsInt() @Min(1) @Max(30) max_hashtags?: number;
}

export class HashtagView {
  @IsString({ each: true }) hashtags: string[];
  @IsString({ each: true }) trending_hashtags: string[];
  /** Average reach of your measured posts (null: nothing measured yet). */
  @IsOptional() @IsNumber() estimated_reach: number | null;
}

export class CaptionDto {
  @IsString() @IsImageRef() image_url: string;
  @IsOptional() @PlatformName() @IsIn(SNS_PLATFORMS) platform?: SnsPlatform;
  @IsOptional() @IsIn(CAPTION_STYLES) style?: (typeof CAPTION_STYLES)[number];
}

export class CaptionView {
  @IsString({ each: true }) captions: string[];
}

export class BestTimeDto {
  @PlatformName() @IsIn(SNS_PLATFORMS) platform: SnsPlatform;
  @IsOptional() @IsString() @MaxLength(2) audience_country?: string;
  @IsOptional() @IsIn(CONTENT_TYPES) content_type?: (typeof CONTENT_TYPES)[number];
}

export class BestTimeView {
  /** `HH:MM` in the user's time zone; null when no post has been measured yet. */
  @IsOptional() @IsString() best_time: string | null;
  @IsOptional() @IsString() best_day: string | null;
  @IsNumber() confidence: number;
  @IsString() reasoning: string;
  @IsString() time_zone: string;
}

const common = { access: { kind: 'user' as const, scope: 'write:sns' }, status: 200 as const, tag: 'sns', errors: [429, 503] };

export const SnsAiGenerate = endpoint<GenerateContentDto, Record<string, never>, GeneratedContentView>({
  ...common,
  method: 'POST',
  path: '/api/sns/ai/generate',
  subject: 'sns.ai.generate',
  body: GenerateContentDto,
  response: GeneratedContentView,
  summary: 'Write a post on a topic (AI provider); engagement estimated from your own measured posts',
});

export const SnsAiRepurpose = endpoint<RepurposeDto, Record<string, never>, RepurposedView>({
  ...common,
  method: 'POST',
  path: '/api/sns/ai/repurpose',
  subject: 'sns.ai.repurpose',
  body: RepurposeDto,
  response: RepurposedView,
  summary: 'Rewrite content for another platform (AI provider), with what changed',
});

export const SnsAiHashtags = endpoint<HashtagDto, Record<string, never>, HashtagView>({
  ...common,
  method: 'POST',
  path: '/api/sns/ai/hashtag-recommend',
  subject: 'sns.ai.hashtags',
  body: HashtagDto,
  response: HashtagView,
  summary: 'Hashtags for content (AI provider); reach estimated from your own measured posts',
});

export const SnsAiCaptions = endpoint<CaptionDto, Record<string, never>, CaptionView>({
  ...common,
  method: 'POST',
  path: '/api/sns/ai/caption-generate',
  subject: 'sns.ai.captions',
  body: CaptionDto,
  response: CaptionView,
  summary: 'Captions for an image (AI provider)',
});

export const SnsAiBestTime = endpoint<BestTimeDto, Record<string, never>, BestTimeView>({
  ...common,
  method: 'POST',
  path: '/api/sns/ai/best-time',
  subject: 'sns.ai.best_time',
  body: BestTimeDto,
  response: BestTimeView,
  summary: 'When to post: the hour of the week your measured posts did best (platform-wide when you have none)',
});
