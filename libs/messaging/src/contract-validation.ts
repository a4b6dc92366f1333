import { CallerContext, EndpointDefinition, InternalDefinition, isEndpoint, ROLES, TIERS } from '@sf/contracts';
import { Unauthorized, ValidationFailed } from '@sf/errors';
import { isPlainObject, validateInput } from './input-validation';

/** A declaration a handler answers: a public endpoint's subject or an internal call's. */
export type HandledDeclaration = EndpointDefinition<unknown, unknown, unknown> | InternalDefinition;

const nullableString = (v: unknown) => v === null || typeof v === 'string';
const stringList = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** The caller context as the gateway builds it; anything else is not a message of ours. */
function checkContext(ctx: unknown): CallerContext {
  const ok =
    isPlainObject(ctx) &&
    typeof ctx.request_id === 'string' &&
    nullableString(ctx.user_id) &&
    Array.isArray(ctx.roles) &&
    ctx.roles.every((r) => (ROLES as readonly unknown[]).includes(r)) &&
    (TIERS as readonly unknown[]).includes(ctx.tier) &&
    (ctx.scopes === null || stringList(ctx.scopes)) &&
    nullableString(ctx.session_id) &&
    nullableString(ctx.api_key_id) &&
    typeof ctx.ip === 'string' &&
    (ctx.idempotency_key === undefined || typeof ctx.idempotency_key === 'string');
  if (!ok) throw new ValidationFailed({ ctx: ['must be a caller context'] });
  return ctx as unknown as CallerContext;
}

/**
 * Checks a message against the declaration its handler answers, with the same classes the
 * gateway validates with: `{ctx, body, query, params}` for an endpoint, `{ctx, body}` for an
 * internal call. A malformed message is a 422 (a bad path parameter a 404), never a crash; a
 * user endpoint's message without a user is a 401. Returns the message with validated parts.
 */
export function validateMessage(declaration: HandledDeclaration, message: unknown): Record<string, unknown> {
  if (!isPlainObject(message)) throw new ValidationFailed({ message: ['must be a JSON object'] });
  const ctx = checkContext(message.ctx);
  // The message is checked whole before the caller, so a malformed one is always a 422.
  const validated = isEndpoint(declaration)
    ? {
        ctx,
        params: validateInput(declaration.params, message.params, 'params'),
        query: validateInput(declaration.query, message.query, 'query'),
        body: validateInput(declaration.body, message.body, 'body'),
      }
    : { ctx, body: validateInput(declaration.request, message.body, 'body') };
  const needsUser = isEndpoint(declaration) ? declaration.access.kind === 'user' : declaration.caller === 'user';
  if (needsUser && !ctx.user_id) throw new Unauthorized();
  return validated;
}
