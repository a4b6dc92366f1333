import type { AccountPlatform } from '@sf/contracts';
import { AccountCheck, AccountVerifier } from './listing-source';
import { SourceError, SourceHttp } from './source-http';

const GRAPH_VERSION = 'v21.0';
const UNVERIFIED: AccountCheck = { verified: false, followerCount: 0 };

/**
 * Instagram accounts: the account's public profile is looked up through the Graph API's business
 * discovery, asked with the account's own token (`GET /me` names the token's user, then
 * `GET /<that user>?fields=business_discovery.username(<account>)`). Verified when the profile
 * exists and is the token's own; its `followers_count` is the account's `follower_count`. A token
 * Instagram refuses, or a profile that is missing or someone else's, leaves the account `pending`.
 * Review URLs are not looked up (no post check yet): reviews are recorded unverified.
 */
export class InstagramVerifier implements AccountVerifier {
  readonly platforms: readonly AccountPlatform[] = ['instagram'];

  constructor(
    private readonly http: SourceHttp,
    readonly baseUrl: string,
  ) {}

  async verify(accountName: string, authToken: string): Promise<AccountCheck> {
    const headers = { authorization: `Bearer ${authToken}` };
    try {
      const me = await this.http.request(`${this.baseUrl}/${GRAPH_VERSION}/me?fields=id,username`, { method: 'GET', headers });
      if (me.status !== 200) return UNVERIFIED;
      const callerId = (JSON.parse(me.body) as { id?: unknown }).id;
      if (typeof callerId !== 'string' || !/^\d+$/.test(callerId)) return UNVERIFIED;
      const fields = `business_discovery.username(${accountName}){id,username,followers_count}`;
      const profile = await this.http.request(`${this.baseUrl}/${GRAPH_VERSION}/${callerId}?fields=${encodeURIComponent(fields)}`, {
        method: 'GET',
        headers,
      });
      if (profile.status !== 200) return UNVERIFIED;
      const found = (JSON.parse(profile.body) as { business_discovery?: { id?: unknown; username?: unknown; followers_count?: unknown } })
        .business_discovery;
      if (!found || found.id !== callerId || found.username !== accountName) return UNVERIFIED;
      const followers =
        typeof found.followers_count === 'number' && Number.isSafeInteger(found.followers_count) ? found.followers_count : 0;
      return { verified: true, followerCount: Math.max(0, followers) };
    } catch (error) {
      if (error instanceof SourceError || error instanceof SyntaxError) return UNVERIFIED;
      throw error;
    }
  }

  async ownsPost(): Promise<boolean> {
    return false;
  }
}
