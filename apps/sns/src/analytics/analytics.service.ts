import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AnalyticsQuery, AnalyticsView, PostAnalyticsView, PostMetricsView, SnsPlatform, UserContext } from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { SNS_PRODUCT } from '../accounts/accounts.service';
import { SnsPostTarget } from '../posts/post.entity';
import { PostsService } from '../posts/posts.service';
import { MetricSnapshot } from './snapshot.entity';

interface LatestRow {
  target_id: string;
  post_id: string;
  platform: SnsPlatform;
  likes: number;
  comments: number;
  shares: number;
  reach: number;
  impressions: number;
  taken_at: Date;
  content: string;
  published_at: Date | null;
}

function metrics(r: { likes: number; comments: number; shares: number; reach: number; impressions: number }): PostMetricsView {
  return {
    likes: r.likes,
    comments: r.comments,
    shares: r.shares,
    reach: r.reach,
    impressions: r.impressions,
    engagement: r.likes + r.comments + r.shares,
  };
}

/** Analytics read from the stored snapshots and follower counts (never from the platforms directly). */
@Injectable()
export class AnalyticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: Entitlements,
    private readonly posts: PostsService,
  ) {}

  async dashboard(ctx: UserContext, query: AnalyticsQuery): Promise<AnalyticsView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const userId = ctx.user_id;
    const platform = query.platform ?? null;
    const [{ total }] = await this.dataSource.query(
      `SELECT count(DISTINCT post_id)::int AS total FROM post_targets WHERE user_id = $1 AND status = 'published' AND ($2::text IS NULL OR platform = $2)`,
      [userId, platform],
    );
    const latest: LatestRow[] = await this.dataSource.query(
      `SELECT DISTINCT ON (s.target_id) s.target_id, s.post_id, s.platform, s.likes, s.comments, s.shares, s.reach, s.impressions,
              s.taken_at, p.content, t.published_at
         FROM metric_snapshots s JOIN post_targets t ON t.id = s.target_id JOIN posts p ON p.id = s.post_id
        WHERE s.user_id = $1 AND ($2::text IS NULL OR s.platform = $2)
        ORDER BY s.target_id, s.taken_at DESC, s.id DESC`,
      [userId, platform],
    );
    const followers: { day: string; followers: number }[] = await this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(followers)::int AS followers FROM follower_counts
        WHERE user_id = $1 AND ($2::text IS NULL OR platform = $2) AND day >= (now() AT TIME ZONE 'UTC')::date - 30
        GROUP BY day ORDER BY day`,
      [userId, platform],
    );
    const first = followers[0]?.followers;
    const last = followers[followers.length - 1]?.followers;
    const growth = followers.length >= 2 && first > 0 ? Math.round(((last - first) / first) * 10_000) / 100 : null;
    const top = latest
      .map((r) => ({
        post_id: r.post_id,
        platform: r.platform,
        content: r.content.slice(0, 200),
        published_at: r.published_at?.toISOString() ?? null,
        ...metrics(r),
      }))
      .sort((a, b) => b.engagement - a.engagement || b.reach - a.reach)
      .slice(0, 5);
    const newest = latest.reduce<Date | null>((m, r) => (!m || r.taken_at > m ? r.taken_at : m), null);
    return {
      total_posts: total,
      total_engagement: latest.reduce((sum, r) => sum + r.likes + r.comments + r.shares, 0),
      total_reach: latest.reduce((sum, r) => sum + r.reach, 0),
      growth_rate: growth,
      followers: last ?? 0,
      top_performers: top,
      updated_at: newest?.toISOString() ?? null,
    };
  }

  async post(ctx: UserContext, id: string): Promise<PostAnalyticsView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const post = await this.posts.findOwned(this.dataSource.manager, ctx.user_id, id);
    const targets = await this.dataSource.getRepository(SnsPostTarget).find({ where: { postId: post.id }, order: { createdAt: 'ASC' } });
    const snapshots = await this.dataSource
      .getRepository(MetricSnapshot)
      .find({ where: { postId: post.id }, order: { takenAt: 'ASC', id: 'ASC' } });
    const views = targets.map((t) => {
      const history = snapshots.filter((s) => s.targetId === t.id);
      const latest = history[history.length - 1];
      return {
        target_id: t.id,
        platform: t.platform,
        external_id: t.externalId,
        latest: latest ? metrics(latest) : null,
        history: history.map((s) => ({ ...metrics(s), taken_at: s.takenAt.toISOString() })),
      };
    });
    const sum = (k: keyof PostMetricsView) => views.reduce((acc, v) => acc + (v.latest?.[k] ?? 0), 0);
    return {
      post_id: post.id,
      totals: {
        likes: sum('likes'),
        comments: sum('comments'),
        shares: sum('shares'),
        reach: sum('reach'),
        impressions: sum('impressions'),
        engagement: sum('engagement'),
      },
      targets: views,
    };
  }
}
