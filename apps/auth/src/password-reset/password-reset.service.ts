import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallerContext, MessageView } from '@sf/contracts';
import { returnedRows } from '@sf/database';
import { Unauthorized } from '@sf/errors';
import { AUTH_CONFIG, AuthConfig } from '../auth.config';
import { randomToken, sha256 } from '../crypto-tokens';
import { AuthEventLog } from '../events/auth-event-log';
import { PasswordHasher } from '../passwords/password-hasher';
import { RevocationsService } from '../sessions/revocations.service';
import { User } from '../accounts/user.entity';
import { PasswordResetToken } from './password-reset-token.entity';
import { inTransaction } from '@sf/idempotency';

const REQUESTED: MessageView = { message: 'If the email is registered, a reset link is on its way' };

/** Forgotten passwords: a single-use, expiring token delivered by an event, then a new password. */
@Injectable()
export class PasswordResetService {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly revocations: RevocationsService,
    private readonly events: AuthEventLog,
  ) {}

  /** Answers the same whether or not the email is known, so it reveals no accounts. */
  async request(_ctx: CallerContext, email: string): Promise<MessageView> {
    const user = await this.dataSource.getRepository(User).findOneBy({ email: email.trim().toLowerCase() });
    if (!user) return REQUESTED;
    const token = randomToken('', 32);
    const expiresAt = new Date(Date.now() + this.config.passwordResetTtlMinutes * 60_000);
    await inTransaction(this.dataSource, async (manager) => {
      await manager.insert(PasswordResetToken, { userId: user.id, tokenHash: sha256(token), expiresAt });
      // The notification service turns this event into an email; the token is in it for that.
      await this.events.record(manager, 'auth.password_reset_requested', user.id, {
        user_id: user.id,
        email: user.email,
        name: user.name,
        reset_token: token,
        reset_url: `${this.config.passwordResetUrl}?token=${token}`,
        expires_at: expiresAt.toISOString(),
      });
    });
    return REQUESTED;
  }

  async complete(_ctx: CallerContext, token: string, password: string): Promise<MessageView> {
    const passwordHash = await this.hasher.hash(password);
    const outcome = await inTransaction(this.dataSource, async (manager) => {
      const used = returnedRows<{ user_id: string }>(
        await manager.query(
          `UPDATE password_reset_tokens SET used_at = now()
            WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
            RETURNING user_id`,
          [sha256(token)],
        ),
      );
      if (used.length === 0) return { valid: false as const };
      const userId = used[0].user_id;
      // Any other outstanding link for the account dies with this one.
      await manager.query('UPDATE password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [userId]);
      await manager.update(User, { id: userId }, { passwordHash, failedLogins: 0, lockedUntil: null });
      return { valid: true as const, revocation: (await this.revocations.revokeAllSessions(manager, userId)).event };
    });
    if (!outcome.valid) throw new Unauthorized('Invalid or expired reset token');
    await this.revocations.announce(outcome.revocation);
    return { message: 'Password updated; sign in with the new password' };
  }
}
