import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SnsPlatform, TargetStatus, TemplateType } from '@sf/contracts';

/** A post a user wrote: its content and media, published through one target per account. */
@Entity({ name: 'posts' })
@Index('posts_user_created_idx', ['userId', 'createdAt'])
export class SnsPost {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'text' }) content: string;

  @Column({ name: 'template_type', type: 'varchar', length: 20, default: 'text' }) templateType: TemplateType;

  /** Images as given: http(s) URLs or ids of the user's uploaded files (resolved at publish time). */
  @Column({ type: 'jsonb', default: () => "'[]'" }) media: string[];

  @Column({ name: 'scheduled_at', type: 'timestamptz', nullable: true }) scheduledAt: Date | null;

  @Column({ name: 'automation_id', type: 'uuid', nullable: true }) automationId: string | null;

  @Column({ name: 'campaign_id', type: 'uuid', nullable: true }) campaignId: string | null;

  /** When a moderator removed it: 404 to its owner, never published, taken down where it was. */
  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true }) removedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/**
 * The post on one account. `claimed_at` is when a publisher took it (status `publishing`); a
 * target found `publishing` again is reconciled with the platform before anything is re-sent.
 */
@Entity({ name: 'post_targets' })
@Index('post_targets_post_idx', ['postId'])
@Index('post_targets_user_status_idx', ['userId', 'status'])
@Index('post_targets_account_idx', ['accountId'])
export class SnsPostTarget {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'post_id', type: 'uuid' }) postId: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ name: 'account_id', type: 'uuid' }) accountId: string;

  @Column({ type: 'varchar', length: 20 }) platform: SnsPlatform;

  /** The account's name when the target was made (the account may be disconnected later). */
  @Column({ name: 'account_name', type: 'varchar', length: 100 }) accountName: string;

  @Column({ type: 'varchar', length: 20, default: 'draft' }) status: TargetStatus;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt: Date | null;

  @Column({ name: 'external_id', type: 'varchar', length: 200, nullable: true }) externalId: string | null;

  @Column({ name: 'external_url', type: 'varchar', length: 500, nullable: true }) externalUrl: string | null;

  @Column({ type: 'text', nullable: true }) error: string | null;

  @Column({ type: 'integer', default: 0 }) attempts: number;

  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true }) claimedAt: Date | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
