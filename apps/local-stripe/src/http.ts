import { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ApiError } from './api-error';
import { decodeForm, FormObject } from './form-encoding';
import { API_VERSION, newId, StripeObject } from './stripe-object';

export interface HttpDependencies {
  secretKey: string;
  logger: Logger;
  /** `/v1/...`: Stripe's API. */
  api: (method: string, path: string, params: FormObject) => StripeObject;
  /** `/checkout/...`: the page that pays a checkout session. */
  checkoutPage: (url: URL, res: ServerResponse) => void;
  /** `/_local/...`: the test clock. */
  control: (method: string, path: string) => StripeObject;
  /** Called after a request that may have changed the state. */
  onChange: () => void;
}

/**
 * The HTTP front: Stripe's authentication, form-encoded parameters, `Idempotency-Key` replay and
 * error shape; nothing a client sends becomes a 500 unless this server itself fails.
 */
export function requestHandler(deps: HttpDependencies): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const idempotent = new Map<string, { status: number; body: string; at: number }>();
  return async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const body = await readBody(req);
      if (url.pathname === '/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      if (url.pathname.startsWith('/checkout/')) return deps.checkoutPage(url, res);
      if (url.pathname.startsWith('/_local/'))
        return sendRaw(res, 200, JSON.stringify(deps.control(req.method ?? 'GET', url.pathname), null, 2));
      if (!url.pathname.startsWith('/v1/'))
        throw new ApiError(404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${url.pathname}).`);
      authenticate(req, deps.secretKey);
      const method = req.method ?? 'GET';
      const params = method === 'GET' || method === 'DELETE' ? decodeForm(url.search.slice(1)) : decodeForm(body);
      if (method === 'DELETE' && body) Object.assign(params, decodeForm(body));
      const key = method === 'POST' ? req.headers['idempotency-key'] : undefined;
      const cacheKey = typeof key === 'string' && key ? `${method} ${url.pathname} ${key}` : null;
      const cached = cacheKey ? idempotent.get(cacheKey) : undefined;
      if (cached) {
        res.setHeader('Idempotent-Replayed', 'true');
        return sendRaw(res, cached.status, cached.body);
      }
      let status = 200;
      let payload: string;
      try {
        payload = JSON.stringify(deps.api(method, url.pathname, params), null, 2);
        deps.onChange();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        status = error.status;
        payload = error.body();
      }
      // Stripe replays both successes and errors (other than 5xx) for the same key.
      if (cacheKey) idempotent.set(cacheKey, { status, body: payload, at: Date.now() });
      sendRaw(res, status, payload);
    } catch (error) {
      if (error instanceof ApiError) return sendRaw(res, error.status, error.body());
      deps.logger.error({ err: String(error) }, 'local stripe failed');
      sendRaw(res, 500, JSON.stringify({ error: { type: 'api_error', message: 'Local Stripe failed' } }));
    }
  };
}

/** Sends a body with the headers Stripe puts on every response. */
export function sendRaw(res: ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Request-Id', newId('req'));
  res.setHeader('Stripe-Version', API_VERSION);
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1024 * 1024) {
        reject(new ApiError(413, 'invalid_request_error', 'Request too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The secret key, sent as Stripe's SDKs send it (Bearer) or as curl's `-u sk_...:` does (Basic). */
function authenticate(req: IncomingMessage, secretKey: string): void {
  const header = req.headers.authorization ?? '';
  const key = header.startsWith('Bearer ')
    ? header.slice(7)
    : header.startsWith('Basic ')
      ? Buffer.from(header.slice(6), 'base64').toString().split(':')[0]
      : '';
  if (key !== secretKey) {
    throw new ApiError(401, 'invalid_request_error', `Invalid API Key provided: ${key ? `${key.slice(0, 8)}****` : '(none)'}`);
  }
}
