import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AiProvider } from '@sf/ai';
import {
  BestTimeDto,
  BestTimeView,
  CaptionDto,
  CaptionView,
  GenerateContentDto,
  GeneratedContentView,
  HashtagDto,
  HashtagView,
  RepurposeDto,
  RepurposedView,
  SnsPlatform,
  UserContext,
} from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { RateLimited } from '@sf/errors';
import { SNS_PRODUCT } from '../accounts/accounts.service';
import { platformLabel } from '../platforms/platform-http';
import { SettingsService } from '../settings/settings.service';
import { SNS_CONFIG, SnsConfig } from '../sns.config';
import { average, DAYS, EngagementByHour, HourOfWeek } from './engagement-by-hour';

export const AI_PROVIDER = Symbol('AI_PROVIDER');

const LANGUAGE: Record<string, string> = { ko: 'Korean', en: 'English', ja: 'Japanese', zh: 'Chinese' };
/** Longest text each platform takes in one post. */
const MAX_LENGTH: Record<SnsPlatform, number> = { twitter: 280, instagram: 2200, tiktok: 2200, youtube: 5000, linkedin: 3000 };

function hashtagsOf(text: string): string[] {
  return [...new Set((text.match(/#[\p{L}\p{N}_]+/gu) ?? []).map((t) => t.toLowerCase()))];
}

/** The hour of the week now, in a time zone. */
function nowIn(timeZone: string): { dow: number; hour: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' }).formatToParts(
    new Date(),
  );
  const day = parts.find((p) => p.type === 'weekday')?.value ?? 'Sun';
  return {
    dow: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(day),
    hour: Number(parts.find((p) => p.type === 'hour')?.value ?? 0),
  };
}

/**
 * The AI routes: text from the AI provider (never made up here), numbers from the user's own
 * measured posts (every user's as the fallback, which `reasoning` says), within the plan's
 * daily quota of AI calls.
 */
@Injectable()
export class AiService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SNS_CONFIG) private readonly config: SnsConfig,
    @Inject(AI_PROVIDER) private readonly ai: AiProvider,
    private readonly entitlements: Entitlements,
    private readonly settings: SettingsService,
    private readonly byHour: EngagementByHour,
  ) {}

  async generate(ctx: UserContext, dto: GenerateContentDto): Promise<GeneratedContentView> {
    const platform = dto.platforms?.[0] ?? null;
    const text = await this.withQuota(ctx, () =>
      this.ai.complete([
        {
          role: 'system',
          content: `You write social media posts. Tone: ${dto.tone ?? 'casual'}. Language: ${LANGUAGE[dto.language ?? 'ko']}. ${
            platform ? `Platform: ${platformLabel(platform)}, at most ${MAX_LENGTH[platform]} characters.` : ''
          } Reply with the post only, hashtags at the end.`,
        },
        { role: 'user', content: dto.topic },
      ]),
    );
    const zone = await this.zone(ctx.user_id);
    const { dow, hour } = nowIn(zone);
    const estimate = await this.estimate(
      ctx.user_id,
      platform,
      zone,
      (b) => b.dow === dow && b.hour === hour,
      (b) => b.avgEngagement,
    );
    return {
      content: platform ? text.slice(0, MAX_LENGTH[platform]) : text,
      hashtags: hashtagsOf(text),
      estimated_engagement: estimate.value,
      reasoning: estimate.reasoning,
    };
  }

  async repurpose(ctx: UserContext, dto: RepurposeDto): Promise<RepurposedView> {
    const max = MAX_LENGTH[dto.target_platform];
    const text = await this.withQuota(ctx, () =>
      this.ai.complete([
        {
          role: 'system',
          content: `Rewrite this ${platformLabel(dto.source_platform)} post for ${platformLabel(dto.target_platform)} (at most ${max} characters, its usual style). Reply with the new post only.`,
        },
        { role: 'user', content: dto.original_content },
      ]),
    );
    const repurposed = text.slice(0, max);
    const changes: string[] = [`rewritten for ${platformLabel(dto.target_platform)}`];
    if (text.length > max) changes.push(`shortened to ${max} characters`);
    const before = hashtagsOf(dto.original_content);
    const after = hashtagsOf(repurposed);
    if (before.join() !== after.join()) changes.push(`hashtags ${before.length} → ${after.length}`);
    if (repurposed.length !== dto.original_content.length)
      changes.push(`length ${dto.original_content.length} → ${repurposed.length} characters`);
    return { repurposed_content: repurposed, changes_made: changes };
  }

  async hashtags(ctx: UserContext, dto: HashtagDto): Promise<HashtagView> {
    const max = dto.max_hashtags ?? 30;
    const text = await this.withQuota(ctx, () =>
      this.ai.complete([
        {
          role: 'system',
          content: `Suggest up to ${max} hashtags for this ${dto.platform ? platformLabel(dto.platform) : 'social media'} post. Reply with hashtags only.`,
        },
        { role: 'user', content: dto.content },
      ]),
    );
    const zone = await this.zone(ctx.user_id);
    const reach = await this.estimate(
      ctx.user_id,
      dto.platform ?? null,
      zone,
      () => true,
      (b) => b.avgReach,
    );
    return { hashtags: hashtagsOf(text).slice(0, max), trending_hashtags: [], estimated_reach: reach.value };
  }

  async captions(ctx: UserContext, dto: CaptionDto): Promise<CaptionView> {
    const text = await this.withQuota(ctx, () =>
      this.ai.complete([
        {
          role: 'system',
          content: `Write three ${dto.style ?? 'casual'} captions for the image at the URL given${dto.platform ? ` (${platformLabel(dto.platform)})` : ''}, one per line.`,
        },
        { role: 'user', content: dto.image_url },
      ]),
    );
    const captions = text
      .split('\n')
      .map((l) => l.replace(/^\s*(?:\d+[.)]|[-*])\s*/, '').trim())
      .filter(Boolean);
    return { captions };
  }

  /** Not a text task: the best hour of the week in the measured posts (no AI call, no quota). */
  async bestTime(ctx: UserContext, dto: BestTimeDto): Promise<BestTimeView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const zone = await this.zone(ctx.user_id);
    const own = await this.byHour.of(ctx.user_id, dto.platform, zone);
    const buckets = own.length ? own : await this.byHour.of(null, dto.platform, zone);
    const whose = own.length ? 'your own' : `all users' (you have no measured ${platformLabel(dto.platform)} posts yet)`;
    if (!buckets.length) {
      return {
        best_time: null,
        best_day: null,
        confidence: 0,
        reasoning: `No ${platformLabel(dto.platform)} post has been measured yet, by you or anyone: there is nothing to go on.`,
        time_zone: zone,
      };
    }
    const best = [...buckets].sort((a, b) => b.avgEngagement - a.avgEngagement || b.posts - a.posts)[0];
    const total = buckets.reduce((n, b) => n + b.posts, 0);
    const confidence = Math.round(Math.min(0.95, (best.posts / (best.posts + 2)) * Math.min(1, total / 10) + 0.05) * 100) / 100;
    return {
      best_time: `${String(best.hour).padStart(2, '0')}:00`,
      best_day: DAYS[best.dow],
      confidence,
      reasoning: `From ${whose} ${total} measured ${platformLabel(dto.platform)} post(s): those published ${DAYS[best.dow]} ${String(best.hour).padStart(2, '0')}:00-${String(best.hour).padStart(2, '0')}:59 (${zone}) averaged ${best.avgEngagement.toFixed(1)} likes, comments and shares (${best.posts} post(s)).`,
      time_zone: zone,
    };
  }

  private async zone(userId: string): Promise<string> {
    return (await this.settings.of(this.dataSource.manager, userId))?.timeZone ?? 'Asia/Seoul';
  }

  /** A number from the user's measured posts in the matching hours, then all of theirs, then everyone's. */
  private async estimate(
    userId: string,
    platform: SnsPlatform | null,
    zone: string,
    matches: (b: HourOfWeek) => boolean,
    pick: (b: HourOfWeek) => number,
  ): Promise<{ value: number | null; reasoning: string }> {
    const own = await this.byHour.of(userId, platform, zone);
    const ownHour = average(own.filter(matches), pick);
    if (ownHour !== null) return { value: ownHour, reasoning: 'From your own posts published at this hour of the week.' };
    const ownAll = average(own, pick);
    if (ownAll !== null)
      return { value: ownAll, reasoning: 'From all your own measured posts (none was published at this hour of the week).' };
    const everyone = await this.byHour.of(null, platform, zone);
    const wide = average(everyone.filter(matches), pick) ?? average(everyone, pick);
    if (wide !== null)
      return { value: wide, reasoning: 'Platform-wide: you have no measured posts yet, so this is the average over all users.' };
    return { value: null, reasoning: 'No post has been measured yet, so there is no estimate.' };
  }

  /**
   * Counts the call against today's quota (UTC) of the caller's plan, then runs it; a call the
   * provider could not answer is not counted.
   */
  private async withQuota<T>(ctx: UserContext, call: () => Promise<T>): Promise<T> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const limit = await this.dailyLimit(ctx);
    const [{ calls }] = await this.dataSource.query(
      `INSERT INTO ai_usage (user_id, day, calls) VALUES ($1, (now() AT TIME ZONE 'UTC')::date, 1)
       ON CONFLICT (user_id, day) DO UPDATE SET calls = ai_usage.calls + 1 RETURNING calls`,
      [ctx.user_id],
    );
    if (calls > limit) {
      await this.release(ctx.user_id);
      const midnight = new Date();
      midnight.setUTCHours(24, 0, 0, 0);
      throw new RateLimited(`Daily AI quota of ${limit} calls used up; it renews at 00:00 UTC`, (midnight.getTime() - Date.now()) / 1000);
    }
    try {
      return await call();
    } catch (error) {
      await this.release(ctx.user_id);
      throw error;
    }
  }

  private async release(userId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE ai_usage SET calls = calls - 1 WHERE user_id = $1 AND day = (now() AT TIME ZONE 'UTC')::date AND calls > 0`,
      [userId],
    );
  }

  private async dailyLimit(ctx: UserContext): Promise<number> {
    if (ctx.roles.includes('admin')) return this.config.aiDailyQuota.enterprise;
    const subscriptions = await this.entitlements.list(ctx.user_id);
    const plans = subscriptions
      .filter((s) => s.product_slug === SNS_PRODUCT && ['active', 'trialing', 'past_due'].includes(s.status))
      .map((s) => s.plan_slug);
    if (plans.includes('enterprise')) return this.config.aiDailyQuota.enterprise;
    if (plans.includes('pro')) return this.config.aiDailyQuota.pro;
    return this.config.aiDailyQuota.free;
  }
}
