import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { OAuthProvider } from '@sf/contracts';
import type { User } from '../accounts/user.entity';

/** A `state` handed out with an authorize URL; consumed by the callback, once. */
@Entity({ name: 'oauth_states' })
export class OAuthState {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('oauth_states_state_hash_key', { unique: true })
  @Column({ name: 'state_hash', type: 'varchar', length: 64 })
  stateHash: string;

  @Column({ type: 'varchar', length: 20 }) provider: OAuthProvider;

  @Column({ name: 'redirect_uri', type: 'text' }) redirectUri: string;

  /** PKCE (RFC 7636): the verifier whose S256 challenge went out with the authorize URL. */
  @Column({ name: 'code_verifier', type: 'varchar', length: 128, nullable: true }) codeVerifier: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** Links a provider account to a user. */
@Entity({ name: 'oauth_identities' })
@Index('oauth_identities_provider_subject_key', ['provider', 'providerUserId'], { unique: true })
export class OAuthIdentity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'varchar', length: 20 }) provider: OAuthProvider;

  @Column({ name: 'provider_user_id', type: 'varchar', length: 200 }) providerUserId: string;

  @Index('oauth_identities_user_id_idx')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
