import { Injectable } from '@nestjs/common';
import { ACCESS_TOKEN_ISSUER } from '@sf/contracts';
import { Unauthorized } from '@sf/errors';
import { SigningKeys } from '../keys/signing-keys.service';

const CHALLENGE_AUDIENCE = 'softfactory-2fa';
const CHALLENGE_TTL_SECONDS = 300;

/**
 * The proof that the first factor (password or OAuth provider) passed: a 5-minute token with its
 * own audience, so it is useless as an access token; POST /api/auth/verify-2fa completes it.
 */
@Injectable()
export class TwoFactorChallenge {
  constructor(private readonly keys: SigningKeys) {}

  issue(userId: string): string {
    return this.keys.sign(
      { purpose: '2fa' },
      { subject: userId, audience: CHALLENGE_AUDIENCE, issuer: ACCESS_TOKEN_ISSUER, expiresIn: CHALLENGE_TTL_SECONDS },
    );
  }

  /** The user the challenge was issued for. */
  verify(token: string): string {
    try {
      return this.keys.verify<{ sub: string }>(token, { audience: CHALLENGE_AUDIENCE, issuer: ACCESS_TOKEN_ISSUER }).sub;
    } catch {
      throw new Unauthorized('Invalid or expired two-factor challenge');
    }
  }
}
