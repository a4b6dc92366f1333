import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SnsCampaignStatus, SnsPlatform } from '@sf/contracts';

/** A user's campaign: a name, dates, and the spend and revenue the user records on it. */
@Entity({ name: 'campaigns' })
@Index('campaigns_user_created_idx', ['userId', 'createdAt'])
export class SnsCampaign {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 200 }) name: string;

  @Column({ type: 'text', nullable: true }) description: string | null;

  @Column({ name: 'campaign_type', type: 'varchar', length: 50, nullable: true }) campaignType: string | null;

  @Column({ type: 'varchar', length: 20, default: 'active' }) status: SnsCampaignStatus;

  @Column({ type: 'jsonb', default: () => "'[]'" }) platforms: SnsPlatform[];

  @Column({ name: 'start_date', type: 'date', nullable: true }) startDate: string | null;

  @Column({ name: 'end_date', type: 'date', nullable: true }) endDate: string | null;

  @Column({ name: 'budget_krw', type: 'bigint', nullable: true }) budgetKrw: string | null;

  @Column({ name: 'spend_krw', type: 'bigint', nullable: true }) spendKrw: string | null;

  @Column({ name: 'revenue_krw', type: 'bigint', nullable: true }) revenueKrw: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
