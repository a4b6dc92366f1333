import type { CallerContext, UserContext } from './caller-context';
import type { ClassOf } from './endpoint';

/** Marks a value as an internal-call declaration, so contract modules can be scanned for them. */
export const INTERNAL = Symbol.for('sf.contracts.internal');

/**
 * One request one process makes of a service over NATS, not reachable by clients: declared once
 * here, so the caller (`RpcClient.call`) and the handler (`@Handles`) take their types from it
 * and the handler's edge validates `request` with the same class.
 */
export interface InternalDefinition<TRequest = unknown, TResponse = unknown> {
  /** `<service>.<resource>.<action>`; the service that answers is its first segment. */
  subject: string;
  /** The body's class (class-validator); the message is `{ctx, body}`. */
  request: ClassOf<TRequest>;
  /** The reply's type; a class so that it can be documented and checked like an endpoint's. */
  response: ClassOf<TResponse>;
  /** `user`: only on behalf of a signed-in user; the handler's context names them (else 401). */
  caller?: 'user';
  /** How long the caller waits before the call is SERVICE_UNAVAILABLE; the client's default if absent. */
  timeoutMs?: number;
  summary: string;
}

/** An internal call made only on behalf of a signed-in user. */
export type UserInternal<TRequest = unknown, TResponse = unknown> = InternalDefinition<TRequest, TResponse> & { caller: 'user' };

export function internal<TRequest, TResponse>(
  definition: InternalDefinition<TRequest, TResponse> & { caller: 'user' },
): UserInternal<TRequest, TResponse>;
export function internal<TRequest, TResponse>(definition: InternalDefinition<TRequest, TResponse>): InternalDefinition<TRequest, TResponse>;
export function internal<TRequest, TResponse>(
  definition: InternalDefinition<TRequest, TResponse>,
): InternalDefinition<TRequest, TResponse> {
  Object.defineProperty(definition, INTERNAL, { value: true });
  return definition;
}

export function isInternal(value: unknown): value is InternalDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[INTERNAL] === true;
}

/** What travels for an internal call: who asks (for authorisation and logs) and the body. */
export interface InternalRequest<TBody> {
  ctx: CallerContext;
  body: TBody;
}

export type InternalRequestOf<D> =
  D extends UserInternal<infer Q, unknown>
    ? InternalRequest<Q> & { ctx: UserContext }
    : D extends InternalDefinition<infer Q, unknown>
      ? InternalRequest<Q>
      : never;
export type InternalResponseOf<D> = D extends InternalDefinition<unknown, infer R> ? R : never;

/** The body of a call that needs nothing beyond the caller. */
export class EmptyBody {}

/** `<service>.ping`: every service answers it; readiness checks and the gateway use it. */
export class PingReply {
  service: string;
  status: 'ok';
  uptime_s: number;
}

/** The ping every service answers, declared for each by {@link serviceContract}. */
export function pingOf(service: string): InternalDefinition<EmptyBody, PingReply> {
  return internal({
    subject: `${service}.ping`,
    request: EmptyBody,
    response: PingReply,
    timeoutMs: 1500,
    summary: `Answers while the ${service} service takes messages`,
  });
}
