import { ServiceUnavailable } from '@sf/errors';
import type { PlatformTokens } from './platform-adapter';

/** The platform refused the request for good; `reason` is the platform's own message. */
export class PlatformRejected extends Error {
  constructor(
    readonly platform: string,
    readonly reason: string,
    readonly status: number,
  ) {
    super(`${platform} refused: ${reason}`);
  }
}

/** The platform is down, slow or unreachable: worth retrying later. */
export class PlatformUnavailable extends ServiceUnavailable {
  constructor(platform: string) {
    super(`${platformLabel(platform)} is unavailable`);
  }
}

/** The access token no longer works (expired or revoked). */
export class PlatformAuthExpired extends Error {
  constructor(readonly platform: string) {
    super(`${platform} access token expired or revoked`);
  }
}

export function platformLabel(platform: string): string {
  return (
    ({ instagram: 'Instagram', twitter: 'X', tiktok: 'TikTok', youtube: 'YouTube', linkedin: 'LinkedIn' } as Record<string, string>)[
      platform
    ] ?? platform
  );
}

export interface PlatformRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (a multipart upload). */
  raw?: { contentType: string; body: Uint8Array };
  /** Extra headers (API versions). */
  headers?: Record<string, string>;
  /** Sent form-encoded. */
  form?: Record<string, string>;
  bearer?: string;
  basic?: { user: string; password: string };
}

/**
 * One HTTP call to a platform, bounded by `timeoutMs`: JSON back, or the failure classified
 * (401 → auth expired; 408/429/5xx and network errors → unavailable; other 4xx → rejected with
 * the platform's message).
 */
export async function callPlatform<T>(platform: string, url: string, request: PlatformRequest, timeoutMs: number): Promise<T> {
  return (await callPlatformWithHeaders<T>(platform, url, request, timeoutMs)).body;
}

/** {@link callPlatform}, answering the response headers too (ids some platforms send only there). */
export async function callPlatformWithHeaders<T>(
  platform: string,
  url: string,
  request: PlatformRequest,
  timeoutMs: number,
): Promise<{ body: T; headers: Headers }> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | Uint8Array | undefined;
  if (request.raw) {
    headers['content-type'] = request.raw.contentType;
    body = request.raw.body;
  } else if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form).toString();
  }
  if (request.bearer) headers.authorization = `Bearer ${request.bearer}`;
  else if (request.basic)
    headers.authorization = `Basic ${Buffer.from(`${request.basic.user}:${request.basic.password}`).toString('base64')}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new PlatformUnavailable(platform);
  }
  const text = await response.text().catch(() => '');
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (response.ok) return { body: parsed as T, headers: response.headers };
  if (response.status === 401) throw new PlatformAuthExpired(platform);
  if (response.status === 408 || response.status === 429 || response.status >= 500) throw new PlatformUnavailable(platform);
  throw new PlatformRejected(platform, errorMessage(parsed) ?? `HTTP ${response.status}`, response.status);
}

/** The message in the error shapes platforms use (Graph `error.message`, X `detail`, OAuth `error_description`). */
function errorMessage(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const nested = b.error && typeof b.error === 'object' ? (b.error as Record<string, unknown>).message : undefined;
  for (const candidate of [nested, b.detail, b.error_description, b.message, b.title, b.error]) {
    if (typeof candidate === 'string' && candidate) return candidate;
  }
  return null;
}

/** An OAuth 2 token answer (RFC 6749 §5.1) as the tokens an account keeps; `keptRefresh` when none comes back. */
export function tokensFromOAuth(
  body: { access_token: string; refresh_token?: string; expires_in?: number },
  keptRefresh: string | null = null,
): PlatformTokens {
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? keptRefresh,
    expiresAt: body.expires_in ? new Date(Date.now() + body.expires_in * 1000) : null,
  };
}
