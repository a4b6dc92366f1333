import { Inject, Injectable } from '@nestjs/common';
import { Tier, UserContext } from '@sf/contracts';
import { DomainError, ErrorCode } from '@sf/errors';
import { EntityManager } from 'typeorm';
import { STORAGE_CONFIG, StorageConfig } from '../storage.config';

/** Over the user's storage quota: a 413 like any upload over its limit, saying which limit. */
export function quotaExceeded(quotaBytes: number, usedBytes: number): DomainError {
  return new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, 'Storage quota exceeded', {
    reason: 'quota',
    quota_bytes: quotaBytes,
    used_bytes: usedBytes,
  });
}

/**
 * Per-user storage quota by plan tier: the sum of the sizes of the user's recorded files. The
 * check that admits a file holds a per-user lock until its transaction ends, so two uploads
 * finishing together cannot both squeeze into the last free bytes.
 */
@Injectable()
export class QuotaService {
  constructor(@Inject(STORAGE_CONFIG) private readonly config: Pick<StorageConfig, 'quotas'>) {}

  limitFor(tier: Tier): number {
    return this.config.quotas[tier] ?? this.config.quotas.free;
  }

  async used(manager: EntityManager, userId: string): Promise<number> {
    const rows = (await manager.query(`SELECT COALESCE(SUM(size), 0)::bigint AS used FROM files WHERE user_id = $1 AND status = 'ready'`, [
      userId,
    ])) as { used: string }[];
    return Number(rows[0].used);
  }

  /** Bytes the caller may still store (0 when full). */
  async room(manager: EntityManager, ctx: UserContext): Promise<number> {
    return Math.max(0, this.limitFor(ctx.tier) - (await this.used(manager, ctx.user_id)));
  }

  /**
   * Inside the transaction that records a file: locks the caller's quota until it ends and
   * throws 413 when `bytes` more would not fit.
   */
  async admit(manager: EntityManager, ctx: UserContext, bytes: number): Promise<void> {
    const userId = ctx.user_id;
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`storage-quota:${userId}`]);
    const used = await this.used(manager, userId);
    const limit = this.limitFor(ctx.tier);
    if (used + bytes > limit) throw quotaExceeded(limit, used);
  }
}
