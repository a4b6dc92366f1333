import type { CallerContext } from '@sf/contracts';
import { Unauthorized } from '@sf/errors';

/** The signed-in caller's id; the gateway admits only signed-in callers to user endpoints. */
export function callerId(ctx: CallerContext): string {
  if (!ctx.user_id) throw new Unauthorized();
  return ctx.user_id;
}
