import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  AccountStatusView,
  AdminUpdateUserBody,
  AuthSessionView,
  CallerContext,
  ChangeAccessBody,
  ChangePasswordDto,
  DeleteAccountDto,
  IMPERSONATION_TOKEN_TTL_SECONDS,
  ImpersonateBody,
  ImpersonationTokenView,
  RegisterDto,
  Role,
  UpdateProfileDto,
  UserAccessView,
  UserView,
} from '@sf/contracts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '@sf/errors';
import { AuthEventLog } from '../events/auth-event-log';
import { PasswordHasher } from '../passwords/password-hasher';
import { RevocationsService } from '../sessions/revocations.service';
import { SessionIssuer } from '../sessions/session-issuer';
import { User } from '../accounts/user.entity';
import { toUserView } from '../accounts/user.view';
import { loadCaller } from '../accounts/load-caller';
import { UserViewReader } from './user-view-reader';
import { inTransaction } from '@sf/idempotency';

const UNIQUE_VIOLATION = '23505';

/** Accounts: sign-up, the profile, the password, and deletion. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly issuer: SessionIssuer,
    private readonly revocations: RevocationsService,
    private readonly events: AuthEventLog,
    private readonly views: UserViewReader,
  ) {}

  async register(ctx: CallerContext, dto: RegisterDto): Promise<AuthSessionView> {
    const email = dto.email.trim().toLowerCase();
    if (await this.dataSource.getRepository(User).existsBy({ email })) throw new Conflict('Email already registered');
    const passwordHash = await this.hasher.hash(dto.password);
    let session: AuthSessionView;
    try {
      session = await inTransaction(this.dataSource, async (manager) => {
        const user = await manager.save(User, manager.create(User, { email, name: dto.name, passwordHash, roles: ['user'], tier: 'free' }));
        await this.events.record(manager, 'user.registered', user.id, {
          user_id: user.id,
          email: user.email,
          name: user.name,
          roles: user.roles,
        });
        return this.issuer.start(manager, user, ctx, 'registration');
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new Conflict('Email already registered');
      }
      throw error;
    }
    return session;
  }

  async me(ctx: CallerContext): Promise<UserView> {
    return this.views.read(ctx);
  }

  async updateProfile(ctx: CallerContext, dto: UpdateProfileDto): Promise<UserView> {
    const user = await loadCaller(this.dataSource, ctx);
    if (dto.name !== undefined) user.name = dto.name;
    if (dto.avatar_url !== undefined) user.avatarUrl = dto.avatar_url;
    const saved = await inTransaction(this.dataSource, async (manager) => {
      const saved = await manager.save(User, user);
      await this.events.record(manager, 'user.updated', saved.id, { user_id: saved.id, name: saved.name, avatar_url: saved.avatarUrl });
      return saved;
    });
    return toUserView(saved);
  }

  /** Every session ends (a stolen token stops working) and the caller gets a fresh one. */
  async changePassword(ctx: CallerContext, dto: ChangePasswordDto): Promise<AuthSessionView> {
    const user = await loadCaller(this.dataSource, ctx);
    if (!(await this.hasher.verify(user.passwordHash, dto.current_password))) {
      throw new ValidationFailed({ current_password: ['is incorrect'] });
    }
    const passwordHash = await this.hasher.hash(dto.new_password);
    const { session, revocation } = await inTransaction(this.dataSource, async (manager) => {
      await manager.update(User, { id: user.id }, { passwordHash, failedLogins: 0, lockedUntil: null });
      const { event } = await this.revocations.revokeAllSessions(manager, user.id);
      return { session: await this.issuer.start(manager, user, ctx, 'password_change'), revocation: event };
    });
    await this.revocations.announce(revocation);
    return session;
  }

  async deleteAccount(ctx: CallerContext, dto: DeleteAccountDto): Promise<void> {
    const user = await loadCaller(this.dataSource, ctx);
    if (user.passwordHash && !(await this.hasher.verify(user.passwordHash, dto.password ?? ''))) {
      throw new ValidationFailed({ password: [dto.password ? 'is incorrect' : 'is required to delete the account'] });
    }
    // Every token naming the user is refused until the last one would have expired.
    const until = Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000;
    const deleted = await inTransaction(this.dataSource, async (manager) => {
      await manager.delete(User, { id: user.id });
      return this.events.record(manager, 'user.deleted', user.id, { user_id: user.id, until });
    });
    await this.events.publishNow(deleted);
  }

  /**
   * Sets a user's roles (service-to-service). Tokens carry roles, so withdrawing one ends the
   * user's sessions at once; a granted role arrives with the next refresh.
   */
  async setRoles(userId: string, roles: Role[]): Promise<UserView> {
    const wanted = [...new Set<Role>(['user', ...roles])];
    const { user, revocation } = await inTransaction(this.dataSource, async (manager) => {
      const user = await manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFound('User');
      const previous = user.roles;
      if (previous.length === wanted.length && previous.every((r) => wanted.includes(r))) return { user, revocation: null };
      user.roles = wanted;
      await manager.save(User, user);
      await this.events.record(manager, 'user.role_changed', user.id, {
        user_id: user.id,
        roles: wanted,
        previous_roles: previous,
        permission_grants: user.permissionGrants,
        permission_denies: user.permissionDenies,
      });
      const withdrawn = previous.some((r) => !wanted.includes(r));
      return { user, revocation: withdrawn ? (await this.revocations.revokeAllSessions(manager, user.id)).event : null };
    });
    await this.revocations.announce(revocation);
    return toUserView(user);
  }

  /**
   * Admin's RBAC: built-in roles added or withdrawn and the permission overrides replaced, in one
   * step. Sessions go on: gateways apply `user.role_changed` to the tokens already issued, and
   * new tokens carry the change. The last admin keeps the role.
   */
  async changeAccess(change: ChangeAccessBody): Promise<UserAccessView> {
    const { user, event } = await inTransaction(this.dataSource, async (manager) => {
      if (change.remove_roles?.includes('admin')) {
        // Every change that withdraws admin takes this lock first, so two cannot both see another admin left.
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext('auth.users.last_admin'))`);
      }
      const user = await manager.findOne(User, { where: { id: change.user_id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFound('User');
      const previous = user.roles;
      const removed = new Set<Role>((change.remove_roles ?? []).filter((r) => r !== 'user'));
      const roles = [...new Set<Role>(['user', ...previous, ...(change.add_roles ?? [])])].filter((r) => !removed.has(r));
      if (previous.includes('admin') && !roles.includes('admin')) {
        const [{ admins }] = (await manager.query(`SELECT count(*)::int AS admins FROM users WHERE 'admin' = ANY(roles) AND id <> $1`, [
          user.id,
        ])) as { admins: number }[];
        if (admins === 0) throw new Conflict('The last admin keeps the admin role');
      }
      const grants = change.permission_grants ? [...new Set(change.permission_grants)].sort() : user.permissionGrants;
      const denies = change.permission_denies ? [...new Set(change.permission_denies)].sort() : user.permissionDenies;
      const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
      if (same(previous, roles) && same(user.permissionGrants, grants) && same(user.permissionDenies, denies)) return { user, event: null };
      user.roles = roles;
      user.permissionGrants = grants;
      user.permissionDenies = denies;
      await manager.save(User, user);
      const event = await this.events.record(manager, 'user.role_changed', user.id, {
        user_id: user.id,
        roles,
        previous_roles: previous,
        permission_grants: grants,
        permission_denies: denies,
      });
      return { user, event };
    });
    // Gateways must hold the change before the caller is told it is done.
    await this.events.publishNow(event);
    return { user: toUserView(user), permission_grants: user.permissionGrants, permission_denies: user.permissionDenies };
  }

  /**
   * Admin's changes to an account. Anything but active ends every session at once (the gateways
   * hold the revocation before this answers); sign-ins and API keys are refused from then on.
   */
  async adminUpdate(change: AdminUpdateUserBody): Promise<AccountStatusView> {
    const { user, events } = await inTransaction(this.dataSource, async (manager) => {
      const user = await manager.findOne(User, { where: { id: change.user_id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFound('User');
      const recorded = [];
      if (change.name !== undefined && change.name.trim() !== user.name) {
        user.name = change.name.trim();
        recorded.push(
          await this.events.record(manager, 'user.updated', user.id, { user_id: user.id, name: user.name, avatar_url: user.avatarUrl }),
        );
      }
      const previous = user.status;
      if (change.status !== undefined) {
        user.status = change.status;
        user.banReason = change.status === 'banned' ? (change.ban_reason ?? null) : null;
        user.bannedUntil = change.status === 'banned' && change.banned_until ? new Date(change.banned_until) : null;
        recorded.push(
          await this.events.record(manager, 'user.status_changed', user.id, {
            user_id: user.id,
            status: user.status,
            previous_status: previous,
            reason: user.banReason,
            until: user.bannedUntil?.toISOString() ?? null,
          }),
        );
        if (user.status !== 'active') recorded.push((await this.revocations.revokeAllSessions(manager, user.id)).event);
      }
      await manager.save(User, user);
      return { user, events: recorded };
    });
    await this.events.publishNow(...events);
    return {
      user: toUserView(user),
      status: user.status,
      ban_reason: user.banReason,
      banned_until: user.bannedUntil?.toISOString() ?? null,
    };
  }

  /** For admin: a short token acting as the user, never as an admin. */
  async impersonate(ctx: CallerContext, body: ImpersonateBody): Promise<ImpersonationTokenView> {
    return inTransaction(this.dataSource, async (manager) => {
      const user = await manager.findOneBy(User, { id: body.user_id });
      if (!user) throw new NotFound('User');
      if (user.roles.includes('admin')) throw new Forbidden('An admin cannot be impersonated');
      const token = await this.issuer.impersonation(manager, user, body.actor_id, ctx);
      return {
        access_token: token,
        token_type: 'Bearer',
        expires_in: IMPERSONATION_TOKEN_TTL_SECONDS,
        impersonator_id: body.actor_id,
        user: toUserView(user),
      };
    });
  }
}
