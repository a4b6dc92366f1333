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

/** LinkedIn's error shape. */
function refuse(reply: FastifyReply, status: number, message: string, serviceErrorCode = 100) {
  return reply.code(status).send({ status, serviceErrorCode, message });
}

const MAX_COMMENTARY = 3000;

/**
 * LinkedIn (OAuth 2.0 3-legged, OpenID `userinfo` and the versioned Posts and Social Actions
 * APIs): the consent page (approved at once), token trades with refresh tokens, revocation, member
 * posts (commentary of at most 3,000 characters, no duplicate of a live post, the author must be
 * the member; the URN answered in `x-restli-id`), the member's posts, likes and comments. Posts are
 * kept under their URN, which the controls take (URL-encoded).
 */
export const linkedin: PlatformModule = {
  name: 'linkedin',
  register(app: FastifyInstance) {
    const state = new SocialState();
    acceptForms(app);
    registerControls(app, state);

    const authorised = async (req: FastifyRequest, reply: FastifyReply, versioned = true): Promise<Grant | null> => {
      if (!(await gate(state, reply))) return null;
      const grant = state.grantFor(accessTokenOf(req));
      if (!grant) {
        await refuse(reply, 401, 'Invalid access token', 65600);
        return null;
      }
      if (versioned && !/^\d{6}$/.test(String(req.headers['linkedin-version'] ?? ''))) {
        await refuse(reply, 426, 'A version must be present. Please specify a version by adding the LinkedIn-Version header.', 20);
        return null;
      }
      return grant;
    };
    const person = (grant: Grant) => `urn:li:person:${grant.userId}`;
    const urnOf = (req: FastifyRequest) => decodeURIComponent((req.params as { urn: string }).urn);

    app.get('/oauth/v2/authorization', async (req, reply) => {
      const q = req.query as Record<string, string | undefined>;
      if (!q.client_id || !q.redirect_uri || q.response_type !== 'code' || !q.scope)
        return reply
          .code(400)
          .send({ error: 'invalid_request', error_description: 'client_id, redirect_uri, response_type=code and scope are required' });
      const target = new URL(q.redirect_uri);
      if (q.deny === '1') {
        target.searchParams.set('error', 'user_cancelled_authorize');
      } else {
        const user = state.userFor(q.username ?? `li_member_${state.users.size + 1}`);
        target.searchParams.set('code', state.issueCode(user.id, q.redirect_uri));
      }
      if (q.state) target.searchParams.set('state', q.state);
      return reply.redirect(target.toString(), 302);
    });

    app.post('/oauth/v2/accessToken', async (req, reply) => {
      if (!(await gate(state, reply))) return;
      const p = paramsOf(req) as Record<string, string | undefined>;
      if (!p.client_id || !p.client_secret)
        return reply.code(401).send({ error: 'invalid_client', error_description: 'Client authentication failed' });
      let grant: Grant | null;
      if (p.grant_type === 'authorization_code' && p.code) grant = state.redeemCode(p.code, p.redirect_uri);
      else if (p.grant_type === 'refresh_token' && p.refresh_token) grant = state.refresh(p.refresh_token);
      else return reply.code(400).send({ error: 'invalid_request', error_description: 'A required parameter "grant_type" is missing' });
      if (!grant)
        return reply
          .code(400)
          .send({ error: 'invalid_request', error_description: 'Unable to retrieve access token: authorization code not found' });
      return {
        access_token: grant.accessToken,
        expires_in: Math.round((grant.expiresAt - Date.now()) / 1000),
        refresh_token: grant.refreshToken,
        refresh_token_expires_in: 31_536_000,
        scope: 'openid,profile,w_member_social,r_member_social',
      };
    });

    app.post('/oauth/v2/revoke', async (req, reply) => {
      if (!(await gate(state, reply))) return;
      const token = (paramsOf(req) as { token?: string }).token;
      const grant = token ? state.grants.get(token) : undefined;
      if (grant) state.revokeUser(grant.userId);
      return {};
    });

    app.get('/v2/userinfo', async (req, reply) => {
      const grant = await authorised(req, reply, false);
      if (!grant) return;
      const user = state.users.get(grant.userId)!;
      return {
        sub: user.id,
        name: user.username,
        given_name: user.username,
        email_verified: false,
        locale: { country: 'US', language: 'en' },
      };
    });

    const postView = (p: SocialPost) => ({
      id: p.id,
      author: `urn:li:person:${p.userId}`,
      commentary: p.text,
      visibility: 'PUBLIC',
      lifecycleState: 'PUBLISHED',
      createdAt: new Date(p.createdAt).getTime(),
      publishedAt: new Date(p.createdAt).getTime(),
    });

    app.post('/rest/posts', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const body = (req.body ?? {}) as {
        author?: string;
        commentary?: string;
        lifecycleState?: string;
        content?: { article?: { source?: string } };
      };
      if (body.author !== person(grant)) return refuse(reply, 403, `Not enough permissions to post as ${String(body.author)}`, 100);
      if (typeof body.commentary !== 'string' || !body.commentary.trim())
        return refuse(reply, 422, '/commentary :: the field is required', 100);
      if ([...body.commentary].length > MAX_COMMENTARY)
        return refuse(reply, 422, `/commentary :: length of the text is greater than the maximum allowed (${MAX_COMMENTARY})`, 100);
      const duplicate = [...state.posts.values()].find((p) => p.userId === grant.userId && !p.deleted && p.text === body.commentary);
      if (duplicate) return refuse(reply, 422, `Content is a duplicate of ${duplicate.id}`, 100);
      const post = state.addPost(
        grant.userId,
        body.commentary,
        body.content?.article?.source ? [body.content.article.source] : [],
        'POST',
        null,
        `urn:li:share:${randomId()}`,
      );
      state.publishLog.push({ id: post.id, userId: grant.userId, at: post.createdAt });
      await afterPublish(state);
      return reply.code(201).header('x-restli-id', post.id).send();
    });

    app.get('/rest/posts', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const q = req.query as { q?: string; author?: string; count?: string };
      if (q.q !== 'author' || !q.author) return refuse(reply, 400, 'Invalid query parameters: q=author and author are required', 100);
      const posts = [...state.posts.values()]
        .filter((p) => `urn:li:person:${p.userId}` === q.author && !p.deleted)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, Number(q.count ?? 10));
      return { elements: posts.map(postView), paging: { start: 0, count: posts.length } };
    });

    app.delete('/rest/posts/:urn', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const post = state.livePost(urnOf(req));
      if (post && post.userId === grant.userId) post.deleted = true;
      return reply.code(204).send();
    });

    const target = async (req: FastifyRequest, reply: FastifyReply): Promise<{ grant: Grant; post: SocialPost } | null> => {
      const grant = await authorised(req, reply);
      if (!grant) return null;
      const post = state.livePost(urnOf(req));
      if (!post) {
        await refuse(reply, 404, `Not Found: ${urnOf(req)}`, 100);
        return null;
      }
      return { grant, post };
    };

    app.get('/rest/socialActions/:urn', async (req, reply) => {
      const found = await target(req, reply);
      if (!found) return;
      const { post, grant } = found;
      return {
        target: post.id,
        likesSummary: { totalLikes: post.likes.length, likedByCurrentUser: post.likes.some((l) => l.id === grant.userId) },
        commentsSummary: { aggregatedTotalComments: post.comments.length, totalFirstLevelComments: post.comments.length },
      };
    });

    app.get('/rest/socialActions/:urn/comments', async (req, reply) => {
      const found = await target(req, reply);
      if (!found) return;
      return {
        elements: found.post.comments.map((c) => ({
          id: c.id,
          object: found.post.id,
          actor: c.username,
          message: { text: c.text },
          created: { time: new Date(c.createdAt).getTime() },
        })),
        paging: { start: 0, count: found.post.comments.length },
      };
    });

    app.post('/rest/socialActions/:urn/comments', async (req, reply) => {
      const found = await target(req, reply);
      if (!found) return;
      const body = (req.body ?? {}) as { actor?: string; message?: { text?: string } };
      if (body.actor !== person(found.grant)) return refuse(reply, 403, 'Not enough permissions to comment as this actor', 100);
      if (!body.message?.text) return refuse(reply, 422, '/message/text :: the field is required', 100);
      const user = state.users.get(found.grant.userId)!;
      const comment = { id: randomId(), text: body.message.text, username: user.username, createdAt: new Date().toISOString() };
      found.post.comments.push(comment);
      return reply
        .code(201)
        .header('x-restli-id', comment.id)
        .send({ id: comment.id, message: { text: comment.text } });
    });

    app.get('/rest/socialActions/:urn/likes', async (req, reply) => {
      const found = await target(req, reply);
      if (!found) return;
      return { elements: found.post.likes.map((l) => ({ actor: `urn:li:person:${l.id}`, object: found.post.id })), paging: { start: 0 } };
    });

    app.post('/rest/socialActions/:urn/likes', async (req, reply) => {
      const found = await target(req, reply);
      if (!found) return;
      const user = state.users.get(found.grant.userId)!;
      if (!found.post.likes.some((l) => l.id === user.id)) found.post.likes.push({ id: user.id, username: user.username });
      return reply.code(201).send({ actor: person(found.grant), object: found.post.id });
    });
  },
};
