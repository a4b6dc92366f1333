// One load run with autocannon (programmatic API), with exact latency percentiles: autocannon's
// own histogram keeps whole milliseconds, too coarse for sub-millisecond floors, so every 2xx
// response time (float ms, from its 'response' event) is kept and sorted here instead.
import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Extra headers per connection, dealt round-robin (e.g. one user's token per connection). */
  connectionHeaders?: Record<string, string>[];
  body?: string;
  /** A header given a fresh random value on every request (e.g. Idempotency-Key). */
  uniqueHeader?: string;
}

export interface LoadResult {
  /** 2xx responses per second over the run. */
  rps: number;
  p50: number;
  p99: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Responses that were not 2xx. */
  non2xx: number;
  completed: number;
  seconds: number;
  statusCodes: Record<string, number>;
}

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}

type Tracker = EventEmitter & PromiseLike<AutocannonResult> & { stop(): void };
type Autocannon = (options: Record<string, unknown>) => Tracker;

let cached: Autocannon | undefined;

/** autocannon is a devDependency of the bench only; a clear message when it is missing. */
export function loadAutocannon(): Autocannon {
  if (cached) return cached;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cached = require('autocannon') as Autocannon;
    return cached;
  } catch {
    throw new Error('autocannon is not installed; add it with: npm i -D autocannon@^8');
  }
}

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

function dealHeaders(base: Record<string, string>, perConnection: Record<string, string>[]) {
  let next = 0;
  return (client: { setHeaders(headers: Record<string, string>): void }) =>
    client.setHeaders({ ...base, ...perConnection[next++ % perConnection.length] });
}

function withUniqueHeader(name: string) {
  return (request: { headers?: Record<string, string> }) => ({ ...request, headers: { ...request.headers, [name]: randomUUID() } });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const autocannon = loadAutocannon();
  const latencies: number[] = [];
  const startedAt = process.hrtime.bigint();
  const tracker = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    timeout: 10,
    ...(options.connectionHeaders?.length ? { setupClient: dealHeaders(options.headers ?? {}, options.connectionHeaders) } : {}),
    ...(options.uniqueHeader ? { requests: [{ setupRequest: withUniqueHeader(options.uniqueHeader) }] } : {}),
  });
  tracker.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await tracker;
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const sorted = Float64Array.from(latencies).sort();
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats)) statusCodes[code] = stats.count;
  return {
    rps: latencies.length / (result.duration || seconds),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors: result.errors,
    non2xx: result.non2xx,
    completed: latencies.length,
    seconds: result.duration || seconds,
    statusCodes,
  };
}
