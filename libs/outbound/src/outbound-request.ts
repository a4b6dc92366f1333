import { request as httpRequest, IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkUrlShape, isAllowListed, OutboundRules, safeLookup, UnsafeUrl } from './outbound-url';

export interface OutboundRequest {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface OutboundLimits {
  /** The whole exchange, connect to last byte. */
  timeoutMs: number;
  /** Bytes of the answer read at most; more fails the request. */
  maxResponseBytes: number;
}

/** What one request came to: an answer, or why there is none (nothing was sent when `sent` is false). */
export type OutboundResult =
  | { kind: 'answered'; status: number; headers: IncomingHttpHeaders; body: Buffer }
  | { kind: 'refused'; sent: false; error: string }
  | { kind: 'failed'; sent: boolean; error: string; timedOut: boolean };

/**
 * One HTTP request to a URL a user gave: scheme and address literal checked first, the host's
 * addresses checked as the connection is made (so the address checked is the one reached),
 * redirects not followed, bounded in time and in the size of the answer.
 */
export function sendOutbound(req: OutboundRequest, rules: OutboundRules, limits: OutboundLimits): Promise<OutboundResult> {
  let url: URL;
  try {
    url = checkUrlShape(req.url, rules);
  } catch (error) {
    return Promise.resolve({ kind: 'refused', sent: false, error: `url ${(error as Error).message}` });
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    let connected = false;
    const settle = (result: OutboundResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const headers: Record<string, string | number> = { 'user-agent': 'SoftFactory-Automation/1.0', ...(req.headers ?? {}) };
    if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
    const outgoing = send(
      url,
      {
        method: req.method,
        headers,
        lookup: isAllowListed(url, rules) ? undefined : (safeLookup as never),
        signal: AbortSignal.timeout(limits.timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > limits.maxResponseBytes) {
            response.destroy();
            settle({ kind: 'failed', sent: true, error: `answer larger than ${limits.maxResponseBytes} bytes`, timedOut: false });
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          settle({ kind: 'answered', status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
        response.on('error', (error: Error) => settle({ kind: 'failed', sent: true, error: error.message, timedOut: false }));
      },
    );
    outgoing.on('socket', (socket) => socket.once('connect', () => (connected = true)));
    outgoing.on('error', (error: Error & { code?: string }) => {
      if (error instanceof UnsafeUrl) return settle({ kind: 'refused', sent: false, error: `url ${error.message}` });
      const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError' || error.code === 'ABORT_ERR';
      settle({
        kind: 'failed',
        sent: connected,
        error: timedOut ? `no answer within ${limits.timeoutMs} ms` : (error.code ?? error.message),
        timedOut,
      });
    });
    outgoing.end(req.body);
  });
}
