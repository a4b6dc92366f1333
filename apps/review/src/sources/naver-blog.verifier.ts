import type { AccountPlatform } from '@sf/contracts';
import { AccountCheck, AccountVerifier } from './listing-source';
import { SourceError, SourceHttp } from './source-http';

/**
 * Naver blogs (`naver` and `blog` accounts): the token is checked against the blog API's
 * `GET /api/v1/me`, which names the blog it belongs to and its neighbour count; a review URL must
 * be a post of the account's blog (`<base>/<blog id>/<post no>`) that exists.
 */
export class NaverBlogVerifier implements AccountVerifier {
  readonly platforms: readonly AccountPlatform[] = ['naver', 'blog'];

  constructor(
    private readonly http: SourceHttp,
    readonly baseUrl: string,
  ) {}

  async verify(accountName: string, authToken: string): Promise<AccountCheck> {
    try {
      const { status, body } = await this.http.request(`${this.baseUrl}/api/v1/me`, {
        method: 'GET',
        headers: { authorization: `Bearer ${authToken}` },
      });
      if (status !== 200) return { verified: false, followerCount: 0 };
      const me = JSON.parse(body) as { blog_id?: unknown; neighbor_count?: unknown };
      const followers = typeof me.neighbor_count === 'number' && Number.isSafeInteger(me.neighbor_count) ? me.neighbor_count : 0;
      return me.blog_id === accountName ? { verified: true, followerCount: Math.max(0, followers) } : { verified: false, followerCount: 0 };
    } catch (error) {
      if (error instanceof SourceError || error instanceof SyntaxError) return { verified: false, followerCount: 0 };
      throw error;
    }
  }

  async ownsPost(accountName: string, url: string): Promise<boolean> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return false;
    }
    const base = new URL(this.baseUrl);
    // Only the blog platform's own host is ever fetched, and only the account's own posts.
    if (target.origin !== base.origin) return false;
    const prefix = `${base.pathname.replace(/\/+$/, '')}/${accountName}/`;
    if (!target.pathname.startsWith(prefix) || !/^\d+$/.test(target.pathname.slice(prefix.length))) return false;
    try {
      const { status } = await this.http.getPage(this.baseUrl, `${base.origin}${target.pathname}`);
      return status === 200;
    } catch (error) {
      if (error instanceof SourceError) return false;
      throw error;
    }
  }
}
