import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from '../shared/numeric';

/**
 * A chef's public profile, one per user. `search_vector` is kept by a trigger (see the
 * migration) over name, cuisine, location and bio, for the list's free-text filter.
 */
@Entity({ name: 'chefs' })
@Index('chefs_cuisine_idx', { synchronize: false }) // lower(cuisine)
@Index('chefs_location_idx', { synchronize: false }) // lower(location)
@Check('chefs_hourly_rate_check', 'hourly_rate_krw > 0')
export class Chef {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('chefs_user_id_key', { unique: true })
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 100 }) name: string;

  @Column({ type: 'text', default: '' }) bio: string;

  @Column({ type: 'varchar', length: 50 }) cuisine: string;

  @Column({ type: 'varchar', length: 100 }) location: string;

  @Index('chefs_hourly_rate_idx')
  @Column({ name: 'hourly_rate_krw', type: 'integer' })
  hourlyRateKrw: number;

  @Column({ name: 'image_url', type: 'text', nullable: true }) imageUrl: string | null;

  @Column({ name: 'time_zone', type: 'varchar', length: 64, default: 'Asia/Seoul' }) timeZone: string;

  @Index('chefs_rating_avg_idx')
  @Column({ name: 'rating_avg', type: 'numeric', precision: 3, scale: 2, default: 0, transformer: numericTransformer })
  ratingAvg: number;

  @Column({ name: 'rating_count', type: 'integer', default: 0 }) ratingCount: number;

  @Column({ name: 'rating_sum', type: 'integer', default: 0 }) ratingSum: number;

  @Column({ name: 'followers_count', type: 'integer', default: 0 }) followersCount: number;

  @Index('chefs_search_idx', { type: 'gin' })
  @Column({ name: 'search_vector', type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchVector?: string;

  @Index('chefs_created_at_idx')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

export interface WeeklySlot {
  day_of_week: number;
  start_time: string;
  end_time: string;
}

export interface AvailabilityException {
  date: string;
  available: boolean;
  start_time: string | null;
  end_time: string | null;
}

/** A chef's weekly windows and dated exceptions; no row (or empty lists): any future slot. */
@Entity({ name: 'chef_availability' })
export class ChefAvailability {
  @PrimaryColumn({ name: 'chef_id', type: 'uuid' }) chefId: string;

  @Column({ type: 'jsonb', default: () => "'[]'" }) weekly: WeeklySlot[];

  @Column({ type: 'jsonb', default: () => "'[]'" }) exceptions: AvailabilityException[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ name: 'chef_follows' })
export class ChefFollow {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;

  @Index('chef_follows_chef_id_idx')
  @PrimaryColumn({ name: 'chef_id', type: 'uuid' })
  chefId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** What followers see in their feed: a chef published a recipe or was reviewed. */
@Entity({ name: 'chef_activities' })
@Index('chef_activities_chef_created_idx', ['chefId', 'createdAt'])
export class ChefActivity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'chef_id', type: 'uuid' }) chefId: string;

  @Column({ type: 'varchar', length: 40 }) kind: string;

  @Column({ name: 'subject_id', type: 'uuid' }) subjectId: string;

  @Column({ type: 'varchar', length: 300 }) summary: string;

  @Column({ type: 'jsonb', default: () => "'{}'" }) data: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
