import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CampaignRewardType, CampaignStatus } from '@sf/contracts';

/**
 * A review campaign a brand hosts here. Approvals lock its row, so `max_reviewers` holds under
 * concurrent approvals (ApplicationLifecycleService).
 */
@Entity({ name: 'campaigns' })
@Index('campaigns_created_idx', ['createdAt'])
@Index('campaigns_owner_idx', ['ownerId', 'createdAt'])
@Check('campaigns_max_reviewers_check', 'max_reviewers >= 1')
export class Campaign {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'owner_id', type: 'uuid' }) ownerId: string;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ name: 'product_name', type: 'varchar', length: 200 }) productName: string;
  @Column({ type: 'varchar', length: 30 }) category: string;
  @Column({ name: 'reward_type', type: 'varchar', length: 10 }) rewardType: CampaignRewardType;
  @Column({ name: 'reward_value', type: 'integer' }) rewardValue: number;
  @Column({ name: 'max_reviewers', type: 'integer' }) maxReviewers: number;
  @Column({ type: 'timestamptz' }) deadline: Date;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'varchar', length: 10, default: 'open' }) status: CampaignStatus;
  /** When a moderator removed it: closed, and 404 to everyone, its owner included. */
  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true }) removedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
