import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import { ACCESS_TOKEN_TTL_SECONDS } from '@sf/contracts';
import { RecordedEvent } from '@sf/events';
import { AuthEventLog } from '../events/auth-event-log';
import { Session } from './session.entity';

/**
 * Ends sessions and accounts before their access tokens expire. The revocation is an event in
 * the outbox, committed with the change; gateways apply it from the stream (and replay the last
 * hour of them when they start), so it needs no table of its own.
 */
@Injectable()
export class RevocationsService {
  constructor(private readonly events: AuthEventLog) {}

  /** Inside the caller's transaction: marks the user's sessions revoked and records the event. */
  async revokeSessions(
    manager: EntityManager,
    userId: string,
    sessionIds: string[],
  ): Promise<{ event: RecordedEvent | null; count: number }> {
    if (sessionIds.length === 0) return { event: null, count: 0 };
    const result = await manager
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: () => 'now()' })
      .where({ id: In(sessionIds), userId, revokedAt: IsNull() })
      .returning(['id'])
      .execute();
    const revoked = (result.raw as { id: string }[]).map((r) => r.id);
    if (revoked.length === 0) return { event: null, count: 0 };
    const event = await this.events.record(manager, 'auth.session.revoked', userId, {
      kind: 'sessions',
      session_ids: revoked,
      until: Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000,
    });
    return { event, count: revoked.length };
  }

  /** Inside the caller's transaction: every session of the user. */
  async revokeAllSessions(manager: EntityManager, userId: string): Promise<{ event: RecordedEvent | null; count: number }> {
    const sessions = await manager.find(Session, { select: { id: true }, where: { userId, revokedAt: IsNull() } });
    return this.revokeSessions(
      manager,
      userId,
      sessions.map((s) => s.id),
    );
  }

  /** After commit: the reply must not reach a gateway before the revocation does. */
  announce(event: RecordedEvent | null): Promise<void> {
    return this.events.publishNow(event);
  }
}
