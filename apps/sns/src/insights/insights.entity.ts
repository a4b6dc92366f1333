import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { SnsPlatform } from '@sf/contracts';

/** One trend as the platform reported it in one hourly snapshot (`taken_at` names the snapshot). */
@Entity({ name: 'trend_snapshots' })
@Index('trend_snapshots_platform_time_idx', ['platform', 'takenAt'])
export class TrendSnapshot {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;

  @Column({ type: 'varchar', length: 20 }) platform: SnsPlatform;

  @Column({ name: 'taken_at', type: 'timestamptz' }) takenAt: Date;

  @Column({ type: 'varchar', length: 200 }) name: string;

  @Column({ type: 'integer' }) volume: number;
}

/** A public account a user tracks. */
@Entity({ name: 'competitors' })
@Index('competitors_user_created_idx', ['userId', 'createdAt'])
export class SnsCompetitor {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 20 }) platform: SnsPlatform;

  @Column({ type: 'varchar', length: 100 }) username: string;

  @Column({ name: 'platform_user_id', type: 'varchar', length: 100 }) platformUserId: string;

  /** Followers when tracking began, to show the change since. */
  @Column({ name: 'followers_at_start', type: 'integer' }) followersAtStart: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
