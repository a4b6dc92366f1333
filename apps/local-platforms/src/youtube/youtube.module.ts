import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformModule } from '../platform-module';
import {
  acceptForms,
  accessTokenOf,
  afterPublish,
  gate,
  Grant,
  paramsOf,
  randomId,
  registerControls,
  SocialPost,
  SocialState,
} from '../social/social-platform';

/** Google's error shape. */
function refuse(reply: FastifyReply, status: number, message: string, reason: string) {
  return reply.code(status).send({ error: { code: status, message, errors: [{ message, domain: 'youtube.video', reason }] } });
}

const TITLE_MAX = 100;

/** The parts of a `multipart/related` body: each part's content type and bytes. */
function multipartParts(contentType: string, body: Buffer): { type: string; bytes: Buffer }[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return [];
  const parts: { type: string; bytes: Buffer }[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString();
      let bytes = part.subarray(headerEnd + 4);
      if (bytes.subarray(bytes.length - 2).toString() === '\r\n') bytes = bytes.subarray(0, bytes.length - 2);
      parts.push({ type: /content-type:\s*([^;\r\n]+)/i.exec(headers)?.[1]?.trim().toLowerCase() ?? '', bytes });
    }
    at = next;
  }
  return parts;
}

const MEDIA_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  jpg: 'image/jpeg',
  png: 'image/png',
};

/**
 * YouTube (Google OAuth 2.0 and the Data API v3): the consent page (approved at once), token
 * trades where a refresh keeps its refresh token, revocation, the user's channel, multipart video
 * uploads (a video is required: metadata alone or an image is refused with Google's reason),
 * statistics, comment threads, rating, deleting, and the channel's own videos by search. Sample
 * media to publish is served at `/_control/media/<name>.<ext>`; `POST /_control/channels`
 * (`handle`, `token`, `subscriber_count`) adds a channel whose owner holds that token.
 */
