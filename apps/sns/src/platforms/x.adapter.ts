import type { PlatformConfig } from '../sns.config';
import type {
  ActingAccount,
  PlatformAdapter,
  PlatformComment,
  PlatformLiker,
  PlatformProfile,
  PlatformTokens,
  PlatformTrend,
  PostMetrics,
  PublicProfile,
  PublishedPost,
  PublishRequest,
} from './platform-adapter';
import { callPlatform, tokensFromOAuth } from './platform-http';

const SCOPES = 'tweet.read tweet.write users.read like.read like.write offline.access';

interface Tweet {
  id: string;
  text: string;
  created_at?: string;
  username?: string;
  public_metrics?: { like_count: number; reply_count: number; retweet_count: number; quote_count: number; impression_count?: number };
}

/**
 * X through API v2 with OAuth 2.0 (PKCE, confidential client): tokens that rotate on refresh,
 * posts and replies, public metrics, liking users and likes, recent search for replies.
 */
export class XAdapter implements PlatformAdapter {
  readonly platform = 'twitter' as const;
  readonly usesPkce = true;

  constructor(
    private readonly config: PlatformConfig,
    private readonly timeoutMs: number,
  ) {}

  configured(): boolean {
    return !!this.config.clientId && !!this.config.clientSecret;
  }

  private call<T>(path: string, request: Parameters<typeof callPlatform>[2] = {}): Promise<T> {
    return callPlatform<T>('twitter', `${this.config.apiUrl}${path}`, request, this.timeoutMs);
  }

  private get client() {
    return { user: this.config.clientId ?? '', password: this.config.clientSecret ?? '' };
  }

