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
import { callPlatform, PlatformRejected } from './platform-http';

const VERSION = 'v21.0';
const SCOPES = 'instagram_business_basic,instagram_business_content_publish,instagram_business_manage_comments';

interface GraphMedia {
  id: string;
  caption?: string;
  timestamp?: string;
  like_count?: number;
  comments_count?: number;
  permalink?: string;
}

/**
 * Instagram through the Graph API with Instagram login: consent and code exchange, long-lived
 * tokens (refreshed, not rotated by a refresh token), media containers published with
 * `media_publish` (a carousel from its items), insights, comments and likes.
 */
export class InstagramAdapter implements PlatformAdapter {
  readonly platform = 'instagram' as const;
  readonly usesPkce = false;

  constructor(
    private readonly config: PlatformConfig,
    private readonly timeoutMs: number,
  ) {}

  configured(): boolean {
    return !!this.config.clientId && !!this.config.clientSecret;
  }

  private graph(path: string, query: Record<string, string> = {}): string {
    const url = new URL(`${this.config.apiUrl}/${VERSION}/${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  }

  private call<T>(url: string, request: Parameters<typeof callPlatform>[2] = {}): Promise<T> {
    return callPlatform<T>('instagram', url, request, this.timeoutMs);
  }

  authorizeUrl(state: string, redirectUri: string): string {
    const url = new URL(`${this.config.authUrl}/oauth/authorize`);
    url.searchParams.set('client_id', this.config.clientId ?? '');
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', SCOPES);
    url.searchParams.set('state', state);
    return url.toString();
  }

  async exchangeCode(code: string, redirectUri: string): Promise<PlatformTokens> {
    const short = await this.call<{ access_token: string }>(`${this.config.authUrl}/oauth/access_token`, {
      form: {
        client_id: this.config.clientId ?? '',
        client_secret: this.config.clientSecret ?? '',
        grant_type: 'authorization_code',
        redirect_uri: redirectUri,
        code,
      },
    });
    const long = await this.call<{ access_token: string; expires_in: number }>(
      `${this.config.apiUrl}/access_token?${new URLSearchParams({
        grant_type: 'ig_exchange_token',
        client_secret: this.config.clientSecret ?? '',
        access_token: short.access_token,
      }).toString()}`,
    );
    return { accessToken: long.access_token, refreshToken: null, expiresAt: new Date(Date.now() + long.expires_in * 1000) };
  }

  async refresh(tokens: PlatformTokens): Promise<PlatformTokens> {
    const fresh = await this.call<{ access_token: string; expires_in: number }>(
      `${this.config.apiUrl}/refresh_access_token?${new URLSearchParams({ grant_type: 'ig_refresh_token', access_token: tokens.accessToken }).toString()}`,
    );
    return { accessToken: fresh.access_token, refreshToken: null, expiresAt: new Date(Date.now() + fresh.expires_in * 1000) };
  }

  async revoke(account: ActingAccount): Promise<void> {
    await this.call(this.graph(`${account.platformUserId}/permissions`), { method: 'DELETE', bearer: account.accessToken });
  }

  async profile(accessToken: string): Promise<PlatformProfile> {
    const me = await this.call<{ user_id: string; username: string; followers_count?: number }>(
      this.graph('me', { fields: 'user_id,username,followers_count' }),
      { bearer: accessToken },
    );
    return { id: String(me.user_id), username: me.username, followers: me.followers_count ?? null };
  }

  async publish(account: ActingAccount, post: PublishRequest): Promise<PublishedPost> {
    const user = account.platformUserId;
    const bearer = account.accessToken;
    let containerId: string;
    if (post.templateType === 'carousel') {
      // Each image becomes a carousel item first; Instagram checks the carousel's size.
      const children: string[] = [];
      for (const url of post.media) {
        const item = await this.call<{ id: string }>(this.graph(`${user}/media`), {
          form: { image_url: url, is_carousel_item: 'true' },
          bearer,
        });
        children.push(item.id);
      }
      containerId = (
        await this.call<{ id: string }>(this.graph(`${user}/media`), {
          form: { media_type: 'CAROUSEL', children: children.join(','), caption: post.text },
          bearer,
        })
      ).id;
    } else {
      const video = ['video', 'reel'].includes(post.templateType);
      const form: Record<string, string> = { caption: post.text };
      if (video) {
        form.media_type = 'REELS';
        if (post.media[0]) form.video_url = post.media[0];
      } else {
        if (post.templateType === 'story') form.media_type = 'STORIES';
        if (post.media[0]) form.image_url = post.media[0];
      }
      containerId = (await this.call<{ id: string }>(this.graph(`${user}/media`), { form, bearer })).id;
    }
    const published = await this.call<{ id: string }>(this.graph(`${user}/media_publish`), { form: { creation_id: containerId }, bearer });
    return { externalId: published.id, url: `https://www.instagram.com/p/${published.id}/` };
  }

  async findPublished(account: ActingAccount, text: string, since: Date): Promise<PublishedPost | null> {
    const media = await this.call<{ data: GraphMedia[] }>(
      this.graph(`${account.platformUserId}/media`, { fields: 'id,caption,timestamp,permalink' }),
      {
        bearer: account.accessToken,
      },
    );
    const found = media.data.find((m) => (m.caption ?? '') === text && m.timestamp && new Date(m.timestamp) >= since);
    return found ? { externalId: found.id, url: found.permalink ?? null } : null;
  }

  async delete(account: ActingAccount, externalId: string): Promise<void> {
    await this.call(this.graph(externalId), { method: 'DELETE', bearer: account.accessToken });
  }

  async metrics(account: ActingAccount, externalId: string): Promise<PostMetrics> {
    const media = await this.call<GraphMedia>(this.graph(externalId, { fields: 'like_count,comments_count' }), {
      bearer: account.accessToken,
    });
    const insights = await this.call<{ data: { name: string; values: { value: number }[] }[] }>(
      this.graph(`${externalId}/insights`, { metric: 'reach,impressions,shares' }),
      { bearer: account.accessToken },
    );
    const value = (name: string) => insights.data.find((d) => d.name === name)?.values[0]?.value ?? 0;
    return {
      likes: media.like_count ?? 0,
      comments: media.comments_count ?? 0,
      shares: value('shares'),
      reach: value('reach'),
      impressions: value('impressions'),
    };
  }

  async comments(account: ActingAccount, externalId: string): Promise<PlatformComment[]> {
    const list = await this.call<{ data: { id: string; text: string; username?: string; timestamp?: string }[] }>(
      this.graph(`${externalId}/comments`, { fields: 'id,text,username,timestamp' }),
      { bearer: account.accessToken },
    );
    return list.data.map((c) => ({ id: c.id, text: c.text, author: c.username ?? null, createdAt: c.timestamp ?? null }));
  }

  async comment(account: ActingAccount, externalId: string, text: string): Promise<PlatformComment> {
    const made = await this.call<{ id: string }>(this.graph(`${externalId}/comments`), {
      form: { message: text },
      bearer: account.accessToken,
    });
    return { id: made.id, text, author: null, createdAt: new Date().toISOString() };
  }

  async likers(account: ActingAccount, externalId: string): Promise<PlatformLiker[]> {
    const list = await this.call<{ data: { id: string; username?: string }[] }>(this.graph(`${externalId}/likes`), {
      bearer: account.accessToken,
    });
    return list.data.map((l) => ({ id: l.id, username: l.username ?? null }));
  }

  /** Business discovery: another professional account's public profile and media. */
  async publicProfile(account: ActingAccount, username: string): Promise<PublicProfile | null> {
    const safe = username.replace(/[^A-Za-z0-9._]/g, '');
    try {
      const found = await this.call<{
        business_discovery?: { id: string; username: string; followers_count?: number; media?: { data: GraphMedia[] } };
      }>(
        this.graph(account.platformUserId, {
          fields: `business_discovery.username(${safe}){id,username,followers_count,media{id,caption,like_count,comments_count,timestamp}}`,
        }),
        { bearer: account.accessToken },
      );
      const d = found.business_discovery;
      if (!d) return null;
      return {
        id: d.id,
        username: d.username,
        followers: d.followers_count ?? 0,
        recentPosts: (d.media?.data ?? []).map((m) => ({
          id: m.id,
          text: m.caption ?? '',
          likes: m.like_count ?? 0,
          comments: m.comments_count ?? 0,
          createdAt: m.timestamp ?? new Date().toISOString(),
        })),
      };
    } catch (error) {
      // Graph answers an unknown username with an error, not an empty result.
      if (error instanceof PlatformRejected) return null;
      throw error;
    }
  }

  async like(account: ActingAccount, externalId: string): Promise<void> {
    const result = await this.call<{ success?: boolean }>(this.graph(`${externalId}/likes`), {
      method: 'POST',
      form: {},
      bearer: account.accessToken,
    });
    if (result?.success === false) throw new PlatformRejected('instagram', 'The like was not accepted', 400);
  }
}
