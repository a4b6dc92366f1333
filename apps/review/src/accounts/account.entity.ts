import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AccountPlatform, ReviewAccountStatus } from '@sf/contracts';

/**
 * A reviewer's account on a platform (a Naver blog, an Instagram or YouTube channel). The token is
 * stored encrypted (AES-256-GCM with the service's key) and never leaves the service.
 */
@Entity({ name: 'accounts' })
@Index('accounts_user_idx', ['userId', 'createdAt'])
@Index('accounts_user_platform_name_key', ['userId', 'platform', 'accountName'], { unique: true, where: 'deleted_at IS NULL' })
export class ReviewAccount {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 20 }) platform: AccountPlatform;
  @Column({ name: 'account_name', type: 'varchar', length: 64 }) accountName: string;
  @Column({ name: 'auth_token_encrypted', type: 'text' }) authTokenEncrypted: string;
  @Column({ type: 'varchar', length: 10, default: 'pending' }) status: ReviewAccountStatus;
  @Column({ name: 'follower_count', type: 'integer', default: 0 }) followerCount: number;
  @Column({ type: 'varchar', length: 10, default: 'public' }) visibility: 'public' | 'private';
  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true }) verifiedAt: Date | null;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
