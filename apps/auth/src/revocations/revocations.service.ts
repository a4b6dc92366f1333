import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, LessThan, MoreThan } from 'typeorm';
import { ACCESS_TOKEN_TTL_SECONDS, ActiveRevocationsView, Revocation } from '@sf/contracts';
import { EventPublisher } from '../events/event-publisher';
import { Session } from '../sessions/session.entity';
import { RevocationRecord } from './revocation.entity';

/**
 * Ends sessions and accounts before their access tokens expire: records the revocation (so a
 * gateway that starts later learns it) and announces it (so running gateways act at once).
 */
@Injectable()
export class RevocationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
  ) {}

  /** Inside the caller's transaction: marks the sessions revoked; returns what to announce. */
  async revokeSessions(manager: EntityManager, sessionIds: string[]): Promise<Revocation | null> {
    if (sessionIds.length === 0) return null;
    const until = new Date(Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000);
    const result = await manager
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: () => 'now()' })
      .where({ id: In(sessionIds), revokedAt: IsNull() })
      .returning(['id'])
      .execute();
    const revoked = (result.raw as { id: string }[]).map((r) => r.id);
    if (revoked.length === 0) return null;
    await manager.insert(RevocationRecord, revoked.map((id) => ({ kind: 'session' as const, targetId: id, until })));
    return { kind: 'sessions', session_ids: revoked, until: until.getTime() };
  }

  /** Inside the caller's transaction: every session of the user. */
  async revokeAllSessions(manager: EntityManager, userId: string): Promise<Revocation | null> {
    const sessions = await manager.find(Session, { select: { id: true }, where: { userId, revokedAt: IsNull() } });
    return this.revokeSessions(manager, sessions.map((s) => s.id));
  }

  /** Inside the caller's transaction: the user is gone; every token naming them is refused. */
  async revokeUser(manager: EntityManager, userId: string): Promise<Revocation> {
    const until = new Date(Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000);
    await manager.insert(RevocationRecord, { kind: 'user', targetId: userId, until });
    return { kind: 'user', user_id: userId, until: until.getTime() };
  }

  /** After commit: tells every gateway. */
  async announce(revocation: Revocation | null, userId: string): Promise<void> {
    if (!revocation) return;
    if (revocation.kind === 'sessions') await this.events.publish('auth.session.revoked', userId, revocation);
    else if (revocation.kind === 'api_key') await this.events.publish('auth.api_key.revoked', userId, revocation);
    // user revocations travel inside user.deleted
  }

  /** Revocations still in force, for a gateway that is starting. */
  async active(): Promise<ActiveRevocationsView> {
    const repository = this.dataSource.getRepository(RevocationRecord);
    await repository.delete({ until: LessThan(new Date()) });
    const rows = await repository.find({ where: { until: MoreThan(new Date()) } });
    const revocations: Revocation[] = rows.map((row) =>
      row.kind === 'session'
        ? { kind: 'sessions', session_ids: [row.targetId], until: row.until.getTime() }
        : { kind: 'user', user_id: row.targetId, until: row.until.getTime() },
    );
    return { revocations };
  }
}
