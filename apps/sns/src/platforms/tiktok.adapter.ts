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
import { callPlatform, PlatformRejected, PlatformUnavailable, tokensFromOAuth } from './platform-http';

const SCOPES = 'user.info.basic,user.info.stats,video.publish,video.list';
const VIDEO_FIELDS = 'id,title,video_description,create_time,share_url,like_count,comment_count,share_count,view_count';
/** How often, and how far apart, the publish status is read before the post counts as still processing. */
const STATUS_POLLS = 10;
const STATUS_POLL_MS = 300;

interface TikTokToken {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  open_id?: string;
}

interface TikTokVideo {
  id: string;
  title?: string;
  video_description?: string;
  create_time?: number;
  share_url?: string;
  like_count?: number;
  comment_count?: number;
  share_count?: number;
  view_count?: number;
}

/** TikTok answers 200 with `error.code` other than `ok` for some refusals. */
interface Envelope<T> {
  data: T;
  error?: { code: string; message: string };
}

const isVideo = (url: string) => /\.(mp4|mov|webm)(\?|$)/i.test(url);

/**
 * TikTok through the Content Posting API (v2) with Login Kit: `client_key`/`client_secret` token
 * trades with rotating refresh tokens, direct posts pulled from the media URL (a video, or up to 35
 * photos), the publish status read until TikTok names the post, and video counts from the Display API.
 * TikTok offers no API to read or write comments or likes, nor to look up another account.
 */
export class TikTokAdapter implements PlatformAdapter {
  readonly platform = 'tiktok' as const;
  readonly usesPkce = false;

  constructor(
    private readonly config: PlatformConfig,
    private readonly timeoutMs: number,
  ) {}

  configured(): boolean {
    return !!this.config.clientId && !!this.config.clientSecret;
  }

  private async call<T>(path: string, request: Parameters<typeof callPlatform>[2] = {}): Promise<T> {
    const body = await callPlatform<Envelope<T>>('tiktok', `${this.config.apiUrl}${path}`, request, this.timeoutMs);
    if (body?.error && body.error.code !== 'ok') throw new PlatformRejected('tiktok', body.error.message || body.error.code, 400);
    return body?.data;
  }

  authorizeUrl(state: string, redirectUri: string): string {
    const url = new URL(`${this.config.authUrl}/v2/auth/authorize/`);
    url.searchParams.set('client_key', this.config.clientId ?? '');
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', SCOPES);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', state);
    return url.toString();
  }

  private async token(form: Record<string, string>): Promise<PlatformTokens> {
    const body = await callPlatform<TikTokToken>(
      'tiktok',
      `${this.config.tokenUrl}/v2/oauth/token/`,
      { form: { client_key: this.config.clientId ?? '', client_secret: this.config.clientSecret ?? '', ...form } },
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
      'tiktok',
      `${this.config.tokenUrl}/v2/oauth/revoke/`,
      { form: { client_key: this.config.clientId ?? '', client_secret: this.config.clientSecret ?? '', token: account.accessToken } },
      this.timeoutMs,
    );
  }

  async profile(accessToken: string): Promise<PlatformProfile> {
    const data = await this.call<{ user: { open_id: string; username?: string; display_name?: string; follower_count?: number } }>(
      '/v2/user/info/?fields=open_id,username,display_name,follower_count',
      { bearer: accessToken },
    );
    return {
      id: data.user.open_id,
      username: data.user.username ?? data.user.display_name ?? data.user.open_id,
      followers: data.user.follower_count ?? null,
    };
  }

  async publish(account: ActingAccount, post: PublishRequest): Promise<PublishedPost> {
    const video = post.media.find(isVideo);
    const started = video
      ? await this.call<{ publish_id: string }>('/v2/post/publish/video/init/', {
          bearer: account.accessToken,
          json: {
            post_info: { title: post.text, privacy_level: 'PUBLIC_TO_EVERYONE' },
            source_info: { source: 'PULL_FROM_URL', video_url: video },
          },
        })
      : await this.call<{ publish_id: string }>('/v2/post/publish/content/init/', {
          bearer: account.accessToken,
          json: {
            post_info: { title: post.text.slice(0, 90), description: post.text, privacy_level: 'PUBLIC_TO_EVERYONE' },
            source_info: { source: 'PULL_FROM_URL', photo_images: post.media, photo_cover_index: 0 },
            post_mode: 'DIRECT_POST',
            media_type: 'PHOTO',
          },
        });
    for (let attempt = 0; attempt < STATUS_POLLS; attempt++) {
      const status = await this.call<{ status: string; fail_reason?: string; publicaly_available_post_id?: (string | number)[] }>(
        '/v2/post/publish/status/fetch/',
        { bearer: account.accessToken, json: { publish_id: started.publish_id } },
      );
      if (status.status === 'FAILED') throw new PlatformRejected('tiktok', status.fail_reason ?? 'publish failed', 400);
      const id = status.publicaly_available_post_id?.[0];
      if (status.status === 'PUBLISH_COMPLETE' && id !== undefined) return { externalId: String(id), url: null };
      await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
    }
    throw new PlatformUnavailable('tiktok');
  }

  async findPublished(account: ActingAccount, text: string, since: Date): Promise<PublishedPost | null> {
    const data = await this.call<{ videos?: TikTokVideo[] }>(`/v2/video/list/?fields=${VIDEO_FIELDS}`, {
      bearer: account.accessToken,
      json: { max_count: 20 },
    });
    const found = (data.videos ?? []).find(
      (v) => (v.title === text || v.video_description === text) && (!v.create_time || v.create_time * 1000 >= since.getTime() - 1000),
    );
    return found ? { externalId: found.id, url: found.share_url ?? null } : null;
  }

  async delete(): Promise<void> {
    throw new PlatformRejected('tiktok', 'TikTok offers no API to delete a post', 400);
  }

  async metrics(account: ActingAccount, externalId: string): Promise<PostMetrics> {
    const data = await this.call<{ videos?: TikTokVideo[] }>(`/v2/video/query/?fields=${VIDEO_FIELDS}`, {
      bearer: account.accessToken,
      json: { filters: { video_ids: [externalId] } },
    });
    const v = data.videos?.[0];
    return {
      likes: v?.like_count ?? 0,
      comments: v?.comment_count ?? 0,
      shares: v?.share_count ?? 0,
      reach: v?.view_count ?? 0,
      impressions: v?.view_count ?? 0,
    };
  }

  async comments(): Promise<PlatformComment[]> {
    return [];
  }

  async comment(): Promise<PlatformComment> {
    throw new PlatformRejected('tiktok', 'TikTok offers no API to comment', 400);
  }

  async likers(): Promise<PlatformLiker[]> {
    return [];
  }

  async like(): Promise<void> {
    throw new PlatformRejected('tiktok', 'TikTok offers no API to like', 400);
  }

  async publicProfile(): Promise<PublicProfile | null> {
    return null;
  }
}
