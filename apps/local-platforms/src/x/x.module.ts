import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformModule } from '../platform-module';
import {
  acceptForms,
  afterPublish,
  accessTokenOf,
  gate,
  Grant,
  paramsOf,
  registerControls,
  SocialState,
  SocialPost,
} from '../social/social-platform';

/** X's v2 error shape. */
function problem(reply: FastifyReply, status: number, title: string, detail: string) {
  return reply
    .code(status)
    .send({ title, detail, type: `https://api.twitter.com/2/problems/${title.toLowerCase().replace(/\s+/g, '-')}`, status });
}

const MAX_TWEET = 280;

/**
 * X (API v2 with OAuth 2.0 and PKCE): the consent page (approved at once), token exchange with
 * rotating refresh tokens, revocation, `users/me`, posting (replies too), deleting, public
 * metrics, liking users and likes, recent search by conversation, and a user's timeline.
 */
export const x: PlatformModule = {
  name: 'x',
  register(app: FastifyInstance) {
    const state = new SocialState();
    const challenges = new Map<string, string>();
    acceptForms(app);
    registerControls(app, state);

    const authorised = async (req: FastifyRequest, reply: FastifyReply): Promise<Grant | null> => {
      if (!(await gate(state, reply))) return null;
      const grant = state.grantFor(accessTokenOf(req));
      if (!grant) {
        await problem(reply, 401, 'Unauthorized', 'Unauthorized');
        return null;
      }
      return grant;
    };

    const tweetView = (p: SocialPost) => ({
      id: p.id,
      text: p.text,
      author_id: p.userId,
      created_at: p.createdAt,
      conversation_id: p.parentId ?? p.id,
      public_metrics: {
        like_count: p.likes.length,
        reply_count: [...state.posts.values()].filter((r) => r.parentId === p.id && !r.deleted).length + p.comments.length,
        retweet_count: p.shares,
        quote_count: 0,
        impression_count: p.impressions,
      },
    });

    app.get('/i/oauth2/authorize', async (req, reply) => {
      const q = req.query as Record<string, string | undefined>;
      if (!q.client_id || !q.redirect_uri || q.response_type !== 'code' || !q.code_challenge) {
        return problem(reply, 400, 'Invalid Request', 'client_id, redirect_uri, response_type=code and code_challenge are required');
      }
      const target = new URL(q.redirect_uri);
      if (q.deny === '1') target.searchParams.set('error', 'access_denied');
      else {
        const user = state.userFor(q.username ?? `x_user_${state.users.size + 1}`);
        const code = state.issueCode(user.id, q.redirect_uri);
        challenges.set(code, q.code_challenge);
        target.searchParams.set('code', code);
      }
      if (q.state) target.searchParams.set('state', q.state);
      return reply.redirect(target.toString(), 302);
    });

    app.post('/2/oauth2/token', async (req, reply) => {
      if (!(await gate(state, reply))) return;
      const p = paramsOf(req) as Record<string, string | undefined>;
      let grant: Grant | null;
      if (p.grant_type === 'authorization_code' && p.code) {
        const challenge = challenges.get(p.code);
        const { createHash } = await import('node:crypto');
        const expected = p.code_verifier ? createHash('sha256').update(p.code_verifier).digest('base64url') : null;
        if (!challenge || challenge !== expected)
          return reply
            .code(400)
            .send({ error: 'invalid_request', error_description: 'Value passed for the authorization code was invalid.' });
        grant = state.redeemCode(p.code, p.redirect_uri);
      } else if (p.grant_type === 'refresh_token' && p.refresh_token) {
        grant = state.refresh(p.refresh_token);
      } else {
        return reply.code(400).send({ error: 'invalid_request', error_description: 'Missing required parameter [grant_type].' });
      }
      if (!grant) return reply.code(400).send({ error: 'invalid_grant', error_description: 'Value passed for the token was invalid.' });
      return {
        token_type: 'bearer',
        expires_in: Math.round((grant.expiresAt - Date.now()) / 1000),
        access_token: grant.accessToken,
        refresh_token: grant.refreshToken,
        scope: 'tweet.read tweet.write users.read like.read like.write offline.access',
      };
    });

    app.post('/2/oauth2/revoke', async (req, reply) => {
      if (!(await gate(state, reply))) return;
      const token = (paramsOf(req) as { token?: string }).token;
      const grant = token ? state.grants.get(token) : undefined;
      if (grant) state.revokeUser(grant.userId);
      return { revoked: true };
    });

    app.get('/2/users/me', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const user = state.users.get(grant.userId)!;
      return { data: { id: user.id, name: user.username, username: user.username, public_metrics: { followers_count: user.followers } } };
    });

    app.get('/2/users/by/username/:username', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const username = (req.params as { username: string }).username;
      const user = [...state.users.values()].find((u) => u.username === username);
      if (!user) return reply.send({ errors: [{ title: 'Not Found Error', detail: `Could not find user with username: [${username}].` }] });
      return { data: { id: user.id, username: user.username, name: user.username, public_metrics: { followers_count: user.followers } } };
    });

    app.get('/2/users/:id/tweets', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const id = (req.params as { id: string }).id;
      const tweets = [...state.posts.values()].filter((p) => p.userId === id && !p.deleted && !p.parentId);
      return { data: tweets.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(tweetView), meta: { result_count: tweets.length } };
    });

    app.post('/2/tweets', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const body = (req.body ?? {}) as { text?: string; reply?: { in_reply_to_tweet_id?: string }; media?: { media_ids?: string[] } };
      if (typeof body.text !== 'string' || !body.text.trim())
        return problem(reply, 400, 'Invalid Request', 'One or more parameters to your request was invalid.');
      if ([...body.text].length > MAX_TWEET) return problem(reply, 403, 'Forbidden', 'Your Tweet text is too long.');
      const parentId = body.reply?.in_reply_to_tweet_id ?? null;
      if (parentId && !state.livePost(parentId))
        return problem(reply, 400, 'Invalid Request', 'The Tweet you are replying to does not exist.');
      const duplicate = [...state.posts.values()].find((p) => p.userId === grant.userId && !p.deleted && p.text === body.text && !parentId);
      if (duplicate) return problem(reply, 403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
      const post = state.addPost(grant.userId, body.text, body.media?.media_ids ?? [], 'TWEET', parentId);
      if (!parentId) {
        state.publishLog.push({ id: post.id, userId: grant.userId, at: post.createdAt });
        await afterPublish(state);
      }
      return reply.code(201).send({ data: { id: post.id, text: post.text } });
    });

    app.get('/2/tweets/search/recent', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const query = String((req.query as { query?: string }).query ?? '');
      const conversation = /conversation_id:(\d+)/.exec(query)?.[1];
      const replies = [...state.posts.values()].filter((p) => conversation && p.parentId === conversation && !p.deleted);
      const added = conversation ? (state.livePost(conversation)?.comments ?? []) : [];
      const users = [...state.users.values()];
      return {
        data: [
          ...replies.map((r) => ({
            id: r.id,
            text: r.text,
            author_id: r.userId,
            created_at: r.createdAt,
            username: users.find((u) => u.id === r.userId)?.username,
          })),
          ...added.map((c) => ({ id: c.id, text: c.text, author_id: null, created_at: c.createdAt, username: c.username })),
        ],
        meta: { result_count: replies.length + added.length },
      };
    });

    app.get('/2/tweets/:id/liking_users', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const post = state.livePost((req.params as { id: string }).id);
      if (!post) return problem(reply, 404, 'Not Found Error', 'Could not find tweet');
      return {
        data: post.likes.map((l) => ({ id: l.id, username: l.username, name: l.username })),
        meta: { result_count: post.likes.length },
      };
    });

    app.post('/2/users/:id/likes', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      if ((req.params as { id: string }).id !== grant.userId)
        return problem(reply, 403, 'Forbidden', 'You are not permitted to perform this action.');
      const post = state.livePost(String((req.body as { tweet_id?: string })?.tweet_id ?? ''));
      if (!post) return problem(reply, 400, 'Invalid Request', 'The tweet does not exist.');
      const user = state.users.get(grant.userId)!;
      if (!post.likes.some((l) => l.id === user.id)) post.likes.push({ id: user.id, username: user.username });
      return { data: { liked: true } };
    });

    app.get('/2/tweets/:id', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const post = state.livePost((req.params as { id: string }).id);
      if (!post) return reply.send({ errors: [{ title: 'Not Found Error', detail: 'Could not find tweet.' }] });
      return { data: tweetView(post) };
    });

    app.delete('/2/tweets/:id', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      const post = state.livePost((req.params as { id: string }).id);
      if (!post || post.userId !== grant.userId) return { data: { deleted: false } };
      post.deleted = true;
      return { data: { deleted: true } };
    });

    app.get('/2/trends/by/woeid/:woeid', async (req, reply) => {
      const grant = await authorised(req, reply);
      if (!grant) return;
      return { data: state.trends.map((t) => ({ trend_name: t.name, tweet_count: t.volume })) };
    });
  },
};
