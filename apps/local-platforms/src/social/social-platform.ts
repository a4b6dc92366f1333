import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Shared by the social platforms' stand-ins: accounts, tokens, posts and the test controls. */

export interface SocialUser {
  id: string;
  username: string;
  followers: number;
}

export interface Grant {
  userId: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  revoked: boolean;
  /** Its refresh token was traded for a new grant: it cannot be traded again. */
  refreshUsed?: boolean;
}

export interface SocialPost {
  id: string;
  userId: string;
  text: string;
  media: string[];
  kind: string;
  createdAt: string;
  /** What the client sent to make it (the stand-in never posts the same container twice). */
  parentId: string | null;
  likes: { id: string; username: string }[];
  comments: { id: string; text: string; username: string; createdAt: string }[];
  shares: number;
  reach: number;
  impressions: number;
  deleted: boolean;
}

export interface Trend {
  name: string;
  volume: number;
}

/** The in-memory state of one platform stand-in. */
export class SocialState {
  readonly users = new Map<string, SocialUser>();
  readonly codes = new Map<string, { userId: string; redirectUri: string; used: boolean }>();
  readonly grants = new Map<string, Grant>();
  readonly posts = new Map<string, SocialPost>();
  trends: Trend[] = [];
  /** Seconds an access token lives; tests shorten it to see refreshes. */
  tokenTtlSeconds = 3600;
  /** While set, the API answers 503 (a platform outage, for retry tests). */
  outage = false;
  /** Added before each API answer (to catch a publisher mid-request). */
  delayMs = 0;
  /** Added after a post is made and before the answer (a publisher that dies meanwhile never learns the id). */
  publishReplyDelayMs = 0;
  /** Every publish request received, in order (tests count them). */
  readonly publishLog: { id: string; userId: string; at: string }[] = [];

  userFor(username: string): SocialUser {
    for (const user of this.users.values()) if (user.username === username) return user;
    const user = { id: String(17_841_400_000_000 + this.users.size * 7919 + Math.floor(Math.random() * 1000)), username, followers: 0 };
    this.users.set(user.id, user);
    return user;
  }

  issueCode(userId: string, redirectUri: string): string {
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { userId, redirectUri, used: false });
    return code;
  }

  /** Trades a code for a grant once; null for an unknown, used or mismatched code. */
  redeemCode(code: string, redirectUri: string | undefined): Grant | null {
    const entry = this.codes.get(code);
    if (!entry || entry.used || (redirectUri !== undefined && redirectUri !== entry.redirectUri)) return null;
    entry.used = true;
    return this.issueGrant(entry.userId);
  }

  issueGrant(userId: string): Grant {
    const grant: Grant = {
      userId,
      accessToken: `at_${randomBytes(18).toString('hex')}`,
      refreshToken: `rt_${randomBytes(18).toString('hex')}`,
      expiresAt: Date.now() + this.tokenTtlSeconds * 1000,
      revoked: false,
    };
    this.grants.set(grant.accessToken, grant);
    this.grants.set(grant.refreshToken, grant);
    return grant;
  }

  /** The grant an access token belongs to, while it is valid. */
  grantFor(accessToken: string | undefined): Grant | null {
    const grant = accessToken ? this.grants.get(accessToken) : undefined;
    if (!grant || grant.revoked || grant.accessToken !== accessToken || grant.expiresAt <= Date.now()) return null;
    return grant;
  }

  /**
   * A new grant for a refresh token (which is used up), or null. The old access token stays
   * valid until it expires, as at Google, TikTok and LinkedIn: a call already under way with it
   * (a publish while the poller refreshes) still goes through.
   */
  refresh(refreshToken: string): Grant | null {
    const grant = this.grants.get(refreshToken);
    if (!grant || grant.revoked || grant.refreshUsed || grant.refreshToken !== refreshToken) return null;
    grant.refreshUsed = true;
    return this.issueGrant(grant.userId);
  }

  revokeUser(userId: string): void {
    for (const grant of this.grants.values()) if (grant.userId === userId) grant.revoked = true;
  }

  addPost(userId: string, text: string, media: string[], kind: string, parentId: string | null, id = randomId()): SocialPost {
    const post: SocialPost = {
      id,
      userId,
      text,
      media,
      kind,
      createdAt: new Date().toISOString(),
      parentId,
      likes: [],
      comments: [],
      shares: 0,
      reach: 0,
      impressions: 0,
      deleted: false,
    };
    this.posts.set(post.id, post);
    return post;
  }

  livePost(id: string): SocialPost | null {
    const post = this.posts.get(id);
    return post && !post.deleted ? post : null;
  }
}

export function randomId(): string {
  return String(BigInt(`0x${randomBytes(7).toString('hex')}`) + 10n ** 17n);
}

/** Form bodies (OAuth token requests) parsed into an object, in this module's scope only. */
export function acceptForms(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
}

