import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  ACCESS_TOKEN_TTL_SECONDS,
  AuthSessionView,
  CallerContext,
  IMPERSONATION_TOKEN_TTL_SECONDS,
  LoginMethod,
} from '@sf/contracts';
import { Forbidden } from '@sf/errors';
import { AUTH_CONFIG, AuthConfig } from '../auth.config';
import { randomToken, sha256 } from '../crypto-tokens';
import { SigningKeys } from '../keys/signing-keys.service';
import { User } from '../accounts/user.entity';
import { toUserView } from '../accounts/user.view';
import { AuthEventLog } from '../events/auth-event-log';
import { RefreshToken, Session } from './session.entity';

/** Banned (while the ban lasts) and deactivated accounts start no session. */
export function isSuspended(user: Pick<User, 'status' | 'bannedUntil'>): boolean {
  if (user.status === 'deactivated') return true;
  return user.status === 'banned' && (!user.bannedUntil || user.bannedUntil.getTime() > Date.now());
}

export function refuseIfSuspended(user: Pick<User, 'status' | 'bannedUntil'>): void {
  if (isSuspended(user)) throw new Forbidden(user.status === 'banned' ? 'This account is banned' : 'This account is deactivated');
}

/** Starts sessions and mints the token pair every sign-in path answers with. */
@Injectable()
export class SessionIssuer {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly keys: SigningKeys,
    private readonly events: AuthEventLog,
  ) {}

  /** A new session (device) for the user, inside the caller's transaction. */
  async start(manager: EntityManager, user: User, ctx: CallerContext, method: LoginMethod): Promise<AuthSessionView> {
    refuseIfSuspended(user);
    const session = await manager.save(Session, manager.create(Session, { userId: user.id, ip: ctx.ip.slice(0, 64), userAgent: null }));
    await this.events.record(manager, 'auth.login.succeeded', user.id, { user_id: user.id, session_id: session.id, ip: ctx.ip, method });
    return this.issue(manager, user, session.id);
  }

  /** A token pair for an existing session: a fresh access token and the next refresh token. */
  async issue(manager: EntityManager, user: User, sessionId: string): Promise<AuthSessionView> {
    const refreshToken = randomToken('rt_');
    await manager.insert(RefreshToken, {
      sessionId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 86_400_000),
    });
    return {
      access_token: this.accessToken(user, sessionId),
      refresh_token: refreshToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_SECONDS,
      user: toUserView(user),
    };
  }

  /**
   * An impersonation token: a session of its own (so a ban or "log out everywhere" ends it), a
   * short access token naming the admin in `act`, and no refresh token.
   */
  async impersonation(manager: EntityManager, user: User, actorId: string, ctx: CallerContext): Promise<string> {
    refuseIfSuspended(user);
    const session = await manager.save(
      Session,
      manager.create(Session, { userId: user.id, ip: ctx.ip.slice(0, 64), userAgent: `impersonation by ${actorId}` }),
    );
    return this.accessToken(user, session.id, { actorId, ttlSeconds: IMPERSONATION_TOKEN_TTL_SECONDS });
  }

  private accessToken(user: User, sessionId: string, impersonation?: { actorId: string; ttlSeconds: number }): string {
    return this.keys.sign(
      {
        roles: user.roles,
        tier: user.tier,
        sid: sessionId,
        // Only when admin set some, so most tokens stay as small as before.
        ...(user.permissionGrants?.length ? { perm_grants: user.permissionGrants } : {}),
        ...(user.permissionDenies?.length ? { perm_denies: user.permissionDenies } : {}),
        ...(impersonation ? { act: { sub: impersonation.actorId } } : {}),
      },
      {
        subject: user.id,
        jwtid: randomUUID(),
        expiresIn: impersonation?.ttlSeconds ?? ACCESS_TOKEN_TTL_SECONDS,
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
      },
    );
  }
}
