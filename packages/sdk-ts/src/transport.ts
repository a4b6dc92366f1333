import type { paths } from './schema';

type Operation<P extends keyof paths, M extends string> = M extends keyof paths[P] ? paths[P][M] : never;
type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : void;

/** The query parameters of an operation. */
export type Query<P extends keyof paths, M extends string> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
/** The JSON body of an operation. */
export type Body<P extends keyof paths, M extends string> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;
/** The JSON answer of an operation with status S. */
export type Answer<P extends keyof paths, M extends string, S extends number> =
  Operation<P, M> extends { responses: infer R } ? (S extends keyof R ? JsonOf<R[S]> : void) : void;

/** The error codes of the API's contract. */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'TWO_FACTOR_REQUIRED'
  | 'FORBIDDEN'
  | 'SUBSCRIPTION_REQUIRED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'VALIDATION_ERROR'
  | 'RATE_LIMIT_EXCEEDED'
  | 'INTERNAL_ERROR'
  | 'SERVICE_UNAVAILABLE';

/** An answer outside 2xx, carrying the contract's `code`, `message` and `details`. */
export class SoftFactoryError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> | null,
    readonly requestId: string | null,
  ) {
    super(message);
    this.name = 'SoftFactoryError';
  }
}

/** Per-call options. */
export interface CallOptions {
  /** Sent as `Idempotency-Key` on a POST (one is generated otherwise); a repeat returns the first answer. */
  idempotencyKey?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface TransportOptions {
  /** Where the gateway listens, e.g. https://api.softfactory.com (default http://localhost:8000). */
  baseUrl?: string;
  accessToken?: string;
  refreshToken?: string;
  /** An API key (`Authorization: ApiKey ...`), instead of tokens. */
  apiKey?: string;
  /** Retries of a 429 (and of a 503 where a repeat is safe); default 3. */
  maxRetries?: number;
  /** The longest wait between retries, whatever Retry-After says; default 30 s. */
  maxRetryDelayMs?: number;
  /** Called whenever the tokens change (login, refresh), to keep them. */
  onTokens?: (tokens: { accessToken: string; refreshToken: string }) => void;
  fetch?: typeof fetch;
}

interface Call {
  params: Record<string, string | number>;
  query?: object;
  body?: unknown;
  public: boolean;
  options?: CallOptions;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);

/**
 * HTTP over fetch: credentials, a refresh on the first 401, Idempotency-Key on POSTs, retries
 * with back-off on 429 (honouring Retry-After) and 503, and errors as SoftFactoryError.
 */
export class Transport {
  accessToken: string | undefined;
  refreshToken: string | undefined;
  private refreshing: Promise<boolean> | null = null;
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: TransportOptions = {}) {
    this.baseUrl = (options.baseUrl ?? 'http://localhost:8000').replace(/\/+$/, '');
    this.accessToken = options.accessToken;
    this.refreshToken = options.refreshToken;
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  async call<T>(method: string, template: string, call: Call): Promise<T> {
    const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(String(call.params[name])));
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value === undefined || value === null) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    const idempotencyKey = method === 'POST' ? (call.options?.idempotencyKey ?? globalThis.crypto.randomUUID()) : undefined;
    // A 503 may come after the work was done: repeat only what is safe to repeat.
    const retry503 = IDEMPOTENT.has(method) || call.options?.idempotencyKey !== undefined;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const response = await this.fetch(url, {
        method,
        headers: this.headers(call, idempotencyKey),
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: call.options?.signal,
      });
      if (response.ok || response.status === 302) return (await this.read(response)) as T;
      if (response.status === 401 && !refreshed && !call.public && !this.options.apiKey && this.refreshToken) {
        refreshed = true;
        const unauthorized = await this.error(response);
        if (!(await this.refresh())) throw unauthorized;
        attempt--;
        continue;
      }
      const retryable = response.status === 429 || (response.status === 503 && retry503);
      if (retryable && attempt < (this.options.maxRetries ?? 3)) {
        await response.arrayBuffer();
        await sleep(this.delay(response, attempt));
        continue;
      }
      throw await this.error(response);
    }
  }

  /** Exchanges the refresh token for new tokens (rotated); concurrent 401s share one refresh. */
  refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        for (let attempt = 0; ; attempt++) {
          const response = await this.fetch(`${this.baseUrl}/api/v1/auth/refresh`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify({ refresh_token: this.refreshToken }),
          });
          if (response.ok) {
            this.keepTokens(await response.json());
            return true;
          }
          await response.arrayBuffer();
          // Sign-in routes have tight per-address limits: a refused refresh is waited out, not lost.
          if (response.status !== 429 || attempt >= (this.options.maxRetries ?? 3)) return false;
          await sleep(this.delay(response, attempt));
        }
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** Takes tokens from an answer that carries them (register, login, refresh, OAuth, 2FA). */
  keepTokens(answer: unknown): void {
    const tokens = answer as { access_token?: unknown; refresh_token?: unknown } | null;
    if (typeof tokens?.access_token !== 'string' || typeof tokens.refresh_token !== 'string') return;
    this.accessToken = tokens.access_token;
    this.refreshToken = tokens.refresh_token;
    this.options.onTokens?.({ accessToken: this.accessToken, refreshToken: this.refreshToken });
  }

  private headers(call: Call, idempotencyKey: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json', ...call.options?.headers };
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.options.apiKey) headers.Authorization = `ApiKey ${this.options.apiKey}`;
    else if (this.accessToken) headers.Authorization = `Bearer ${this.accessToken}`;
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    return headers;
  }

  private async read(response: Response): Promise<unknown> {
    if (response.status === 204) return undefined;
    if (!(response.headers.get('content-type') ?? '').includes('json')) return response.arrayBuffer();
    const answer: unknown = await response.json();
    this.keepTokens(answer);
    return answer;
  }

  private delay(response: Response, attempt: number): number {
    const max = this.options.maxRetryDelayMs ?? 30_000;
    const retryAfter = Number(response.headers.get('retry-after'));
    if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter * 1000, max);
    // Exponential back-off with jitter: 0.5 s, 1 s, 2 s, ...
    return Math.min(500 * 2 ** attempt * (0.5 + Math.random() / 2), max);
  }

  private async error(response: Response): Promise<SoftFactoryError> {
    const text = await response.text();
    let body: { error?: { code?: ErrorCode; message?: string; details?: Record<string, unknown> | null }; meta?: { request_id?: string } } =
      {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // Not the contract's shape (a proxy in between): keep the status.
    }
    return new SoftFactoryError(
      response.status,
      body.error?.code ?? (response.status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'),
      body.error?.message ?? (text.slice(0, 200) || response.statusText),
      body.error?.details ?? null,
      body.meta?.request_id ?? response.headers.get('x-request-id'),
    );
  }
}
