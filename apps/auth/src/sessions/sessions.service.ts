import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthSessionView, LogoutAllView, MessageView, UserContext } from '@sf/contracts';
import { RecordedEvent } from '@sf/events';
import { returnedRows } from '@sf/database';
import { Unauthorized } from '@sf/errors';
import { sha256 } from '../crypto-tokens';
import { RevocationsService } from './revocations.service';
import { User } from '../accounts/user.entity';
import { SessionIssuer } from './session-issuer';
import { RefreshToken } from './session.entity';
import { inTransaction } from '@sf/idempotency';

type RefreshOutcome =
  { kind: 'rotated'; view: AuthSessionView } | { kind: 'reused'; revocation: RecordedEvent | null } | { kind: 'invalid' };

/** Refresh-token rotation and signing out. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly issuer: SessionIssuer,
    private readonly revocations: RevocationsService,
  ) {}

  /**
   * Each refresh token works once. The UPDATE that marks it used is the race's referee: of two
   * requests presenting the same token only one rotates; presenting a used token again means it
   * leaked, and the whole session (token family) ends.
   */
  async refresh(refreshToken: string): Promise<AuthSessionView> {
    const tokenHash = sha256(refreshToken);
    const outcome = await inTransaction(this.dataSource, async (manager): Promise<RefreshOutcome> => {
      const rotated = returnedRows<{ session_id: string; user_id: string }>(
        await manager.query(
          `UPDATE refresh_tokens t SET used_at = now()
           FROM sessions s
          WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > now()
            AND s.id = t.session_id AND s.revoked_at IS NULL
          RETURNING t.session_id, s.user_id`,
          [tokenHash],
        ),
      );
      if (rotated.length === 1) {
        const user = await manager.findOneByOrFail(User, { id: rotated[0].user_id });
        return { kind: 'rotated', view: await this.issuer.issue(manager, user, rotated[0].session_id) };
      }
      const known = await manager.findOne(RefreshToken, { where: { tokenHash }, relations: { session: true } });
      if (known?.usedAt && known.session && !known.session.revokedAt) {
        const { event } = await this.revocations.revokeSessions(manager, known.session.userId, [known.sessionId]);
        return { kind: 'reused', revocation: event };
      }
      return { kind: 'invalid' };
    });
    if (outcome.kind === 'rotated') return outcome.view;
    if (outcome.kind === 'reused') {
      await this.revocations.announce(outcome.revocation);
      throw new Unauthorized('Refresh token was already used; the session has been ended');
    }
    throw new Unauthorized('Invalid or expired refresh token');
  }

  /** Ends the calling session, and the session of `refreshToken` when it is the caller's. */
  async logout(ctx: UserContext, refreshToken: string | undefined): Promise<MessageView> {
    const userId = ctx.user_id;
    const { event } = await inTransaction(this.dataSource, async (manager) => {
      const sessionIds = ctx.session_id ? [ctx.session_id] : [];
      if (refreshToken) {
        const token = await manager.findOneBy(RefreshToken, { tokenHash: sha256(refreshToken) });
        if (token) sessionIds.push(token.sessionId);
      }
      // Only the caller's own sessions match: a stranger's refresh token is ignored.
      return this.revocations.revokeSessions(manager, userId, [...new Set(sessionIds)]);
    });
    await this.revocations.announce(event);
    return { message: 'Logged out' };
  }

  async logoutEverywhere(ctx: UserContext): Promise<LogoutAllView> {
    const userId = ctx.user_id;
    const { event, count } = await inTransaction(this.dataSource, (manager) => this.revocations.revokeAllSessions(manager, userId));
    await this.revocations.announce(event);
    return { revoked_sessions: count };
  }
}
