import type { PlatformConfig } from '../sns.config';
import type {
  ActingAccount,
  PlatformAdapter,
  PlatformComment,
  PlatformLiker,
  PlatformProfile,
  PlatformTokens,
  PostMetrics,
  PublicProfile,
  PublishedPost,
  PublishRequest,
} from './platform-adapter';
import { callPlatform, callPlatformWithHeaders, PlatformRejected, tokensFromOAuth } from './platform-http';

const SCOPES = 'openid profile w_member_social r_member_social';

interface LinkedInToken {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
}

/**
 * LinkedIn through the Posts API (versioned `/rest`) with OAuth 2.0 (3-legged): the member's id
 * from OpenID `userinfo`, posts as `urn:li:person:<id>` (the new post's URN comes back in
 * `x-restli-id`), a media URL shared as an article, likes and comments through Social Actions.
 * LinkedIn reports no follower count nor reach for a member's post to this API level.
 */
export class LinkedInAdapter implements PlatformAdapter {
  readonly platform = 'linkedin' as const;
  readonly usesPkce = false;

  constructor(
    private readonly config: PlatformConfig,
    private readonly timeoutMs: number,
  ) {}

  configured(): boolean {
    return !!this.config.clientId && !!this.config.clientSecret;
  }

  /** The versioned (`/rest`) API's headers; LinkedIn sunsets a version about a year after it ships. */
  private get restHeaders(): Record<string, string> {
    return { 'LinkedIn-Version': this.config.apiVersion ?? '202511', 'X-Restli-Protocol-Version': '2.0.0' };
  }

  private call<T>(path: string, request: Parameters<typeof callPlatform>[2] = {}): Promise<T> {
    return callPlatform<T>('linkedin', `${this.config.apiUrl}${path}`, { ...request, headers: this.restHeaders }, this.timeoutMs);
  }

  private person(account: ActingAccount): string {
    return `urn:li:person:${account.platformUserId}`;
  }

  authorizeUrl(state: string, redirectUri: string): string {
    const url = new URL(`${this.config.authUrl}/oauth/v2/authorization`);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.config.clientId ?? '');
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', state);
    url.searchParams.set('scope', SCOPES);
    return url.toString();
  }

  private async token(form: Record<string, string>): Promise<PlatformTokens> {
    const body = await callPlatform<LinkedInToken>(
      'linkedin',
      `${this.config.tokenUrl}/oauth/v2/accessToken`,
      { form: { ...form, client_id: this.config.clientId ?? '', client_secret: this.config.clientSecret ?? '' } },
      this.timeoutMs,
    );
    return tokensFromOAuth(body);
  }

  exchangeCode(code: string, redirectUri: string): Promise<PlatformTokens> {
    return this.token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  }

  refresh(tokens: PlatformTokens): Promise<PlatformTokens> {
    return this.token({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken ?? '' });
  }

  async revoke(account: ActingAccount): Promise<void> {
    await callPlatform(
      'linkedin',
      `${this.config.tokenUrl}/oauth/v2/revoke`,
      { form: { client_id: this.config.clientId ?? '', client_secret: this.config.clientSecret ?? '', token: account.accessToken } },
      this.timeoutMs,
    );
  }

  async profile(accessToken: string): Promise<PlatformProfile> {
    const me = await callPlatform<{ sub: string; name?: string }>(
      'linkedin',
      `${this.config.apiUrl}/v2/userinfo`,
      { bearer: accessToken },
      this.timeoutMs,
    );
    return { id: me.sub, username: me.name ?? me.sub, followers: null };
  }

  async publish(account: ActingAccount, post: PublishRequest): Promise<PublishedPost> {
    const made = await callPlatformWithHeaders<unknown>(
      'linkedin',
      `${this.config.apiUrl}/rest/posts`,
      {
        bearer: account.accessToken,
        headers: this.restHeaders,
        json: {
          author: this.person(account),
          commentary: post.text,
          visibility: 'PUBLIC',
          distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
          ...(post.media.length ? { content: { article: { source: post.media[0], title: post.text.slice(0, 200) } } } : {}),
          lifecycleState: 'PUBLISHED',
          isReshareDisabledByAuthor: false,
        },
      },
      this.timeoutMs,
    );
    const urn = made.headers.get('x-restli-id');
    if (!urn) throw new PlatformRejected('linkedin', 'LinkedIn did not name the new post', 502);
    return { externalId: urn, url: `https://www.linkedin.com/feed/update/${urn}/` };
  }

  async findPublished(account: ActingAccount, text: string, since: Date): Promise<PublishedPost | null> {
    const found = await this.call<{ elements?: { id: string; commentary?: string; createdAt?: number }[] }>(
      `/rest/posts?q=author&count=20&author=${encodeURIComponent(this.person(account))}`,
      { bearer: account.accessToken },
    );
    const hit = (found.elements ?? []).find((p) => p.commentary === text && (!p.createdAt || p.createdAt >= since.getTime() - 1000));
    return hit ? { externalId: hit.id, url: `https://www.linkedin.com/feed/update/${hit.id}/` } : null;
  }

  async delete(account: ActingAccount, externalId: string): Promise<void> {
    await this.call(`/rest/posts/${encodeURIComponent(externalId)}`, { method: 'DELETE', bearer: account.accessToken });
  }

  async metrics(account: ActingAccount, externalId: string): Promise<PostMetrics> {
    const actions = await this.call<{
      likesSummary?: { totalLikes?: number };
      commentsSummary?: { aggregatedTotalComments?: number };
    }>(`/rest/socialActions/${encodeURIComponent(externalId)}`, { bearer: account.accessToken });
    return {
      likes: actions.likesSummary?.totalLikes ?? 0,
      comments: actions.commentsSummary?.aggregatedTotalComments ?? 0,
      shares: 0,
      reach: 0,
      impressions: 0,
    };
  }

  async comments(account: ActingAccount, externalId: string): Promise<PlatformComment[]> {
    const found = await this.call<{
      elements?: { id: string; actor?: string; message?: { text?: string }; created?: { time?: number } }[];
    }>(`/rest/socialActions/${encodeURIComponent(externalId)}/comments`, { bearer: account.accessToken });
    return (found.elements ?? []).map((c) => ({
      id: c.id,
      text: c.message?.text ?? '',
      author: c.actor ?? null,
      createdAt: c.created?.time ? new Date(c.created.time).toISOString() : null,
    }));
  }

  async comment(account: ActingAccount, externalId: string, text: string): Promise<PlatformComment> {
    const made = await this.call<{ id?: string }>(`/rest/socialActions/${encodeURIComponent(externalId)}/comments`, {
      json: { actor: this.person(account), object: externalId, message: { text } },
      bearer: account.accessToken,
    });
    return { id: made?.id ?? '', text, author: null, createdAt: new Date().toISOString() };
  }

  async likers(account: ActingAccount, externalId: string): Promise<PlatformLiker[]> {
    const found = await this.call<{ elements?: { actor: string }[] }>(`/rest/socialActions/${encodeURIComponent(externalId)}/likes`, {
      bearer: account.accessToken,
    });
    return (found.elements ?? []).map((l) => ({ id: l.actor, username: null }));
  }

  async like(account: ActingAccount, externalId: string): Promise<void> {
    await this.call(`/rest/socialActions/${encodeURIComponent(externalId)}/likes`, {
      json: { actor: this.person(account), object: externalId },
      bearer: account.accessToken,
    });
  }

  async publicProfile(): Promise<PublicProfile | null> {
    return null;
  }
}
