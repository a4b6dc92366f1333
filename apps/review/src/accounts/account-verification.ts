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

  async ownsPost(platform: AccountPlatform, accountName: string, url: string): Promise<boolean> {
    const verifier = this.verifierFor(platform);
    return verifier ? verifier.ownsPost(accountName, url) : false;
  }
}
