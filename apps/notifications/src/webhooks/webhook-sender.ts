import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkUrlShape, isAllowListed, OutboundRules, safeLookup, UnsafeUrl } from '@sf/outbound';

/** What one attempt came to. */
export type AttemptOutcome =
  | { kind: 'delivered'; status: number }
  /** Worth another attempt: a network error, a timeout, 408, 429 or 5xx. `retryAfterMs` from `Retry-After`. */
  | { kind: 'retry'; status: number | null; error: string; retryAfterMs: number | null }
  /** Another attempt would fare no better: other 4xx, or a URL that is not allowed. */
  | { kind: 'rejected'; status: number | null; error: string };

export interface SignedDelivery {
  id: string;
  url: string;
  body: string;
  secret: string;
}

/** `sha256=<hex HMAC-SHA256 of "timestamp.body">`, what `X-Webhook-Signature` carries. */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** `Retry-After` in seconds or as an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/** Posts one signed delivery: 10 s at most (configurable), redirects not followed, the address checked as it is connected to. */
export function sendDelivery(delivery: SignedDelivery, rules: OutboundRules, timeoutMs: number): Promise<AttemptOutcome> {
  let url: URL;
  try {
    url = checkUrlShape(delivery.url, rules);
  } catch (error) {
    return Promise.resolve({ kind: 'rejected', status: null, error: `url ${(error as Error).message}` });
  }
  const timestamp = String(Math.floor(Date.now() / 1000));
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(delivery.body),
          'user-agent': 'SoftFactory-Webhooks/1.0',
          'x-webhook-id': delivery.id,
          'x-webhook-timestamp': timestamp,
          'x-webhook-signature': signature(delivery.secret, timestamp, delivery.body),
        },
        lookup: isAllowListed(url, rules) ? undefined : (safeLookup as never),
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        const done = () => {
          if (status >= 200 && status < 300) return settle({ kind: 'delivered', status });
          if (status === 408 || status === 429 || status >= 500) {
            return settle({ kind: 'retry', status, error: `HTTP ${status}`, retryAfterMs: retryAfterMs(response.headers['retry-after']) });
          }
          settle({ kind: 'rejected', status, error: `HTTP ${status}` });
        };
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    req.on('error', (error: Error & { code?: string }) => {
      if (error instanceof UnsafeUrl) return settle({ kind: 'rejected', status: null, error: `url ${error.message}` });
      const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError' || error.code === 'ABORT_ERR';
      settle({
        kind: 'retry',
        status: null,
        error: timedOut ? `no answer within ${timeoutMs} ms` : (error.code ?? error.message),
        retryAfterMs: null,
      });
    });
    req.end(delivery.body);
  });
}
