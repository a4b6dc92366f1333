import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PlatformModule } from '../platform-module';

interface Channel {
  id: string;
  /** The channel's handle without the `@`. */
  handle: string;
  title: string;
  /** The OAuth access token of the channel's owner. */
  token: string;
  subscriberCount: number;
}

/** YouTube's error shape (Data API v3). */
function apiError(reply: FastifyReply, status: number, message: string, reason: string) {
  return reply.code(status).send({ error: { code: status, message, errors: [{ message, domain: 'global', reason }] } });
}

/**
 * YouTube, only as far as channels go: `GET /youtube/v3/channels?mine=true`, the channel of the
 * bearer token's owner in the Data API's shape (401 for an unknown token), and
 * `POST /_control/channels` to add a channel (`handle`, `token`, `subscriber_count`).
 */
export const youtube: PlatformModule = {
  name: 'youtube',
  register(app: FastifyInstance) {
    const channels = new Map<string, Channel>();
    app.post('/_control/channels', async (req, reply) => {
      const body = (req.body ?? {}) as { handle?: string; token?: string; title?: string; subscriber_count?: number };
      if (!body.handle || !body.token) return reply.code(400).send({ error: 'handle and token are required' });
      const handle = body.handle.replace(/^@/, '');
      const channel = {
        id: `UC${randomBytes(11).toString('base64url')}`,
        handle,
        title: body.title ?? handle,
        token: body.token,
        subscriberCount: Number(body.subscriber_count ?? 0),
      };
      channels.set(channel.id, channel);
      return reply.code(201).send({ id: channel.id, handle: channel.handle, subscriber_count: channel.subscriberCount });
    });
    app.get('/youtube/v3/channels', async (req, reply) => {
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token) return apiError(reply, 401, 'Request is missing required authentication credential.', 'required');
      const owner = [...channels.values()].find((c) => c.token === token);
      if (!owner) return apiError(reply, 401, 'Request had invalid authentication credentials.', 'authError');
      if ((req.query as { mine?: string }).mine !== 'true') {
        return apiError(reply, 400, 'No filter selected. Expected one of: mine', 'missingRequiredParameter');
      }
      const found = [owner];
      return {
        kind: 'youtube#channelListResponse',
        pageInfo: { totalResults: found.length, resultsPerPage: 5 },
        items: found.map((c) => ({
          kind: 'youtube#channel',
          id: c.id,
          snippet: { title: c.title, customUrl: `@${c.handle}` },
          statistics: { subscriberCount: String(c.subscriberCount), hiddenSubscriberCount: false },
        })),
      };
    });
  },
};
