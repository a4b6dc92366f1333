/** A response as tests read it: status, headers and the parsed JSON body (if any). */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  /** Sent as JSON unless `raw` is given. */
  body?: unknown;
  raw?: string;
  query?: Record<string, string | number>;
}

/** A thin HTTP client for the gateway, the way any client would call it. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.apiKey) headers.Authorization = `ApiKey ${options.apiKey}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.status >= 400 && url.pathname.startsWith('/api/')) assertErrorEnvelope(method, url.pathname, response.status, parsed);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', path, { ...options, body });
  }
  put<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', path, { ...options, body });
  }
  delete<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }
}

/**
 * Every error the API answers is the contract's envelope with `details` present (an object or
 * null): checked on every error any suite receives, so no route can drift from it unnoticed.
 */
function assertErrorEnvelope(method: string, path: string, status: number, body: unknown): void {
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  const details = error?.details;
  const ok =
    typeof error?.code === 'string' &&
    typeof error.message === 'string' &&
    'details' in error &&
    (details === null || (typeof details === 'object' && !Array.isArray(details))) &&
    typeof (body as { meta?: { request_id?: unknown } }).meta?.request_id === 'string';
  if (!ok) throw new Error(`${method} ${path} answered ${status} outside the error envelope: ${JSON.stringify(body)}`);
}
