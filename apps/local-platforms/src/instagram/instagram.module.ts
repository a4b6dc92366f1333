import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformModule } from '../platform-module';
import {
  acceptForms,
  afterPublish,
  accessTokenOf,
  gate,
  Grant,
  paramsOf,
  randomId,
  registerControls,
  SocialState,
} from '../social/social-platform';

const GRAPH = '/:version';
const LONG_LIVED_SECONDS = 60 * 24 * 3600;

/** Instagram's error shape (Graph API). */
function graphError(reply: FastifyReply, status: number, message: string, code = 100, type = 'OAuthException') {
  return reply.code(status).send({ error: { message, type, code, fbtrace_id: randomId() } });
}

interface Container {
  id: string;
  userId: string;
  kind: 'IMAGE' | 'VIDEO' | 'CAROUSEL' | 'REELS' | 'STORIES';
  caption: string;
  media: string[];
  children: string[];
  carouselItem: boolean;
  publishedAs: string | null;
}

/**
 * Instagram (Graph API with Instagram login): the consent page (approved at once), code and
 * token exchanges, long-lived token refresh, media containers and their publishing with
 * Instagram's rules (a carousel holds 2 to 10 media; an image post needs its image), media
 * metrics and insights, comments, likes, and the account's media list.
 */
export const instagram: PlatformModule = {
  name: 'instagram',
  register(app: FastifyInstance) {
    const state = new SocialState();
    const containers = new Map<string, Container>();
    acceptForms(app);
    registerControls(app, state);

    const authorised = async (req: FastifyRequest, reply: FastifyReply): Promise<Grant | null> => {
      if (!(await gate(state, reply))) return null;
      const grant = state.grantFor(accessTokenOf(req));
      if (!grant) {
        await graphError(reply, 401, 'Error validating access token: the session is invalid or has expired.', 190);
        return null;
      }
      return grant;
    };

    // The consent page: approves at once and sends the browser back with a code.
    app.get('/oauth/authorize', async (req, reply) => {
      const q = req.query as Record<string, string | undefined>;
      if (!q.client_id || !q.redirect_uri || q.response_type !== 'code') return graphError(reply, 400, 'Invalid request parameters');
      const target = new URL(q.redirect_uri);
      if (q.deny === '1') {
        target.searchParams.set('error', 'access_denied');
        target.searchParams.set('error_description', 'The user denied your request.');
      } else {
        const user = state.userFor(q.username ?? `ig_user_${state.users.size + 1}`);
        target.searchParams.set('code', state.issueCode(user.id, q.redirect_uri));
      }
      if (q.state) target.searchParams.set('state', q.state);
      return reply.redirect(target.toString(), 302);
    });

    // Short-lived token for a code.
    app.post('/oauth/access_token', async (req, reply) => {
      if (!(await gate(state, reply))) return;
      const p = paramsOf(req) as Record<string, string | undefined>;
      if (!p.client_id || !p.client_secret || p.grant_type !== 'authorization_code' || !p.code) {
        return graphError(reply, 400, 'Missing or invalid parameters');
      }
      const grant = state.redeemCode(p.code, p.redirect_uri);
      if (!grant) return graphError(reply, 400, 'This authorization code has been used or is invalid', 36009);
      grant.expiresAt = Date.now() + 3600_000;
      return {
        access_token: grant.accessToken,
        user_id: grant.userId,
        permissions: ['instagram_business_basic', 'instagram_business_content_publish'],
      };
    });

    // Long-lived token for a short-lived one.
    app.get('/access_token', async (req, reply) => {
      if (!(await gate(state, reply))) return;
      const q = req.query as Record<string, string | undefined>;
      if (q.grant_type !== 'ig_exchange_token' || !q.client_secret) return graphError(reply, 400, 'Invalid grant_type');
      const grant = state.grantFor(q.access_token);
      if (!grant) return graphError(reply, 400, 'Error validating access token', 190);
      grant.revoked = true;
      const long = state.issueGrant(grant.userId);
      long.expiresAt = Date.now() + Math.min(state.tokenTtlSeconds, LONG_LIVED_SECONDS) * 1000;
      return { access_token: long.accessToken, token_type: 'bearer', expires_in: Math.round((long.expiresAt - Date.now()) / 1000) };
    });

    // A long-lived token refreshed (while still valid), as Instagram refreshes them.
    app.get('/refresh_access_token', async (req, reply) => {
      if (!(await gate(state, reply))) return;
      const q = req.query as Record<string, string | undefined>;
      if (q.grant_type !== 'ig_refresh_token') return graphError(reply, 400, 'Invalid grant_type');
      const grant = state.grantFor(q.access_token);
      if (!grant) return graphError(reply, 400, 'Error validating access token: the session has expired.', 190);
      grant.revoked = true;
      const fresh = state.issueGrant(grant.userId);
      return { access_token: fresh.accessToken, token_type: 'bearer', expires_in: Math.round((fresh.expiresAt - Date.now()) / 1000) };
    });

    app.get(`${GRAPH}/me`, async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const user = state.users.get(grant.userId)!;
      return {
        id: user.id,
        user_id: user.id,
        username: user.username,
        followers_count: user.followers,
        media_count: userMedia(user.id).length,
      };
    });

    const userMedia = (userId: string) =>
      [...state.posts.values()].filter((p) => p.userId === userId && !p.deleted).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const mediaView = (p: { id: string; text: string; createdAt: string; likes: unknown[]; comments: unknown[]; kind: string }) => ({
      id: p.id,
      caption: p.text,
      media_type: p.kind,
      timestamp: p.createdAt,
      like_count: p.likes.length,
      comments_count: p.comments.length,
      permalink: `https://www.instagram.com/p/${p.id}/`,
    });

    // A media container: one image or video, a carousel item, or a carousel of earlier items.
    app.post(`${GRAPH}/:id/media`, async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const { id: userId } = req.params as { id: string };
      if (userId !== grant.userId) return graphError(reply, 403, 'The user has not authorized this application', 10);
      const p = paramsOf(req) as Record<string, string | undefined>;
      const type = (p.media_type ?? 'IMAGE').toUpperCase() as Container['kind'];
      const caption = p.caption ?? '';
      if (caption.length > 2200) return graphError(reply, 400, 'The caption is longer than 2,200 characters', 100);
      if (type === 'CAROUSEL') {
        const children = (p.children ?? '').split(',').filter(Boolean);
        if (children.length < 2 || children.length > 10) {
          return graphError(reply, 400, `A carousel must contain between 2 and 10 media items (got ${children.length})`, 100);
        }
        const unknown = children.find((c) => !containers.get(c)?.carouselItem || containers.get(c)?.userId !== grant.userId);
        if (unknown) return graphError(reply, 400, `Invalid carousel item ${unknown}`, 100);
        const id = randomId();
        containers.set(id, {
          id,
          userId,
          kind: type,
          caption,
          media: children.flatMap((c) => containers.get(c)!.media),
          children,
          carouselItem: false,
          publishedAs: null,
        });
        return { id };
      }
      const mediaUrl = type === 'IMAGE' ? p.image_url : p.video_url;
      if (!mediaUrl) return graphError(reply, 400, `The parameter ${type === 'IMAGE' ? 'image_url' : 'video_url'} is required`, 100);
      if (!/^https?:\/\//.test(mediaUrl)) return graphError(reply, 400, 'The media URL is not a valid URL', 100);
      const id = randomId();
      containers.set(id, {
        id,
        userId,
        kind: type,
        caption,
        media: [mediaUrl],
        children: [],
        carouselItem: p.is_carousel_item === 'true',
        publishedAs: null,
      });
      return { id };
    });

    app.post(`${GRAPH}/:id/media_publish`, async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const p = paramsOf(req) as Record<string, string | undefined>;
      const container = p.creation_id ? containers.get(p.creation_id) : undefined;
      if (!container || container.userId !== grant.userId || container.carouselItem)
        return graphError(reply, 400, 'Invalid creation_id', 100);
      // A container is published once; publishing it again answers the same media.
      if (container.publishedAs) return { id: container.publishedAs };
      const post = state.addPost(grant.userId, container.caption, container.media, container.kind, container.id);
      container.publishedAs = post.id;
      state.publishLog.push({ id: post.id, userId: grant.userId, at: post.createdAt });
      await afterPublish(state);
      return { id: post.id };
    });

    app.get(`${GRAPH}/:id/media`, async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      return { data: userMedia((req.params as { id: string }).id).map(mediaView) };
    });

    app.get(`${GRAPH}/:id/insights`, async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const post = state.livePost((req.params as { id: string }).id);
      if (!post || post.userId !== grant.userId) return graphError(reply, 400, 'Unsupported get request. Object does not exist', 100);
      const values: Record<string, number> = {
        reach: post.reach,
        impressions: post.impressions,
        shares: post.shares,
        likes: post.likes.length,
        comments: post.comments.length,
        saved: 0,
      };
      const metrics = String((req.query as { metric?: string }).metric ?? 'reach,impressions').split(',');
      return { data: metrics.filter((m) => m in values).map((name) => ({ name, period: 'lifetime', values: [{ value: values[name] }] })) };
    });

    app.get(`${GRAPH}/:id/comments`, async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const post = state.livePost((req.params as { id: string }).id);
      if (!post) return graphError(reply, 400, 'Unsupported get request. Object does not exist', 100);
      return { data: post.comments.map((c) => ({ id: c.id, text: c.text, username: c.username, timestamp: c.createdAt })) };
    });

    app.post(`${GRAPH}/:id/comments`, async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const post = state.livePost((req.params as { id: string }).id);
      if (!post) return graphError(reply, 400, 'Unsupported post request. Object does not exist', 100);
      const message = (paramsOf(req) as { message?: string }).message;
      if (!message) return graphError(reply, 400, 'The parameter message is required', 100);
      const comment = {
        id: randomId(),
        text: message,
        username: state.users.get(grant.userId)!.username,
        createdAt: new Date().toISOString(),
      };
      post.comments.push(comment);
      return { id: comment.id };
    });

    app.get(`${GRAPH}/:id/likes`, async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const post = state.livePost((req.params as { id: string }).id);
      if (!post) return graphError(reply, 400, 'Unsupported get request. Object does not exist', 100);
      return { data: post.likes };
    });

    app.post(`${GRAPH}/:id/likes`, async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const post = state.livePost((req.params as { id: string }).id);
      if (!post) return graphError(reply, 400, 'Unsupported post request. Object does not exist', 100);
      const user = state.users.get(grant.userId)!;
      if (!post.likes.some((l) => l.id === user.id)) post.likes.push({ id: user.id, username: user.username });
      return { success: true };
    });

    app.get(`${GRAPH}/:id`, async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const fields = String((req.query as { fields?: string }).fields ?? '');
      const discovery = /^business_discovery\.username\(([^)]+)\)/.exec(fields);
      if (discovery) {
        // Business discovery: another account's public profile, asked through the caller's own.
        const user = [...state.users.values()].find((u) => u.username === discovery[1]);
        if (!user) return graphError(reply, 400, `Invalid user id: ${discovery[1]} is not a business or creator account`, 110);
        return {
          id: grant.userId,
          business_discovery: {
            id: user.id,
            username: user.username,
            followers_count: user.followers,
            media: { data: userMedia(user.id).map(mediaView) },
          },
        };
      }
      const post = state.livePost((req.params as { id: string }).id);
      if (!post) return graphError(reply, 400, 'Unsupported get request. Object does not exist', 100);
      return mediaView(post);
    });

    app.delete(`${GRAPH}/:id`, async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const id = (req.params as { id: string }).id;
      if (id === 'me') return graphError(reply, 400, 'Unsupported delete request', 100);
      const post = state.livePost(id);
      if (!post || post.userId !== grant.userId) return graphError(reply, 400, 'Unsupported delete request. Object does not exist', 100);
      post.deleted = true;
      return { success: true };
    });

    // The app's access removed (the user disconnects): every token of the user stops working.
    app.delete(`${GRAPH}/:id/permissions`, async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      state.revokeUser(grant.userId);
      return { success: true };
    });
  },
};
