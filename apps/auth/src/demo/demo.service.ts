import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ResolvedCredential } from '@sf/contracts';
import { Unauthorized } from '@sf/errors';
import { AUTH_CONFIG, AuthConfig } from '../auth.config';
import { PasswordHasher } from '../passwords/password-hasher';
import { User } from '../accounts/user.entity';
import { AuthEventLog } from '../events/auth-event-log';
import { inTransaction } from '@sf/idempotency';

/** Demo mode: the seeded demo user that `Bearer demo_token` stands for. */
@Injectable()
export class DemoService {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly events: AuthEventLog,
  ) {}

  /** Creates the demo user when missing (demo mode only; idempotent across replicas). */
  async seed(): Promise<void> {
    if (!this.config.common.demoMode) return;
    const { email, name, password } = this.config.demo;
    if (await this.dataSource.getRepository(User).existsBy({ email })) return;
    const passwordHash = await this.hasher.hash(password);
    await inTransaction(this.dataSource, async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(User)
        .values({ email, name, passwordHash, roles: ['user'], tier: 'free' })
        .orIgnore()
        .returning(['id'])
        .execute();
      const id = (inserted.raw as { id: string }[])[0]?.id;
      // Announced like any account, so read models (the platform's dashboard) know the demo user.
      if (id) await this.events.record(manager, 'user.registered', id, { user_id: id, email, name, roles: ['user'] });
    });
  }

  async resolve(): Promise<ResolvedCredential> {
    if (!this.config.common.demoMode) throw new Unauthorized('Invalid token');
    const user = await this.dataSource.getRepository(User).findOneBy({ email: this.config.demo.email });
    if (!user) throw new Unauthorized('Invalid token');
    return {
      user_id: user.id,
      roles: user.roles,
      tier: user.tier,
      scopes: null,
      api_key_id: null,
      session_id: null,
      expires_at: null,
      permission_grants: user.permissionGrants,
      permission_denies: user.permissionDenies,
    };
  }
}
