import type { SnsPlatform, TemplateType } from '@sf/contracts';

/** Tokens a platform granted; the service keeps them encrypted. */
export interface PlatformTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
}

export interface PlatformProfile {
  id: string;
  username: string;
  followers: number | null;
}

export interface PublishRequest {
  text: string;
  /** Fetchable URLs of the images or videos, in order. */
  media: string[];
  templateType: TemplateType;
}

export interface PublishedPost {
  externalId: string;
  url: string | null;
}

export interface PostMetrics {
  likes: number;
  comments: number;
  shares: number;
  reach: number;
  impressions: number;
}

export interface PlatformComment {
  id: string;
  text: string;
  author: string | null;
  createdAt: string | null;
}

export interface PlatformLiker {
  id: string;
  username: string | null;
}

export interface PlatformTrend {
  name: string;
  volume: number;
}

export interface PublicProfile {
  id: string;
  username: string;
  followers: number;
  recentPosts: { id: string; text: string; likes: number; comments: number; createdAt: string }[];
}

/** The connected account an adapter acts as. */
export interface ActingAccount {
  accessToken: string;
  platformUserId: string;
}

/**
 * One social platform, as the service uses it. Each method is one or a few HTTP calls to the
 * platform's API; failures are `PlatformRejected` (final: the platform's reason),
 * `PlatformUnavailable` (transient: retry later) or `PlatformAuthExpired` (refresh, else re-consent).
 */
export interface PlatformAdapter {
  readonly platform: SnsPlatform;
  /** True when the app's credentials for this platform are configured. */
  configured(): boolean;
  /** Whether the consent uses PKCE (a verifier kept with the state). */
  readonly usesPkce: boolean;
  authorizeUrl(state: string, redirectUri: string, codeChallenge: string | null): string;
  exchangeCode(code: string, redirectUri: string, codeVerifier: string | null): Promise<PlatformTokens>;
  refresh(tokens: PlatformTokens): Promise<PlatformTokens>;
  revoke(account: ActingAccount, refreshToken: string | null): Promise<void>;
  profile(accessToken: string): Promise<PlatformProfile>;
  publish(account: ActingAccount, post: PublishRequest): Promise<PublishedPost>;
  /** A post of the account with exactly this text made at or after `since`, if there is one (crash recovery). */
  findPublished(account: ActingAccount, text: string, since: Date): Promise<PublishedPost | null>;
  delete(account: ActingAccount, externalId: string): Promise<void>;
  metrics(account: ActingAccount, externalId: string): Promise<PostMetrics>;
  comments(account: ActingAccount, externalId: string): Promise<PlatformComment[]>;
  comment(account: ActingAccount, externalId: string, text: string): Promise<PlatformComment>;
  likers(account: ActingAccount, externalId: string): Promise<PlatformLiker[]>;
  like(account: ActingAccount, externalId: string): Promise<void>;
  /** What is trending on the platform now; undefined where the platform offers no trends API. */
  trends?(account: ActingAccount): Promise<PlatformTrend[]>;
  /** A public account by its username, with its recent posts; null when there is none. */
  publicProfile(account: ActingAccount, username: string): Promise<PublicProfile | null>;
}
