import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ACCESS_TOKEN_ISSUER } from '@sf/contracts';
import { Unauthorized } from '@sf/errors';
import { SigningKeys } from '../keys/signing-keys.service';

const CHALLENGE_AUDIENCE = 'softfactory-2fa';
const CHALLENGE_TTL_SECONDS = 300;

export interface VerifiedChallenge {
  userId: string;
  jti: string;
  expiresAt: Date;
}

/**
 * The proof that the first factor (password or OAuth provider) passed: a 5-minute token with its
 * own audience, so it is useless as an access token; POST /api/auth/verify-2fa completes it, once.
 */
@Injectable()
export class TwoFactorChallenge {
  constructor(private readonly keys: SigningKeys) {}

  issue(userId: string): string {
    return this.keys.sign(
      { purpose: '2fa' },
      {
        subject: userId,
        audience: CHALLENGE_AUDIENCE,
        issuer: ACCESS_TOKEN_ISSUER,
        expiresIn: CHALLENGE_TTL_SECONDS,
        jwtid: randomUUID(),
      },
    );
  }

  /** The user the challenge was issued for (not yet whether it was used: see `spend`). */
  verify(token: string): VerifiedChallenge {
    try {
      const claims = this.keys.verify<{ sub: string; jti?: string; exp: number }>(token, {
        audience: CHALLENGE_AUDIENCE,
        issuer: ACCESS_TOKEN_ISSUER,
      });
      if (!claims.jti) throw new Error('no jti');
      return { userId: claims.sub, jti: claims.jti, expiresAt: new Date(claims.exp * 1000) };
    } catch {
      throw new Unauthorized('Invalid or expired two-factor challenge');
    }
  }

  /** Marks the challenge used in the sign-in's transaction; false if it was used already. */
  async spend(manager: EntityManager, challenge: VerifiedChallenge): Promise<boolean> {
    await manager.query('DELETE FROM used_two_factor_challenges WHERE expires_at < now()');
    const rows: unknown[] = await manager.query(
      'INSERT INTO used_two_factor_challenges (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING RETURNING jti',
      [challenge.jti, challenge.expiresAt],
    );
    return rows.length === 1;
  }
}
