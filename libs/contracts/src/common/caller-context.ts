export const ROLES = ['user', 'chef', 'admin', 'translator'] as const;
export type Role = (typeof ROLES)[number];

/** Plan tier that rate limits read: free users, paying users, and accounts without limits. */
export const TIERS = ['free', 'premium', 'enterprise'] as const;
export type Tier = (typeof TIERS)[number];

/**
 * The verified caller, as the gateway forwards it with every request. Services take it as the
 * first argument of every use case and authorise object access from it.
 */
export interface CallerContext {
  request_id: string;
  user_id: string | null;
  roles: Role[];
  tier: Tier;
  /** API-key scopes; null when the caller holds a full user token. */
  scopes: string[] | null;
  session_id: string | null;
  api_key_id: string | null;
  ip: string;
  idempotency_key?: string;
}

/** The caller of an endpoint only signed-in users reach (user tokens, demo token, API keys). */
export interface UserContext extends CallerContext {
  user_id: string;
}

/** What the gateway sends over NATS for one HTTP call. */
export interface RpcRequest<
  TBody = Record<string, never>,
  TQuery = Record<string, never>,
  TParams = Record<string, string>,
  TContext extends CallerContext = CallerContext,
> {
  ctx: TContext;
  body: TBody;
  query: TQuery;
  params: TParams;
}

/** A caller context for service-to-service calls made on behalf of nobody in particular. */
export function systemContext(requestId: string): CallerContext {
  return {
    request_id: requestId,
    user_id: null,
    roles: [],
    tier: 'enterprise',
    scopes: null,
    session_id: null,
    api_key_id: null,
    ip: '127.0.0.1',
  };
}