/** Bearer token from the header, else `access_token` from the query or body. */
export function accessTokenOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7);
  const fromQuery = (req.query as Record<string, unknown> | undefined)?.access_token;
  if (typeof fromQuery === 'string') return fromQuery;
  const fromBody = (req.body as Record<string, unknown> | undefined)?.access_token;
  return typeof fromBody === 'string' ? fromBody : undefined;
}

/** Parameters from the query and the body together (Graph-style APIs take either). */
export function paramsOf(req: FastifyRequest): Record<string, unknown> {
  const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
  return { ...(req.query as Record<string, unknown>), ...body };
}

/**
 * The controls tests use, under `/_control/...` of the platform: outage and delay switches, token
 * lifetime, likes, comments, views, shares and reach on a post, followers of a user, the trends, and
 * what was published.
 */
export function registerControls(app: FastifyInstance, state: SocialState): void {
  app.post('/_control/outage', async (req) => {
    const body = (req.body ?? {}) as { down?: boolean; delay_ms?: number; publish_reply_delay_ms?: number };
    if (typeof body.down === 'boolean') state.outage = body.down;
    if (typeof body.delay_ms === 'number') state.delayMs = body.delay_ms;
    if (typeof body.publish_reply_delay_ms === 'number') state.publishReplyDelayMs = body.publish_reply_delay_ms;
    return { down: state.outage, delay_ms: state.delayMs, publish_reply_delay_ms: state.publishReplyDelayMs };
  });
  app.post('/_control/token-ttl', async (req) => {
    state.tokenTtlSeconds = Number((req.body as { seconds?: number }).seconds ?? 3600);
    return { seconds: state.tokenTtlSeconds };
  });
  app.post('/_control/expire-tokens', async () => {
    for (const grant of state.grants.values()) grant.expiresAt = Math.min(grant.expiresAt, Date.now() - 1);
    return { expired: true };
  });
  app.post('/_control/posts/:id/likes', async (req, reply) => {
    const post = state.livePost((req.params as { id: string }).id);
    if (!post) return reply.code(404).send({ error: 'no such post' });
    const count = Number((req.body as { count?: number }).count ?? 1);
    for (let i = 0; i < count; i++) post.likes.push({ id: randomId(), username: `fan_${post.likes.length + 1}` });
    return { likes: post.likes.length };
  });
  app.post('/_control/posts/:id/comments', async (req, reply) => {
    const post = state.livePost((req.params as { id: string }).id);
    if (!post) return reply.code(404).send({ error: 'no such post' });
    const body = req.body as { text?: string; username?: string };
    post.comments.push({
      id: randomId(),
      text: body.text ?? 'Nice!',
      username: body.username ?? 'commenter',
      createdAt: new Date().toISOString(),
    });
    return { comments: post.comments.length };
  });
  app.post('/_control/posts/:id/views', async (req, reply) => {
    const post = state.livePost((req.params as { id: string }).id);
    if (!post) return reply.code(404).send({ error: 'no such post' });
    const count = Number((req.body as { count?: number }).count ?? 1);
    post.impressions += count;
    post.reach += count;
    return { id: post.id, views: post.impressions };
  });
  app.post('/_control/posts/:id/metrics', async (req, reply) => {
    const post = state.livePost((req.params as { id: string }).id);
    if (!post) return reply.code(404).send({ error: 'no such post' });
    const body = req.body as { shares?: number; reach?: number; impressions?: number };
    Object.assign(post, {
      shares: body.shares ?? post.shares,
      reach: body.reach ?? post.reach,
      impressions: body.impressions ?? post.impressions,
    });
    return { id: post.id, shares: post.shares, reach: post.reach, impressions: post.impressions };
  });
  app.post('/_control/users/:username/followers', async (req) => {
    const user = state.userFor((req.params as { username: string }).username);
    user.followers = Number((req.body as { count?: number }).count ?? user.followers);
    return { id: user.id, username: user.username, followers: user.followers };
  });
  app.put('/_control/trends', async (req) => {
    state.trends = ((req.body as { trends?: Trend[] }).trends ?? []).map((t) => ({ name: String(t.name), volume: Number(t.volume) }));
    return { trends: state.trends };
  });
  app.get('/_control/users/:username/grants', async (req) => {
    const user = state.userFor((req.params as { username: string }).username);
    const active = new Set([...state.grants.values()].filter((g) => g.userId === user.id && !g.revoked && g.expiresAt > Date.now()));
    return { active: active.size };
  });
  app.get('/_control/posts', async () => ({ posts: [...state.posts.values()] }));
  app.get('/_control/publish-log', async () => ({ published: state.publishLog }));
}

/** Waits `publishReplyDelayMs` after a post was made (call before answering a publish). */
export async function afterPublish(state: SocialState): Promise<void> {
  if (state.publishReplyDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.publishReplyDelayMs));
}

/** Answers 503 during an outage and waits `delayMs` first; call at the top of each API route. */
export async function gate(state: SocialState, reply: FastifyReply): Promise<boolean> {
  if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
  if (state.outage) {
    await reply.code(503).send({ error: { message: 'Service temporarily unavailable', code: 2 } });
    return false;
  }
  return true;
}

export { randomUUID };
