import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ListingPlatform, ListingStatus } from '@sf/contracts';

/**
 * A review opportunity scraped from a platform, one row per `(source_platform, external_id)`:
 * a scrape upserts what it finds and closes what vanished from the platform.
 */
@Entity({ name: 'listings' })
@Index('listings_source_key', ['sourcePlatform', 'externalId'], { unique: true })
@Index('listings_status_reward_idx', ['status', 'rewardKrw'])
export class Listing {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'source_platform', type: 'varchar', length: 30 }) sourcePlatform: ListingPlatform;
  @Column({ name: 'external_id', type: 'varchar', length: 100 }) externalId: string;
  @Column({ type: 'varchar', length: 300 }) title: string;
  @Column({ type: 'varchar', length: 30 }) category: string;
  @Column({ name: 'reward_krw', type: 'integer' }) rewardKrw: number;
  @Column({ name: 'reward_description', type: 'varchar', length: 300 }) rewardDescription: string;
  @Column({ type: 'timestamptz', nullable: true }) deadline: Date | null;
  @Column({ name: 'max_applicants', type: 'integer', nullable: true }) maxApplicants: number | null;
  @Column({ name: 'applicant_count', type: 'integer', nullable: true }) applicantCount: number | null;
  @Column({ type: 'varchar', length: 2048 }) url: string;
  @Column({ type: 'varchar', length: 10, default: 'open' }) status: ListingStatus;
  @Column({ name: 'first_seen_at', type: 'timestamptz', default: () => 'now()' }) firstSeenAt: Date;
  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' }) lastSeenAt: Date;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A user's bookmark of a listing. */
@Entity({ name: 'bookmarks' })
@Index('bookmarks_user_created_idx', ['userId', 'createdAt'])
export class Bookmark {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @PrimaryColumn({ name: 'listing_id', type: 'uuid' }) listingId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/**
 * One row per platform: the scraper's state, shared by every replica. A run claims the row
 * (`running_since`), so one platform is scraped by one replica at a time.
 */
@Entity({ name: 'scraper_state' })
export class ScraperState {
  @PrimaryColumn({ type: 'varchar', length: 30 }) platform: string;
  @Column({ name: 'running_since', type: 'timestamptz', nullable: true }) runningSince: Date | null;
  /** A request that arrived while a run was under way: another run follows it. */
  @Column({ name: 'requested_at', type: 'timestamptz', nullable: true }) requestedAt: Date | null;
  @Column({ name: 'last_scrape_time', type: 'timestamptz', nullable: true }) lastScrapeTime: Date | null;
  @Column({ name: 'last_success_time', type: 'timestamptz', nullable: true }) lastSuccessTime: Date | null;
  @Column({ name: 'next_scrape_time', type: 'timestamptz', nullable: true }) nextScrapeTime: Date | null;
  @Column({ name: 'listings_found', type: 'integer', default: 0 }) listingsFound: number;
  @Column({ type: 'integer', default: 0 }) runs: number;
  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true }) lastError: string | null;
  @Column({ name: 'last_error_time', type: 'timestamptz', nullable: true }) lastErrorTime: Date | null;
}

/** A user's request for an immediate scrape, to limit them per user. */
@Entity({ name: 'scrape_requests' })
@Index('scrape_requests_user_idx', ['userId', 'requestedAt'])
export class ScrapeRequest {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @CreateDateColumn({ name: 'requested_at', type: 'timestamptz' }) requestedAt: Date;
}
