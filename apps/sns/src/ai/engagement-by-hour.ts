import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SnsPlatform } from '@sf/contracts';

export interface HourOfWeek {
  /** 0 = Sunday. */
  dow: number;
  hour: number;
  avgEngagement: number;
  avgReach: number;
  posts: number;
}

export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Engagement of published posts by the hour of the week they went out (in `timeZone`), from each
 * target's latest snapshot: the user's own, or every user's (`userId` null) as the fallback.
 */
@Injectable()
export class EngagementByHour {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(userId: string | null, platform: SnsPlatform | null, timeZone: string): Promise<HourOfWeek[]> {
    const rows: { dow: number; hour: number; avg_engagement: string; avg_reach: string; posts: number }[] = await this.dataSource.query(
      `WITH latest AS (
         SELECT DISTINCT ON (s.target_id) s.target_id, s.likes + s.comments + s.shares AS engagement, s.reach, t.published_at
           FROM metric_snapshots s JOIN post_targets t ON t.id = s.target_id
          WHERE ($1::uuid IS NULL OR s.user_id = $1) AND ($2::text IS NULL OR s.platform = $2) AND t.published_at IS NOT NULL
          ORDER BY s.target_id, s.taken_at DESC, s.id DESC)
       SELECT extract(dow FROM published_at AT TIME ZONE $3)::int AS dow, extract(hour FROM published_at AT TIME ZONE $3)::int AS hour,
              avg(engagement) AS avg_engagement, avg(reach) AS avg_reach, count(*)::int AS posts
         FROM latest GROUP BY 1, 2`,
      [userId, platform, timeZone],
    );
    return rows.map((r) => ({
      dow: r.dow,
      hour: r.hour,
      avgEngagement: Number(r.avg_engagement),
      avgReach: Number(r.avg_reach),
      posts: r.posts,
    }));
  }
}

/** Averages over some hour-of-week buckets, weighted by their posts; null when there are none. */
export function average(buckets: HourOfWeek[], pick: (b: HourOfWeek) => number): number | null {
  const posts = buckets.reduce((n, b) => n + b.posts, 0);
  if (!posts) return null;
  return Math.round((buckets.reduce((sum, b) => sum + pick(b) * b.posts, 0) / posts) * 10) / 10;
}
