import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A two-factor challenge already completed: it cannot sign in a second time within its 5 minutes. */
@Entity({ name: 'used_two_factor_challenges' })
export class UsedTwoFactorChallenge {
  @PrimaryColumn({ type: 'uuid' }) jti: string;

  @Index('used_two_factor_challenges_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
