import { Inject, Injectable } from '@nestjs/common';
import type { AccountPlatform } from '@sf/contracts';
import { ACCOUNT_VERIFIERS, AccountCheck, AccountVerifier } from '../sources/listing-source';

/** Picks the verifier of an account's platform; a platform without one leaves accounts `pending`. */
@Injectable()
export class AccountVerification {
  constructor(@Inject(ACCOUNT_VERIFIERS) private readonly verifiers: AccountVerifier[]) {}

  verifierFor(platform: AccountPlatform): AccountVerifier | undefined {
    return this.verifiers.find((v) => v.platforms.includes(platform));
  }

  async check(platform: AccountPlatform, accountName: string, token: string): Promise<AccountCheck> {
    const verifier = this.verifierFor(platform);
    return verifier ? verifier.verify(accountName, token) : { verified: false, followerCount: 0 };
  }

  /**
   * Whether `url` is one of the account's posts. Only a URL on the account platform's own origin
   * reaches the verifier (which may fetch it); any other URL, or a platform without a verifier, is
   * answered false without a request.
   */
  async ownsPost(platform: AccountPlatform, accountName: string, url: string): Promise<boolean> {
    const verifier = this.verifierFor(platform);
    if (!verifier || !onOrigin(url, verifier.baseUrl)) return false;
    return verifier.ownsPost(accountName, url);
  }
}

function onOrigin(url: string, base: string): boolean {
  try {
    const target = new URL(url);
    return (target.protocol === 'http:' || target.protocol === 'https:') && target.origin === new URL(base).origin;
  } catch {
    return false;
  }
}
