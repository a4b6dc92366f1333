import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { SnsPlatform } from '@sf/contracts';

/** A published target's metrics as the platform reported them at one time. */
@Entity({ name: 'metric_snapshots' })
@Index('metric_snapshots_target_time_idx', ['targetId', 'takenAt'])
@Index('metric_snapshots_user_time_idx', ['userId', 'takenAt'])
export class MetricSnapshot {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;

  @Column({ name: 'target_id', type: 'uuid' }) targetId: string;

  @Column({ name: 'post_id', type: 'uuid' }) postId: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 20 }) platform: SnsPlatform;

  @Column({ type: 'integer' }) likes: number;

  @Column({ type: 'integer' }) comments: number;

  @Column({ type: 'integer' }) shares: number;

  @Column({ type: 'integer' }) reach: number;

  @Column({ type: 'integer' }) impressions: number;

  @Column({ name: 'taken_at', type: 'timestamptz', default: () => 'now()' }) takenAt: Date;
}

/** An account's follower count, one row per day (the last count of the day). */
@Entity({ name: 'follower_counts' })
@Index('follower_counts_user_day_idx', ['userId', 'day'])
export class FollowerCount {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' }) accountId: string;

  @PrimaryColumn({ type: 'date' }) day: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 20 }) platform: SnsPlatform;

  @Column({ type: 'integer' }) followers: number;
}
