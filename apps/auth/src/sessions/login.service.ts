import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthSessionView, CallerContext, LoginDto, VerifyTwoFactorLoginDto } from '@sf/contracts';
import { returnedRows } from '@sf/database';
import { RateLimited, TwoFactorRequired, Unauthorized } from '@sf/errors';
import { AUTH_CONFIG, AuthConfig } from '../auth.config';
import { PasswordHasher } from '../passwords/password-hasher';
import { TwoFactorChallenge, VerifiedChallenge } from '../two-factor/two-factor-challenge';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { User } from '../accounts/user.entity';
import { AuthEventLog } from '../events/auth-event-log';
import { SessionIssuer } from './session-issuer';
import { inTransaction } from '@sf/idempotency';

/** Password sign-in, with per-account lockout and the second factor when it is on. */
@Injectable()
export class LoginService {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly issuer: SessionIssuer,
    private readonly challenges: TwoFactorChallenge,
    private readonly twoFactor: TwoFactorService,
    private readonly events: AuthEventLog,
  ) {}

  async login(ctx: CallerContext, dto: LoginDto): Promise<AuthSessionView> {
    const user = await this.dataSource.getRepository(User).findOneBy({ email: dto.email.trim().toLowerCase() });
    this.refuseIfLocked(user);
    // Unknown emails are hashed against a dummy so they take as long as known ones.
    const passwordOk = await this.hasher.verify(user?.passwordHash ?? null, dto.password);
    if (!user || !passwordOk) {
      if (user) await this.recordFailure(user, ctx, 'password');
      throw new Unauthorized('Invalid email or password');
    }
    if (user.totpEnabled) {
      if (!dto.totp_code) throw new TwoFactorRequired(this.challenges.issue(user.id));
      return this.completeSecondFactor(ctx, user, dto.totp_code);
    }
    return inTransaction(this.dataSource, async (manager) => {
      if (user.failedLogins > 0) await manager.update(User, { id: user.id }, { failedLogins: 0, lockedUntil: null });
      return this.issuer.start(manager, user, ctx, 'password');
    });
  }

  async verifyTwoFactor(ctx: CallerContext, dto: VerifyTwoFactorLoginDto): Promise<AuthSessionView> {
    const challenge = this.challenges.verify(dto.challenge_token);
    const user = await this.dataSource.getRepository(User).findOneBy({ id: challenge.userId });
    if (!user || !user.totpEnabled) throw new Unauthorized('Invalid or expired two-factor challenge');
    this.refuseIfLocked(user);
    return this.completeSecondFactor(ctx, user, dto.code, challenge);
  }

  private async completeSecondFactor(
    ctx: CallerContext,
    user: User,
    code: string,
    challenge?: VerifiedChallenge,
  ): Promise<AuthSessionView> {
    const session = await inTransaction(this.dataSource, async (manager) => {
      if (!(await this.twoFactor.consume(manager, user, code))) return null;
      // After the code matched, so a mistyped code leaves the challenge usable for the next try.
      if (challenge && !(await this.challenges.spend(manager, challenge))) {
        throw new Unauthorized('Invalid or expired two-factor challenge');
      }
      await manager.update(User, { id: user.id }, { failedLogins: 0, lockedUntil: null });
      return this.issuer.start(manager, user, ctx, 'two_factor');
    });
    if (session) return session;
    await this.recordFailure(user, ctx, 'two_factor');
    throw new Unauthorized('Invalid two-factor code');
  }

  private refuseIfLocked(user: User | null): void {
    if (user?.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
      throw new RateLimited('Too many failed sign-in attempts; try again later', (user.lockedUntil.getTime() - Date.now()) / 1000);
    }
  }

  /** Counts a failure; the one that reaches the limit locks the account for a while and restarts the count. */
  private async recordFailure(user: User, ctx: CallerContext, reason: 'password' | 'two_factor'): Promise<void> {
    const { maxFailures, lockSeconds } = this.config.lockout;
    const result: unknown = await inTransaction(this.dataSource, async (manager) => {
      await this.events.record(manager, 'auth.login.failed', user.id, { user_id: user.id, ip: ctx.ip, reason });
      return manager.query(
        `UPDATE users
          SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
              locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END
        WHERE id = $1
        RETURNING locked_until`,
        [user.id, maxFailures, lockSeconds],
      );
    });
    const lockedUntil = returnedRows<{ locked_until: Date | null }>(result)[0]?.locked_until;
    if (lockedUntil && new Date(lockedUntil).getTime() > Date.now()) {
      throw new RateLimited('Too many failed sign-in attempts; try again later', lockSeconds);
    }
  }
}
