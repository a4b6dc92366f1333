import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UserContext } from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { NotFound } from '@sf/errors';
import { Site } from './site.entity';

/** WebApp Builder's catalogue id. */
export const WEBAPP_BUILDER = 5;

/**
 * The two checks every builder call starts with: the caller holds WebApp Builder (else 403
 * SUBSCRIPTION_REQUIRED), and the site is theirs (else 404, whether it exists or not).
 */
@Injectable()
export class Ownership {
  constructor(private readonly entitlements: Entitlements) {}

  requireProduct(ctx: UserContext): Promise<void> {
    return this.entitlements.require(ctx, WEBAPP_BUILDER);
  }

  /**
   * Whether a site's owner still holds WebApp Builder: a published site is served, and its forms
   * take submissions, only while they do. Nothing is unpublished, so a renewal brings it back.
   */
  ownerEntitled(site: Site): Promise<boolean> {
    return this.entitlements.has(site.ownerId, WEBAPP_BUILDER);
  }

  async site(manager: EntityManager, ctx: UserContext, id: string, lock = false): Promise<Site> {
    const site = await manager.findOne(Site, {
      where: { id, ownerId: ctx.user_id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!site) throw new NotFound('Site');
    return site;
  }
}