  authorizeUrl(state: string, redirectUri: string, codeChallenge: string | null): string {
    const url = new URL(`${this.config.authUrl}/i/oauth2/authorize`);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.config.clientId ?? '');
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('scope', SCOPES);
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', codeChallenge ?? '');
    url.searchParams.set('code_challenge_method', 'S256');
    return url.toString();
  }

  async exchangeCode(code: string, redirectUri: string, codeVerifier: string | null): Promise<PlatformTokens> {
    const body = await this.call<{ access_token: string; refresh_token?: string; expires_in?: number }>('/2/oauth2/token', {
      form: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: codeVerifier ?? '',
        client_id: this.client.user,
      },
      basic: this.client,
    });
    return tokensFromOAuth(body);
  }

  async refresh(tokens: PlatformTokens): Promise<PlatformTokens> {
    const body = await this.call<{ access_token: string; refresh_token?: string; expires_in?: number }>('/2/oauth2/token', {
      form: { grant_type: 'refresh_token', refresh_token: tokens.refreshToken ?? '', client_id: this.client.user },
      basic: this.client,
    });
    return tokensFromOAuth(body);
  }

  async revoke(account: ActingAccount, refreshToken: string | null): Promise<void> {
    await this.call('/2/oauth2/revoke', {
      form: { token: refreshToken ?? account.accessToken, client_id: this.client.user },
      basic: this.client,
    });
  }

  async profile(accessToken: string): Promise<PlatformProfile> {
    const me = await this.call<{ data: { id: string; username: string; public_metrics?: { followers_count: number } } }>(
      '/2/users/me?user.fields=public_metrics',
      { bearer: accessToken },
    );
    return { id: me.data.id, username: me.data.username, followers: me.data.public_metrics?.followers_count ?? null };
  }

  async publish(account: ActingAccount, post: PublishRequest): Promise<PublishedPost> {
    const made = await this.call<{ data: { id: string } }>('/2/tweets', { json: { text: post.text }, bearer: account.accessToken });
    return { externalId: made.data.id, url: `https://x.com/i/web/status/${made.data.id}` };
  }

  async findPublished(account: ActingAccount, text: string, since: Date): Promise<PublishedPost | null> {
    const timeline = await this.call<{ data?: Tweet[] }>(
      `/2/users/${encodeURIComponent(account.platformUserId)}/tweets?tweet.fields=created_at&start_time=${encodeURIComponent(since.toISOString())}`,
      { bearer: account.accessToken },
    );
    const found = (timeline.data ?? []).find((t) => t.text === text && (!t.created_at || new Date(t.created_at) >= since));
    return found ? { externalId: found.id, url: `https://x.com/i/web/status/${found.id}` } : null;
  }

  async delete(account: ActingAccount, externalId: string): Promise<void> {
    await this.call(`/2/tweets/${encodeURIComponent(externalId)}`, { method: 'DELETE', bearer: account.accessToken });
  }

  async metrics(account: ActingAccount, externalId: string): Promise<PostMetrics> {
    const tweet = await this.call<{ data?: Tweet }>(`/2/tweets/${encodeURIComponent(externalId)}?tweet.fields=public_metrics`, {
      bearer: account.accessToken,
    });
    const m = tweet.data?.public_metrics;
    return {
      likes: m?.like_count ?? 0,
      comments: m?.reply_count ?? 0,
      shares: (m?.retweet_count ?? 0) + (m?.quote_count ?? 0),
      reach: m?.impression_count ?? 0,
      impressions: m?.impression_count ?? 0,
    };
  }

  async comments(account: ActingAccount, externalId: string): Promise<PlatformComment[]> {
    const found = await this.call<{ data?: Tweet[] }>(
      `/2/tweets/search/recent?${new URLSearchParams({ query: `conversation_id:${externalId}`, 'tweet.fields': 'created_at,author_id' }).toString()}`,
      { bearer: account.accessToken },
    );
    return (found.data ?? []).map((t) => ({ id: t.id, text: t.text, author: t.username ?? null, createdAt: t.created_at ?? null }));
  }

  async comment(account: ActingAccount, externalId: string, text: string): Promise<PlatformComment> {
    const made = await this.call<{ data: { id: string; text: string } }>('/2/tweets', {
      json: { text, reply: { in_reply_to_tweet_id: externalId } },
      bearer: account.accessToken,
    });
    return { id: made.data.id, text: made.data.text, author: null, createdAt: new Date().toISOString() };
  }

  async likers(account: ActingAccount, externalId: string): Promise<PlatformLiker[]> {
    const list = await this.call<{ data?: { id: string; username?: string }[] }>(
      `/2/tweets/${encodeURIComponent(externalId)}/liking_users`,
      {
        bearer: account.accessToken,
      },
    );
    return (list.data ?? []).map((u) => ({ id: u.id, username: u.username ?? null }));
  }

  async trends(account: ActingAccount): Promise<PlatformTrend[]> {
    const found = await this.call<{ data?: { trend_name: string; tweet_count?: number }[] }>('/2/trends/by/woeid/1', {
      bearer: account.accessToken,
    });
    return (found.data ?? []).map((t) => ({ name: t.trend_name, volume: t.tweet_count ?? 0 }));
  }

  async publicProfile(account: ActingAccount, username: string): Promise<PublicProfile | null> {
    const user = await this.call<{ data?: { id: string; username: string; public_metrics?: { followers_count: number } } }>(
      `/2/users/by/username/${encodeURIComponent(username)}?user.fields=public_metrics`,
      { bearer: account.accessToken },
    );
    if (!user.data) return null;
    const tweets = await this.call<{ data?: Tweet[] }>(
      `/2/users/${encodeURIComponent(user.data.id)}/tweets?tweet.fields=public_metrics,created_at&max_results=100`,
      { bearer: account.accessToken },
    );
    return {
      id: user.data.id,
      username: user.data.username,
      followers: user.data.public_metrics?.followers_count ?? 0,
      recentPosts: (tweets.data ?? []).map((t) => ({
        id: t.id,
        text: t.text,
        likes: t.public_metrics?.like_count ?? 0,
        comments: t.public_metrics?.reply_count ?? 0,
        createdAt: t.created_at ?? new Date().toISOString(),
      })),
    };
  }

  async like(account: ActingAccount, externalId: string): Promise<void> {
    await this.call(`/2/users/${encodeURIComponent(account.platformUserId)}/likes`, {
      json: { tweet_id: externalId },
      bearer: account.accessToken,
    });
  }
}
