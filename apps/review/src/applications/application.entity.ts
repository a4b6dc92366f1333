import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ApplicationStatus } from '@sf/contracts';

/**
 * An application to a scraped listing or to a campaign hosted here, with one of the user's
 * accounts: at most one per listing (or campaign) and account, enforced by unique indexes, so
 * concurrent auto-apply runs cannot apply twice.
 */
@Entity({ name: 'applications' })
@Index('applications_listing_account_key', ['listingId', 'accountId'], { unique: true, where: 'listing_id IS NOT NULL' })
@Index('applications_campaign_account_key', ['campaignId', 'accountId'], { unique: true, where: 'campaign_id IS NOT NULL' })
@Index('applications_user_applied_idx', ['userId', 'appliedAt'])
@Index('applications_campaign_status_idx', ['campaignId', 'status'])
@Check('applications_target_check', '(listing_id IS NULL) <> (campaign_id IS NULL)')
export class Application {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId: string;
  @Column({ name: 'listing_id', type: 'uuid', nullable: true }) listingId: string | null;
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true }) campaignId: string | null;
  @Column({ name: 'campaign_owner_id', type: 'uuid', nullable: true }) campaignOwnerId: string | null;
  @Column({ name: 'source_platform', type: 'varchar', length: 30 }) sourcePlatform: string;
  @Column({ type: 'varchar', length: 300 }) title: string;
  @Column({ type: 'varchar', length: 30 }) category: string;
  @Column({ type: 'varchar', length: 20, default: 'pending' }) status: ApplicationStatus;
  @Column({ type: 'varchar', length: 10 }) submission: 'api' | 'manual' | 'campaign';
  @Column({ name: 'listing_url', type: 'varchar', length: 2048, nullable: true }) listingUrl: string | null;
  @Column({ name: 'external_application_id', type: 'varchar', length: 100, nullable: true }) externalApplicationId: string | null;
  @Column({ name: 'reward_krw', type: 'integer' }) rewardKrw: number;
  @Column({ type: 'text', nullable: true }) message: string | null;
  @Column({ type: 'text', nullable: true }) notes: string | null;
  @Column({ name: 'review_url', type: 'varchar', length: 2048, nullable: true }) reviewUrl: string | null;
  @Column({ name: 'review_content', type: 'text', nullable: true }) reviewContent: string | null;
  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true }) verifiedAt: Date | null;
  @Column({ name: 'auto_apply_rule_id', type: 'uuid', nullable: true }) autoApplyRuleId: string | null;
  @CreateDateColumn({ name: 'applied_at', type: 'timestamptz' }) appliedAt: Date;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ name: 'review_submitted_at', type: 'timestamptz', nullable: true }) reviewSubmittedAt: Date | null;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt: Date | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
