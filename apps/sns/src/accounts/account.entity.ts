import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SnsAccountStatus, SnsPlatform } from '@sf/contracts';

/**
 * A user's account on one platform. Tokens are stored encrypted (AES-256-GCM, see TokenCipher);
 * while the account waits for consent it holds the hash of its single-use OAuth state (and, for
 * PKCE platforms, the encrypted verifier).
 */
@Entity({ name: 'accounts' })
@Index('accounts_user_created_idx', ['userId', 'createdAt'])
@Index('accounts_oauth_state_key', ['oauthStateHash'], { unique: true, where: 'oauth_state_hash IS NOT NULL' })
export class SnsAccount {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 20 }) platform: SnsPlatform;

  @Column({ name: 'account_name', type: 'varchar', length: 100 }) accountName: string;

  @Column({ type: 'varchar', length: 20, default: 'pending' }) status: SnsAccountStatus;

  @Column({ name: 'platform_user_id', type: 'varchar', length: 100, nullable: true }) platformUserId: string | null;

  @Column({ name: 'platform_username', type: 'varchar', length: 200, nullable: true }) platformUsername: string | null;

  @Column({ name: 'followers_count', type: 'integer', nullable: true }) followersCount: number | null;

  @Column({ name: 'access_token_enc', type: 'text', nullable: true }) accessTokenEnc: string | null;

  @Column({ name: 'refresh_token_enc', type: 'text', nullable: true }) refreshTokenEnc: string | null;

  @Column({ name: 'token_expires_at', type: 'timestamptz', nullable: true }) tokenExpiresAt: Date | null;

  @Column({ name: 'oauth_state_hash', type: 'varchar', length: 64, nullable: true }) oauthStateHash: string | null;

  /** The state itself, encrypted, so the pending account can show its authorize_url again. */
  @Column({ name: 'oauth_state_enc', type: 'text', nullable: true }) oauthStateEnc: string | null;

  @Column({ name: 'oauth_state_expires_at', type: 'timestamptz', nullable: true }) oauthStateExpiresAt: Date | null;

  @Column({ name: 'pkce_verifier_enc', type: 'text', nullable: true }) pkceVerifierEnc: string | null;

  @Column({ name: 'connected_at', type: 'timestamptz', nullable: true }) connectedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
