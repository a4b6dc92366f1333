import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuthSessionView, CallerContext, ChangePasswordDto, DeleteAccountDto, RegisterDto, UpdateProfileDto, UserView } from '@sf/contracts';
import { Conflict, NotFound, ValidationFailed } from '@sf/errors';
import { EventPublisher } from '../events/event-publisher';
import { PasswordHasher } from '../passwords/password-hasher';
import { RevocationsService } from '../revocations/revocations.service';
import { SessionIssuer } from '../sessions/session-issuer';
import { User } from './user.entity';
import { toUserView } from './user.view';

const UNIQUE_VIOLATION = '23505';

/** Accounts: sign-up, the profile, the password, and deletion. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly issuer: SessionIssuer,
    private readonly revocations: RevocationsService,
    private readonly events: EventPublisher,
  ) {}

  async register(ctx: CallerContext, dto: RegisterDto): Promise<AuthSessionView> {
    const email = dto.email.trim().toLowerCase();
    if (await this.dataSource.getRepository(User).existsBy({ email })) throw new Conflict('Email already registered');
    const passwordHash = await this.hasher.hash(dto.password);
    let session: AuthSessionView;
    try {
      session = await this.dataSource.transaction(async (manager) => {
        const user = await manager.save(User, manager.create(User, { email, name: dto.name.trim(), passwordHash, roles: ['user'], tier: 'free' }));
        return this.issuer.start(manager, user, ctx);
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new Conflict('Email already registered');
      }
      throw error;
    }
    const { user } = session;
    await this.events.publish('user.registered', user.id, { user_id: user.id, email: user.email, name: user.name, roles: user.roles });
    return session;
  }

  async me(ctx: CallerContext): Promise<UserView> {
    return toUserView(await this.caller(ctx));
  }

  async updateProfile(ctx: CallerContext, dto: UpdateProfileDto): Promise<UserView> {
    const user = await this.caller(ctx);
    if (dto.name !== undefined) user.name = dto.name.trim();
    if (dto.avatar_url !== undefined) user.avatarUrl = dto.avatar_url;
    const saved = await this.dataSource.getRepository(User).save(user);
    await this.events.publish('user.updated', saved.id, { user_id: saved.id, name: saved.name, avatar_url: saved.avatarUrl });
    return toUserView(saved);
  }

  /** Every session ends (a stolen token stops working) and the caller gets a fresh one. */
  async changePassword(ctx: CallerContext, dto: ChangePasswordDto): Promise<AuthSessionView> {
    const user = await this.caller(ctx);
    if (!(await this.hasher.verify(user.passwordHash, dto.current_password))) {
      throw new ValidationFailed({ current_password: ['is incorrect'] });
    }
    const passwordHash = await this.hasher.hash(dto.new_password);
    const { session, revocation } = await this.dataSource.transaction(async (manager) => {
      await manager.update(User, { id: user.id }, { passwordHash, failedLogins: 0, lockedUntil: null });
      const revocation = await this.revocations.revokeAllSessions(manager, user.id);
      return { session: await this.issuer.start(manager, user, ctx), revocation };
    });
    await this.revocations.announce(revocation, user.id);
    return session;
  }

  async deleteAccount(ctx: CallerContext, dto: DeleteAccountDto): Promise<void> {
    const user = await this.caller(ctx);
    if (user.passwordHash && !(await this.hasher.verify(user.passwordHash, dto.password ?? ''))) {
      throw new ValidationFailed({ password: [dto.password ? 'is incorrect' : 'is required to delete the account'] });
    }
    const revocation = await this.dataSource.transaction(async (manager) => {
      const revocation = await this.revocations.revokeUser(manager, user.id);
      await manager.delete(User, { id: user.id });
      return revocation;
    });
    await this.events.publish('user.deleted', user.id, { user_id: user.id, until: revocation.until });
  }

  private async caller(ctx: CallerContext): Promise<User> {
    const user = ctx.user_id ? await this.dataSource.getRepository(User).findOneBy({ id: ctx.user_id }) : null;
    if (!user) throw new NotFound('User');
    return user;
  }
}
