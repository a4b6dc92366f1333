import type { CallerContext, Role, UserContext } from './caller-context';
import type { Permission } from './permissions';
import type { RpcRequest } from './caller-context';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** The contract's successes: create 201, delete 204, everything else 200. */
export type SuccessStatus = 200 | 201 | 204;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClassOf<T> = new (...args: any[]) => T;

/** Anyone; credentials are not read, unless `identifies` says how they are. */
export interface PublicAccess {
  kind: 'public';
  /**
   * Credentials sent are checked as for a user endpoint with this API-key scope, and identify
   * the caller (a filter such as `owner=me`); a bad one is a 401. Without any the call is
   * anonymous.
   */
  identifies?: { scope: string };
}
/**
 * A signed-in user (JWT, demo token) or an API key holding `scope`; `roles` narrows further, and
 * so does `permission`: the caller's effective permissions (their roles' merged, with the
 * overrides admin set) must hold it.
 */
export interface UserAccess {
  kind: 'user';
  roles?: Role[];
  permission?: Permission;
  /** Changes how the account signs in (password, 2FA, API keys, deletion): never through an impersonation token. */
  accountSecurity?: boolean;
  scope?: string;
  apiKeys?: boolean;
}
/** Who may call an endpoint. */
export type Access = PublicAccess | UserAccess;

/**
 * A deprecated endpoint: its answers carry `Deprecation`, `Sunset` (RFC 8594) and a `Link` to
 * its replacement, and the OpenAPI document marks it.
 */
export interface EndpointDeprecation {
  /** When it stops being served: an ISO 8601 date. */
  sunset: string;
  /** The path (or URL) that replaces it. */
  replacement: string;
  /** When it was deprecated (ISO 8601); without it `Deprecation: true` is sent. */
  since?: string;
}

/** Which rate-limit buckets a call counts against, beyond nothing. */
export type RateLimitClass = 'standard' | 'auth' | 'none';

/** Marks a value as an endpoint declaration, so contract modules can be scanned for them. */
export const ENDPOINT = Symbol.for('sf.contracts.endpoint');

/**
 * One public endpoint, declared once. The gateway builds its route, validation, rate limiting
 * and OpenAPI entry from it; the owning service handles `subject` with the same types.
 */
export interface EndpointDefinition<TBody = unknown, TQuery = unknown, TResponse = unknown> {
  method: HttpMethod;
  path: string;
  /** Further paths the seeds use for the same thing; served identically, documented as deprecated. */
  aliases?: { method?: HttpMethod; path: string }[];
  subject: string;
  access: Access;
  body?: ClassOf<TBody>;
  query?: ClassOf<TQuery>;
  /** Path parameters, validated like a body; a value that cannot name anything is a 404. */
  params?: ClassOf<unknown>;
  response?: ClassOf<TResponse>;
  status: SuccessStatus;
  summary: string;
  /** More than the summary, for the OpenAPI document (what a client must know of the answer). */
  description?: string;
  tag: string;
  rateLimit?: RateLimitClass;
  /** Served only when DEMO_MODE=true. */
  demoOnly?: boolean;
  /**
   * Served by a dedicated gateway module instead of the generic router, for what one NATS
   * request cannot carry: a raw body that must reach the service byte for byte (`webhook`),
   * or a file streamed to storage (`upload`). Still documented and admitted the same way; the
   * NATS message such a module sends is an internal declaration's (`subject` names it).
   */
  servedBy?: 'webhook' | 'upload';
  /** The service answers `{ location }` and the gateway answers 302 to it. */
  redirect?: boolean;
  /** The service answers a small document as `BinaryReply`; the gateway sends its bytes. */
  binary?: boolean;
  /**
   * The service answers where a published object is (`PublishedObjectReply`): the gateway answers
   * 304 to a matching `If-None-Match`, else fetches the object and sends it with its `ETag` and
   * `Content-Security-Policy`. The object's bytes never cross NATS.
   */
  publishedObject?: boolean;
  /**
   * Also takes `application/x-www-form-urlencoded` (what an HTML form without script sends): its
   * fields reach the service as the body's object named here (`{[formBody]: {...fields}}`). A
   * browser sending it (urlencoded, `Accept: text/html`) is answered with a page, not JSON: the
   * response's `message` and a link to its `page` (`FormAnswer`), or the error's message.
   */
  formBody?: string;
  /**
   * Honours `Idempotency-Key` (ADR 0019): every POST that creates says so. `true`: applied by
   * `@Handles` for the service (libs/idempotency), the first answer stored with the effect;
   * `'in-service'`: the service applies the same record itself (work that calls Stripe, which
   * must not run inside a transaction).
   */
  idempotent?: true | 'in-service';
  /** Errors worth listing in the OpenAPI document besides the common ones. */
  errors?: number[];
  /** Deprecated, with the date it goes and what replaces it (docs/api-versioning.md). */
  deprecated?: EndpointDeprecation;
}

/** An endpoint only signed-in callers reach: its handler's context always names the user. */
export type UserEndpoint<TBody = unknown, TQuery = unknown, TResponse = unknown> = EndpointDefinition<TBody, TQuery, TResponse> & {
  access: UserAccess;
};

/** Declares a public endpoint; `access` decides whether its handlers see a signed-in user. */
export function endpoint<TBody = Record<string, never>, TQuery = Record<string, never>, TResponse = void>(
  definition: EndpointDefinition<TBody, TQuery, TResponse> & { access: UserAccess },
): UserEndpoint<TBody, TQuery, TResponse>;
export function endpoint<TBody = Record<string, never>, TQuery = Record<string, never>, TResponse = void>(
  definition: EndpointDefinition<TBody, TQuery, TResponse>,
): EndpointDefinition<TBody, TQuery, TResponse>;
export function endpoint<TBody, TQuery, TResponse>(
  definition: EndpointDefinition<TBody, TQuery, TResponse>,
): EndpointDefinition<TBody, TQuery, TResponse> {
  Object.defineProperty(definition, ENDPOINT, { value: true });
  return definition;
}

export function isEndpoint(value: unknown): value is EndpointDefinition<unknown, unknown, unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ENDPOINT] === true;
}

/** The reply of an endpoint declared with `binary: true`: a small document (well under NATS's 1 MB). */
export interface BinaryReply {
  content_type: string;
  filename: string;
  content_base64: string;
}

/** The reply of an endpoint declared with `publishedObject: true`. */
export interface PublishedObjectReply {
  /** A short-lived presigned GET URL of the object, reachable from the gateway. */
  url: string;
  /** The object's strong validator, known without fetching it. */
  etag: string;
  content_type: string;
  content_security_policy: string;
  /** Largest number of bytes the gateway accepts from `url`. */
  max_bytes: number;
}

/** The reply of an endpoint declared with `redirect: true`. */
export interface RedirectReply {
  location: string;
}

/** The request a handler of endpoint E receives; a user endpoint's context names the user. */
export type RequestOf<E> =
  E extends UserEndpoint<infer B, infer Q, unknown>
    ? RpcRequest<B, Q, Record<string, string>, UserContext>
    : E extends EndpointDefinition<infer B, infer Q, unknown>
      ? RpcRequest<B, Q, Record<string, string>, CallerContext>
      : never;
/** The reply a handler of endpoint E must produce. */
export type ResponseOf<E> = E extends EndpointDefinition<unknown, unknown, infer R> ? R : never;