export const youtube: PlatformModule = {
  name: 'youtube',
  register(app: FastifyInstance) {
    const state = new SocialState();
    acceptForms(app);
    app.addContentTypeParser('multipart/related', { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    registerControls(app, state);

    // A channel whose owner holds `token` (review's verification): a user with a grant of that token.
    app.post('/_control/channels', async (req, reply) => {
      const body = (req.body ?? {}) as { handle?: string; token?: string; subscriber_count?: number };
      if (!body.handle || !body.token) return reply.code(400).send({ error: 'handle and token are required' });
      const user = state.userFor(body.handle.replace(/^@/, ''));
      user.followers = Number(body.subscriber_count ?? 0);
      const grant: Grant = {
        userId: user.id,
        accessToken: body.token,
        refreshToken: `rt_${randomBytes(18).toString('hex')}`,
        expiresAt: Date.now() + 365 * 86_400_000,
        revoked: false,
      };
      state.grants.set(grant.accessToken, grant);
      state.grants.set(grant.refreshToken, grant);
      return reply.code(201).send({ id: `UC${user.id}`, handle: user.username, subscriber_count: user.followers });
    });

    app.get('/_control/media/:name', async (req, reply) => {
      const name = (req.params as { name: string }).name;
      const type = MEDIA_TYPES[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
      return reply.type(type).send(Buffer.concat([Buffer.from(name), randomBytes(2048)]));
    });

    const authorised = async (req: FastifyRequest, reply: FastifyReply): Promise<Grant | null> => {
      if (!(await gate(state, reply))) return null;
      const grant = state.grantFor(accessTokenOf(req));
      if (!grant) {
        await reply
          .code(401)
          .send({ error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } });
        return null;
      }
      return grant;
    };

    const commentsOf = (p: SocialPost) =>
      p.comments.map((c) => ({
        id: c.id,
        snippet: {
          videoId: p.id,
          topLevelComment: {
            id: c.id,
            snippet: { textDisplay: c.text, textOriginal: c.text, authorDisplayName: c.username, publishedAt: c.createdAt },
          },
        },
      }));

    app.get('/o/oauth2/v2/auth', async (req, reply) => {
      const q = req.query as Record<string, string | undefined>;
      if (!q.client_id || !q.redirect_uri || q.response_type !== 'code' || !q.scope)
        return reply.code(400).send({
          error: 'invalid_request',
          error_description: 'Required parameter is missing: client_id, redirect_uri, response_type or scope',
        });
      const target = new URL(q.redirect_uri);
      if (q.deny === '1') target.searchParams.set('error', 'access_denied');
      else
        target.searchParams.set('code', state.issueCode(state.userFor(q.username ?? `yt_user_${state.users.size + 1}`).id, q.redirect_uri));
      if (q.state) target.searchParams.set('state', q.state);
      return reply.redirect(target.toString(), 302);
    });

    app.post('/token', async (req, reply) => {
      if (!(await gate(state, reply))) return;
      const p = paramsOf(req) as Record<string, string | undefined>;
      if (!p.client_id || !p.client_secret)
        return reply.code(401).send({ error: 'invalid_client', error_description: 'The OAuth client was not found.' });
      if (p.grant_type === 'authorization_code' && p.code) {
        const grant = state.redeemCode(p.code, p.redirect_uri);
        if (!grant) return reply.code(400).send({ error: 'invalid_grant', error_description: 'Malformed auth code.' });
        return {
          access_token: grant.accessToken,
          expires_in: Math.round((grant.expiresAt - Date.now()) / 1000),
          refresh_token: grant.refreshToken,
          scope: 'https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.force-ssl',
          token_type: 'Bearer',
        };
      }
      if (p.grant_type === 'refresh_token' && p.refresh_token) {
        // Google keeps the refresh token: a new access token on the same grant.
        const grant = state.grants.get(p.refresh_token);
        if (!grant || grant.revoked || grant.refreshToken !== p.refresh_token)
          return reply.code(400).send({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
        // The old access token stays valid until it expires, as at Google.
        state.grants.set(grant.accessToken, { ...grant, refreshToken: '', refreshUsed: true });
        grant.accessToken = `at_${randomBytes(18).toString('hex')}`;
        grant.expiresAt = Date.now() + state.tokenTtlSeconds * 1000;
        state.grants.set(grant.accessToken, grant);
        return { access_token: grant.accessToken, expires_in: state.tokenTtlSeconds, token_type: 'Bearer' };
      }
      return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'Invalid grant_type.' });
    });

    app.post('/revoke', async (req, reply) => {
      if (!(await gate(state, reply))) return;
      const token = (paramsOf(req) as { token?: string }).token;
      const grant = token ? state.grants.get(token) : undefined;
      if (!grant) return reply.code(400).send({ error: 'invalid_token', error_description: 'Token expired or revoked' });
      state.revokeUser(grant.userId);
      return {};
    });

    app.get('/youtube/v3/channels', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      if ((req.query as { mine?: string }).mine !== 'true')
        return refuse(reply, 400, 'No filter selected. Expected one of: mine', 'missingRequiredParameter');
      const user = state.users.get(grant.userId)!;
      const videos = [...state.posts.values()].filter((p) => p.userId === user.id && !p.deleted).length;
      return {
        kind: 'youtube#channelListResponse',
        items: [
          {
            kind: 'youtube#channel',
            id: `UC${user.id}`,
            snippet: { title: user.username, customUrl: `@${user.username}` },
            statistics: {
              subscriberCount: String(user.followers),
              hiddenSubscriberCount: false,
              videoCount: String(videos),
              viewCount: '0',
            },
          },
        ],
      };
    });

    app.post('/upload/youtube/v3/videos', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const contentType = String(req.headers['content-type'] ?? '');
      let metadata: { snippet?: { title?: string; description?: string } } = {};
      let media: { type: string; bytes: Buffer } | undefined;
      if (contentType.startsWith('multipart/related') && Buffer.isBuffer(req.body)) {
        const parts = multipartParts(contentType, req.body);
        try {
          metadata = JSON.parse(parts[0]?.bytes.toString() ?? '{}');
        } catch {
          return refuse(reply, 400, 'The video metadata is not valid JSON.', 'parseError');
        }
        media = parts[1];
      } else if (req.body && typeof req.body === 'object') metadata = req.body as typeof metadata;
      if (!media || !media.bytes.length) return refuse(reply, 400, 'The request does not include the video content.', 'mediaBodyRequired');
      if (!media.type.startsWith('video/') && media.type !== 'application/octet-stream')
        return refuse(
          reply,
          400,
          `Media type '${media.type}' is not supported. Valid media types: [video/*, application/octet-stream]`,
          'badContent',
        );
      const title = metadata.snippet?.title ?? '';
      if (!title.trim() || [...title].length > TITLE_MAX)
        return refuse(reply, 400, 'The request metadata specifies an invalid video title.', 'invalidTitle');
      const id = randomBytes(8).toString('base64url').slice(0, 11);
      const post = state.addPost(
        grant.userId,
        metadata.snippet?.description ?? title,
        [`${media.type}:${media.bytes.length}`],
        'VIDEO',
        null,
        id,
      );
      state.publishLog.push({ id: post.id, userId: grant.userId, at: post.createdAt });
      await afterPublish(state);
      return {
        kind: 'youtube#video',
        id: post.id,
        snippet: { title, description: post.text, publishedAt: post.createdAt, channelId: `UC${grant.userId}` },
        status: { uploadStatus: 'uploaded', privacyStatus: 'public' },
      };
    });

    app.get('/youtube/v3/videos', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const ids = String((req.query as { id?: string }).id ?? '').split(',');
      const items = ids.map((id) => state.livePost(id)).filter((p): p is SocialPost => !!p);
      return {
        kind: 'youtube#videoListResponse',
        items: items.map((p) => ({
          kind: 'youtube#video',
          id: p.id,
          statistics: {
            viewCount: String(p.impressions),
            likeCount: String(p.likes.length),
            favoriteCount: '0',
            commentCount: String(p.comments.length),
          },
        })),
      };
    });

    app.delete('/youtube/v3/videos', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const post = state.livePost(String((req.query as { id?: string }).id ?? ''));
      if (!post || post.userId !== grant.userId)
        return refuse(reply, 404, 'The video that you are trying to delete cannot be found.', 'videoNotFound');
      post.deleted = true;
      return reply.code(204).send();
    });

    app.post('/youtube/v3/videos/rate', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const q = req.query as { id?: string; rating?: string };
      const post = state.livePost(String(q.id ?? ''));
      if (!post) return refuse(reply, 404, 'The video that you are trying to rate cannot be found.', 'videoNotFound');
      const user = state.users.get(grant.userId)!;
      if (q.rating === 'like' && !post.likes.some((l) => l.id === user.id)) post.likes.push({ id: user.id, username: user.username });
      return reply.code(204).send();
    });

    app.get('/youtube/v3/commentThreads', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const post = state.livePost(String((req.query as { videoId?: string }).videoId ?? ''));
      if (!post) return refuse(reply, 404, 'The video identified by the videoId parameter could not be found.', 'videoNotFound');
      return { kind: 'youtube#commentThreadListResponse', items: commentsOf(post) };
    });

    app.post('/youtube/v3/commentThreads', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const snippet = (req.body as { snippet?: { videoId?: string; topLevelComment?: { snippet?: { textOriginal?: string } } } })?.snippet;
      const post = state.livePost(String(snippet?.videoId ?? ''));
      if (!post) return refuse(reply, 404, 'The video identified by the videoId parameter could not be found.', 'videoNotFound');
      const text = snippet?.topLevelComment?.snippet?.textOriginal;
      if (!text) return refuse(reply, 400, 'The comment text is required.', 'commentTextRequired');
      const user = state.users.get(grant.userId)!;
      const comment = { id: randomId(), text, username: user.username, createdAt: new Date().toISOString() };
      post.comments.push(comment);
      return { kind: 'youtube#commentThread', id: comment.id, snippet: { videoId: post.id } };
    });

    app.get('/youtube/v3/search', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const after = (req.query as { publishedAfter?: string }).publishedAfter;
      const mine = [...state.posts.values()]
        .filter((p) => p.userId === grant.userId && !p.deleted && (!after || p.createdAt >= after))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return {
        kind: 'youtube#searchListResponse',
        items: mine.map((p) => ({
          id: { kind: 'youtube#video', videoId: p.id },
          snippet: { description: p.text, publishedAt: p.createdAt },
        })),
      };
    });
  },
};
