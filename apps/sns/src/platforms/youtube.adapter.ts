import { randomBytes } from 'node:crypto';
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

const SCOPES = 'https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.force-ssl';
/** The largest video the service downloads to upload (YouTube takes far more; a post's media is bounded). */
const MAX_VIDEO_BYTES = 50 * 1024 * 1024;
const TITLE_MAX = 100;

interface GoogleToken {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
}

/**
 * YouTube through the Data API v3 with Google OAuth 2.0 (offline access, so a refresh token):
 * the post's first media is downloaded and uploaded as the video (multipart upload; the text is the
 * description, its first line the title), statistics for metrics, comment threads, and rating.
 * YouTube does not list who liked a video.
 */
export class YouTubeAdapter implements PlatformAdapter {
  readonly platform = 'youtube' as const;
  readonly usesPkce = false;

  constructor(
    private readonly config: PlatformConfig,
    private readonly timeoutMs: number,
  ) {}

  configured(): boolean {
    return !!this.config.clientId && !!this.config.clientSecret;
  }

  private call<T>(path: string, request: Parameters<typeof callPlatform>[2] = {}): Promise<T> {
    return callPlatform<T>('youtube', `${this.config.apiUrl}${path}`, request, this.timeoutMs);
  }

  authorizeUrl(state: string, redirectUri: string): string {
    const url = new URL(`${this.config.authUrl}/o/oauth2/v2/auth`);
    url.searchParams.set('client_id', this.config.clientId ?? '');
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', SCOPES);
    url.searchParams.set('access_type', 'offline');
    url.searchParams.set('prompt', 'consent');
    url.searchParams.set('state', state);
    return url.toString();
  }

  private async token(form: Record<string, string>, previousRefresh: string | null = null): Promise<PlatformTokens> {
    const body = await callPlatform<GoogleToken>(
      'youtube',
      `${this.config.tokenUrl}/token`,
      { form: { client_id: this.config.clientId ?? '', client_secret: this.config.clientSecret ?? '', ...form } },
      this.timeoutMs,
    );
    // Google keeps the refresh token on refresh and sends none back.
    return tokensFromOAuth(body, previousRefresh);
  }

  exchangeCode(code: string, redirectUri: string): Promise<PlatformTokens> {
    return this.token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  }

  refresh(tokens: PlatformTokens): Promise<PlatformTokens> {
    return this.token({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken ?? '' }, tokens.refreshToken);
  }

  async revoke(account: ActingAccount, refreshToken: string | null): Promise<void> {
    await callPlatform(
      'youtube',
      `${this.config.tokenUrl}/revoke`,
      { form: { token: refreshToken ?? account.accessToken } },
      this.timeoutMs,
    );
  }

  async profile(accessToken: string): Promise<PlatformProfile> {
    const found = await this.call<{
      items?: { id: string; snippet?: { title?: string; customUrl?: string }; statistics?: { subscriberCount?: string } }[];
    }>('/youtube/v3/channels?part=snippet,statistics&mine=true', { bearer: accessToken });
    const channel = found.items?.[0];
    if (!channel) throw new PlatformRejected('youtube', 'The account has no YouTube channel', 404);
    return {
      id: channel.id,
      username: channel.snippet?.customUrl ?? channel.snippet?.title ?? channel.id,
      followers: channel.statistics?.subscriberCount !== undefined ? Number(channel.statistics.subscriberCount) : null,
    };
  }

