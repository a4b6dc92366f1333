import type { AccountPlatform } from '@sf/contracts';
import { AccountCheck, AccountVerifier } from './listing-source';
import { SourceError, SourceHttp } from './source-http';

const UNVERIFIED: AccountCheck = { verified: false, followerCount: 0 };

/**
 * YouTube channels: the token's own channel is looked up (`GET /youtube/v3/channels?mine=true`,
 * Data API v3); verified when its handle (`customUrl`, `@<handle>`) is the account name, and its
 * subscriber count (0 when hidden) is the account's `follower_count`. A refused token or another
 * channel leaves the account `pending`. Review URLs are not looked up (no video check yet).
 */
export class YoutubeVerifier implements AccountVerifier {
  readonly platforms: readonly AccountPlatform[] = ['youtube'];

  constructor(
    private readonly http: SourceHttp,
    readonly baseUrl: string,
  ) {}

  async verify(accountName: string, authToken: string): Promise<AccountCheck> {
    try {
      const { status, body } = await this.http.request(`${this.baseUrl}/youtube/v3/channels?part=snippet,statistics&mine=true`, {
        method: 'GET',
        headers: { authorization: `Bearer ${authToken}` },
      });
      if (status !== 200) return UNVERIFIED;
      const answer = JSON.parse(body) as {
        items?: { snippet?: { customUrl?: unknown }; statistics?: { subscriberCount?: unknown; hiddenSubscriberCount?: unknown } }[];
      };
      const channel = answer.items?.[0];
      const handle = typeof channel?.snippet?.customUrl === 'string' ? channel.snippet.customUrl.replace(/^@/, '') : null;
      if (!channel || handle === null || handle.toLowerCase() !== accountName.replace(/^@/, '').toLowerCase()) return UNVERIFIED;
      const count = Number(channel.statistics?.subscriberCount);
      const followers = channel.statistics?.hiddenSubscriberCount === true || !Number.isSafeInteger(count) ? 0 : Math.max(0, count);
      return { verified: true, followerCount: followers };
    } catch (error) {
      if (error instanceof SourceError || error instanceof SyntaxError) return UNVERIFIED;
      throw error;
    }
  }

  async ownsPost(): Promise<boolean> {
    return false;
  }
}
