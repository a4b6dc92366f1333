import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import {
  API_KEY_SORT_FIELDS,
  ApiKeyListView,
  ApiKeysQuery,
  ApiKeyView,
  CreateApiKeyDto,
  CreatedApiKeyView,
  listView,
  ResolvedCredential,
  resolvePage,
  resolveSort,
  UserContext,
} from '@sf/contracts';
import { NotFound, Unauthorized, ValidationFailed } from '@sf/errors';
import { randomToken, sha256 } from '../crypto-tokens';
import { AuthEventLog } from '../events/auth-event-log';
import { isSuspended } from '../sessions/session-issuer';
import { User } from '../accounts/user.entity';
import { ApiKey } from './api-key.entity';
import { inTransaction } from '@sf/idempotency';

const KEY_PREFIX = 'sf_live_';
const LAST_USED_RESOLUTION_MS = 60_000;

function toView(key: ApiKey): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    permissions: key.permissions,
    created_at: key.createdAt.toISOString(),
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
    expires_at: key.expiresAt?.toISOString() ?? null,
  };
}

/** Scoped API keys: created by their owner, resolved by the gateway, revoked at once. */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: AuthEventLog,
  ) {}

  async create(ctx: UserContext, dto: CreateApiKeyDto): Promise<CreatedApiKeyView> {
    const expiresAt = dto.expires_at ? new Date(dto.expires_at) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw new ValidationFailed({ expires_at: ['must be in the future'] });
    const key = randomToken(KEY_PREFIX);
    const saved = await inTransaction(this.dataSource, async (manager) => {
      const saved = await manager.getRepository(ApiKey).save({
        userId: ctx.user_id,
        name: dto.name.trim(),
        prefix: key.slice(0, 14),
        keyHash: sha256(key),
        permissions: [...new Set(dto.permissions)],
        expiresAt,
      });
      // Never the key itself: its id, name and scopes are what an audit needs.
      await this.events.record(manager, 'auth.api_key.created', ctx.user_id, {
        api_key_id: saved.id,
        user_id: ctx.user_id,
        name: saved.name,
        permissions: saved.permissions,
      });
      return saved;
    });
    return { ...toView(saved), key };
  }

  async list(ctx: UserContext, query: ApiKeysQuery): Promise<ApiKeyListView> {
    const page = resolvePage(query);
    const sort = resolveSort<(typeof API_KEY_SORT_FIELDS)[number]>(query, { field: 'created_at', direction: 'DESC' });
    const [keys, total] = await this.dataSource.getRepository(ApiKey).findAndCount({
      where: { userId: ctx.user_id, revokedAt: IsNull() },
      order: sort.field === 'name' ? { name: sort.direction, createdAt: 'DESC' } : { createdAt: sort.direction },
      skip: page.offset,
      take: page.limit,
    });
    return listView('api_keys', keys.map(toView), total, page);
  }

  async revoke(ctx: UserContext, id: string): Promise<void> {
    const userId = ctx.user_id;
    const revoked = await inTransaction(this.dataSource, async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(ApiKey)
        .set({ revokedAt: () => 'now()' })
        .where('id = :id AND user_id = :userId AND revoked_at IS NULL', { id, userId })
        .execute();
      if (!result.affected) throw new NotFound('API key');
      return this.events.record(manager, 'auth.api_key.revoked', userId, { kind: 'api_key', api_key_id: id, until: Date.now() });
    });
    // Gateways evict the cached key on this event; the 204 must not arrive before it.
    await this.events.publishNow(revoked);
  }

  /** For the gateway: who a key belongs to and what it may do. */
  async resolve(key: string): Promise<ResolvedCredential> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 100) throw new Unauthorized('Invalid API key');
    const found = await this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .innerJoinAndMapOne('k.user', User, 'u', 'u.id = k.user_id')
      .where('k.key_hash = :hash AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())', { hash: sha256(key) })
      .getOne();
    if (!found?.user || isSuspended(found.user)) throw new Unauthorized('Invalid API key');
    if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.dataSource.getRepository(ApiKey).update({ id: found.id }, { lastUsedAt: new Date() });
    }
    return {
      user_id: found.user.id,
      roles: found.user.roles,
      tier: found.user.tier,
      scopes: found.permissions,
      api_key_id: found.id,
      session_id: null,
      expires_at: found.expiresAt?.getTime() ?? null,
      permission_grants: found.user.permissionGrants,
      permission_denies: found.user.permissionDenies,
    };
  }
}