  /** The media's bytes and type, as YouTube would be sent them. */
  private async download(url: string): Promise<{ type: string; bytes: Buffer }> {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs * 5) });
    } catch {
      throw new PlatformUnavailable('youtube');
    }
    if (!response.ok) throw new PlatformRejected('youtube', `the video could not be fetched (HTTP ${response.status})`, 400);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > MAX_VIDEO_BYTES) throw new PlatformRejected('youtube', 'the video is too large', 413);
    return { type: response.headers.get('content-type')?.split(';')[0] ?? 'application/octet-stream', bytes };
  }

  async publish(account: ActingAccount, post: PublishRequest): Promise<PublishedPost> {
    const title = (post.text.split('\n')[0] || 'Video').slice(0, TITLE_MAX);
    const metadata = { snippet: { title, description: post.text }, status: { privacyStatus: 'public' } };
    const path = '/upload/youtube/v3/videos?part=snippet,status';
    let made: { id: string };
    if (!post.media.length) {
      // No video: the metadata alone, which YouTube refuses with its own reason.
      made = await this.call<{ id: string }>(path, { json: metadata, bearer: account.accessToken });
    } else {
      const media = await this.download(post.media[0]);
      const boundary = `sf_${randomBytes(12).toString('hex')}`;
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\ncontent-type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify(metadata)}\r\n`),
        Buffer.from(`--${boundary}\r\ncontent-type: ${media.type}\r\n\r\n`),
        media.bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      made = await this.call<{ id: string }>(`${path}&uploadType=multipart`, {
        raw: { contentType: `multipart/related; boundary=${boundary}`, body },
        bearer: account.accessToken,
      });
    }
    return { externalId: made.id, url: `https://www.youtube.com/watch?v=${made.id}` };
  }

  async findPublished(account: ActingAccount, text: string, since: Date): Promise<PublishedPost | null> {
    const found = await this.call<{ items?: { id: { videoId?: string }; snippet?: { description?: string; publishedAt?: string } }[] }>(
      `/youtube/v3/search?part=snippet&forMine=true&type=video&order=date&maxResults=25&publishedAfter=${encodeURIComponent(since.toISOString())}`,
      { bearer: account.accessToken },
    );
    const hit = (found.items ?? []).find((i) => i.id.videoId && i.snippet?.description === text);
    return hit?.id.videoId ? { externalId: hit.id.videoId, url: `https://www.youtube.com/watch?v=${hit.id.videoId}` } : null;
  }

  async delete(account: ActingAccount, externalId: string): Promise<void> {
    await this.call(`/youtube/v3/videos?id=${encodeURIComponent(externalId)}`, { method: 'DELETE', bearer: account.accessToken });
  }

  async metrics(account: ActingAccount, externalId: string): Promise<PostMetrics> {
    const found = await this.call<{ items?: { statistics?: { viewCount?: string; likeCount?: string; commentCount?: string } }[] }>(
      `/youtube/v3/videos?part=statistics&id=${encodeURIComponent(externalId)}`,
      { bearer: account.accessToken },
    );
    const s = found.items?.[0]?.statistics;
    const views = Number(s?.viewCount ?? 0);
    return { likes: Number(s?.likeCount ?? 0), comments: Number(s?.commentCount ?? 0), shares: 0, reach: views, impressions: views };
  }

  async comments(account: ActingAccount, externalId: string): Promise<PlatformComment[]> {
    const found = await this.call<{
      items?: {
        id: string;
        snippet: {
          topLevelComment: { snippet: { textDisplay?: string; textOriginal?: string; authorDisplayName?: string; publishedAt?: string } };
        };
      }[];
    }>(`/youtube/v3/commentThreads?part=snippet&maxResults=100&videoId=${encodeURIComponent(externalId)}`, { bearer: account.accessToken });
    return (found.items ?? []).map((t) => {
      const c = t.snippet.topLevelComment.snippet;
      return {
        id: t.id,
        text: c.textOriginal ?? c.textDisplay ?? '',
        author: c.authorDisplayName ?? null,
        createdAt: c.publishedAt ?? null,
      };
    });
  }

  async comment(account: ActingAccount, externalId: string, text: string): Promise<PlatformComment> {
    const made = await this.call<{ id: string }>('/youtube/v3/commentThreads?part=snippet', {
      json: { snippet: { videoId: externalId, topLevelComment: { snippet: { textOriginal: text } } } },
      bearer: account.accessToken,
    });
    return { id: made.id, text, author: null, createdAt: new Date().toISOString() };
  }

  async likers(): Promise<PlatformLiker[]> {
    return [];
  }

  async like(account: ActingAccount, externalId: string): Promise<void> {
    await this.call(`/youtube/v3/videos/rate?id=${encodeURIComponent(externalId)}&rating=like`, {
      method: 'POST',
      bearer: account.accessToken,
    });
  }

  async publicProfile(): Promise<PublicProfile | null> {
    return null;
  }
}
