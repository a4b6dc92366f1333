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

/** TikTok's v2 envelope: `data` and `error` (code `ok` on success). */
function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ data: {}, error: { code, message, log_id: randomId() } });
}
const ok = <T>(data: T) => ({ data, error: { code: 'ok', message: '', log_id: randomId() } });

const MAX_CAPTION = 2200;
const MAX_PHOTOS = 35;

/**
 * TikTok (Login Kit v2 and the Content Posting API): the consent page (approved at once), token
 * trades by `client_key`/`client_secret` with rotating refresh tokens, revocation, `user/info`,
 * direct posts of a video or 1-35 photos (JPEG or WebP) pulled from URLs (a post without either is refused, as
 * TikTok does), the publish status, and video counts through `video/query` and `video/list`.
 */
export const tiktok: PlatformModule = {
  name: 'tiktok',
  register(app: FastifyInstance) {
    const state = new SocialState();
    /** publish_id → the post it made. */
    const publishes = new Map<string, string>();
    acceptForms(app);
    registerControls(app, state);

    const authorised = async (req: FastifyRequest, reply: FastifyReply): Promise<Grant | null> => {
      if (!(await gate(state, reply))) return null;
      const grant = state.grantFor(accessTokenOf(req));
      if (!grant) {
        await refuse(reply, 401, 'access_token_invalid', 'The access token is invalid or not found in the request.');
        return null;
      }
      return grant;
    };

    const videoView = (p: SocialPost) => ({
      id: p.id,
      title: p.text.slice(0, 150),
      video_description: p.text,
      create_time: Math.floor(new Date(p.createdAt).getTime() / 1000),
      share_url: `https://www.tiktok.com/@user/video/${p.id}`,
      like_count: p.likes.length,
      comment_count: p.comments.length,
      share_count: p.shares,
      view_count: p.impressions,
    });

    app.get('/v2/auth/authorize/', async (req, reply) => {
      const q = req.query as Record<string, string | undefined>;
      if (!q.client_key || !q.redirect_uri || q.response_type !== 'code' || !q.scope)
        return reply
          .code(400)
          .send({ error: 'invalid_request', error_description: 'client_key, redirect_uri, response_type=code and scope are required' });
      const target = new URL(q.redirect_uri);
      if (q.deny === '1') target.searchParams.set('error', 'access_denied');
      else
        target.searchParams.set(
          'code',
          state.issueCode(state.userFor(q.username ?? `tiktok_user_${state.users.size + 1}`).id, q.redirect_uri),
        );
      if (q.state) target.searchParams.set('state', q.state);
      return reply.redirect(target.toString(), 302);
    });

    app.post('/v2/oauth/token/', async (req, reply) => {
      if (!(await gate(state, reply))) return;
      const p = paramsOf(req) as Record<string, string | undefined>;
      if (!p.client_key || !p.client_secret)
        return reply.code(400).send({ error: 'invalid_client', error_description: 'Client key or secret is incorrect.' });
      let grant: Grant | null;
      if (p.grant_type === 'authorization_code' && p.code) grant = state.redeemCode(p.code, p.redirect_uri);
      else if (p.grant_type === 'refresh_token' && p.refresh_token) grant = state.refresh(p.refresh_token);
      else return reply.code(400).send({ error: 'invalid_request', error_description: 'grant_type is invalid.' });
      if (!grant)
        return reply
          .code(400)
          .send({ error: 'invalid_grant', error_description: 'Authorization code or refresh token is expired or invalid.' });
      return {
        open_id: grant.userId,
        access_token: grant.accessToken,
        expires_in: Math.round((grant.expiresAt - Date.now()) / 1000),
        refresh_token: grant.refreshToken,
        refresh_expires_in: 31_536_000,
        scope: 'user.info.basic,user.info.stats,video.publish,video.list',
        token_type: 'Bearer',
      };
    });

    app.post('/v2/oauth/revoke/', async (req, reply) => {
      if (!(await gate(state, reply))) return;
      const token = (paramsOf(req) as { token?: string }).token;
      const grant = token ? state.grants.get(token) : undefined;
      if (grant) state.revokeUser(grant.userId);
      return {};
    });

    app.get('/v2/user/info/', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const user = state.users.get(grant.userId)!;
      return ok({ user: { open_id: user.id, username: user.username, display_name: user.username, follower_count: user.followers } });
    });

    const publish = async (req: FastifyRequest, reply: FastifyReply, kind: 'video' | 'content') => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const body = (req.body ?? {}) as {
        post_info?: { title?: string; description?: string };
        source_info?: { source?: string; video_url?: string; photo_images?: string[] };
        media_type?: string;
      };
      const caption = kind === 'video' ? (body.post_info?.title ?? '') : (body.post_info?.description ?? body.post_info?.title ?? '');
      if ([...caption].length > MAX_CAPTION)
        return refuse(reply, 400, 'invalid_params', `The caption is longer than ${MAX_CAPTION} characters.`);
      if (body.source_info?.source !== 'PULL_FROM_URL')
        return refuse(reply, 400, 'invalid_params', 'source_info.source must be PULL_FROM_URL.');
      let media: string[];
      if (kind === 'video') {
        if (!body.source_info.video_url)
          return refuse(reply, 400, 'invalid_params', 'A TikTok post needs a video: source_info.video_url is required.');
        media = [body.source_info.video_url];
      } else {
        const photos = body.source_info.photo_images ?? [];
        if (body.media_type !== 'PHOTO' || photos.length < 1 || photos.length > MAX_PHOTOS)
          return refuse(reply, 400, 'invalid_params', `A TikTok post needs a video or 1 to ${MAX_PHOTOS} photos; this one has none.`);
        const notJpegOrWebp = photos.find((url) => !/\.(jpe?g|webp)(\?|$)/i.test(url));
        if (notJpegOrWebp) return refuse(reply, 400, 'invalid_params', `Photos must be JPG, JPEG or WEBP: ${notJpegOrWebp}`);
        media = photos;
      }
      const post = state.addPost(grant.userId, caption, media, kind === 'video' ? 'VIDEO' : 'PHOTO', null);
      state.publishLog.push({ id: post.id, userId: grant.userId, at: post.createdAt });
      const publishId = `v_pub_url~v2-1.${randomId()}`;
      publishes.set(publishId, post.id);
      await afterPublish(state);
      return ok({ publish_id: publishId });
    };
    app.post('/v2/post/publish/video/init/', (req, reply) => publish(req, reply, 'video'));
    app.post('/v2/post/publish/content/init/', (req, reply) => publish(req, reply, 'content'));

    app.post('/v2/post/publish/status/fetch/', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const postId = publishes.get(String((req.body as { publish_id?: string })?.publish_id ?? ''));
      const post = postId ? state.posts.get(postId) : undefined;
      if (!post || post.userId !== grant.userId) return refuse(reply, 400, 'invalid_publish_id', 'The publish_id does not exist.');
      return ok({ status: 'PUBLISH_COMPLETE', publicaly_available_post_id: [post.id], uploaded_bytes: 0 });
    });

    app.post('/v2/video/query/', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const ids = (req.body as { filters?: { video_ids?: string[] } })?.filters?.video_ids ?? [];
      const videos = ids.map((id) => state.livePost(String(id))).filter((p): p is SocialPost => !!p && p.userId === grant.userId);
      return ok({ videos: videos.map(videoView) });
    });

    app.post('/v2/video/list/', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const max = Math.min(Number((req.body as { max_count?: number })?.max_count ?? 20), 20);
      const videos = [...state.posts.values()]
        .filter((p) => p.userId === grant.userId && !p.deleted)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, max);
      return ok({ videos: videos.map(videoView), cursor: 0, has_more: false });
    });
  },
};
