import Fastify from 'fastify';

export interface LocalAi {
  url: string;
  /** Chat-completion requests received, newest last. */
  requests: { model: string; messages: { role: string; content: string }[] }[];
  close(): Promise<void>;
}

/** Words worth a hashtag from a text: the longer ones, lower-cased, without repeats. */
function keywords(text: string): string[] {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []).filter((w) => !STOP.has(w));
  return [...new Set(words)].slice(0, 8);
}

const STOP = new Set([
  'with',
  'that',
  'this',
  'from',
  'your',
  'have',
  'about',
  'into',
  'write',
  'post',
  'posts',
  'platform',
  'content',
  'reply',
  'only',
  'line',
  'lines',
  'each',
  'text',
  'tone',
  'language',
]);

/**
 * A stand-in for an OpenAI-compatible provider: `POST /v1/chat/completions` with a Bearer key,
 * answering with text built from the request's last user message (deterministic, so tests can
 * check it reached the caller), in OpenAI's response shape; `GET /v1/models` lists one model.
 */
export async function startLocalAi(options: { port?: number; host?: string; apiKey?: string } = {}): Promise<LocalAi> {
  const app = Fastify({ logger: false });
  const requests: LocalAi['requests'] = [];
  const unauthorised = (header: string | undefined) =>
    !header?.startsWith('Bearer ') || (options.apiKey !== undefined && header.slice(7) !== options.apiKey);
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/v1/models', async (req, reply) => {
    if (unauthorised(req.headers.authorization))
      return reply.code(401).send({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
    return { object: 'list', data: [{ id: 'local-model', object: 'model', owned_by: 'local' }] };
  });
  app.post('/v1/chat/completions', async (req, reply) => {
    if (unauthorised(req.headers.authorization)) {
      return reply
        .code(401)
        .send({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
    }
    const body = (req.body ?? {}) as { model?: string; messages?: { role: string; content: string }[] };
    if (!body.model || !Array.isArray(body.messages) || !body.messages.length) {
      return reply.code(400).send({ error: { message: "'model' and 'messages' are required", type: 'invalid_request_error' } });
    }
    requests.push({ model: body.model, messages: body.messages });
    const user = [...body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const tags = keywords(user);
    const subject = user.split('\n')[0].slice(0, 120);
    const content = [
      `${subject} — here is what you need to know.`,
      `Fresh, simple and made for you.`,
      tags.map((t) => `#${t}`).join(' '),
    ].join('\n');
    return {
      id: `chatcmpl-${Date.now().toString(36)}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: user.length, completion_tokens: content.length, total_tokens: user.length + content.length },
    };
  });
  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  return { url: address.replace('[::1]', '127.0.0.1'), requests, close: () => app.close() };
}
