import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AuthResolveDemo, systemContext } from '@sf/contracts';
import { RpcClient } from '@sf/messaging';
import { ADMIN_CONFIG, ADMIN_LOGGER, AdminConfig } from '../admin.config';
import { AccessSync } from './access-sync.service';
import { inTransaction } from '@sf/idempotency';

/** How long start-up waits, in all, for auth to answer before it gives up making the first admin. */
const AUTH_WAIT_MS = 120_000;

/**
 * Makes sure someone can administer a fresh platform: in demo mode the demo user, otherwise the
 * accounts named by `ADMIN_EMAILS`, as they appear, while no admin exists yet.
 */
@Injectable()
export class FirstAdmin implements OnApplicationShutdown {
  private stopped = false;

  constructor(
    @Inject(ADMIN_CONFIG) private readonly config: AdminConfig,
    @Inject(ADMIN_LOGGER) private readonly logger: Logger,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rpc: RpcClient,
    private readonly access: AccessSync,
  ) {}

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  /** At start, in the background: auth may start after this service. */
  start(): void {
    void this.ensure().catch((error: unknown) => this.logger.warn({ err: String(error) }, 'could not make the first admin'));
  }

  private async ensure(): Promise<void> {
    const deadline = Date.now() + AUTH_WAIT_MS;
    for (let delay = 250; !this.stopped; delay = Math.min(delay * 2, 5000)) {
      try {
        if (this.config.common.demoMode) {
          const demo = await this.rpc.call(AuthResolveDemo, { ctx: systemContext('admin-first-admin'), body: {} });
          if (!demo.roles.includes('admin')) await this.promote(demo.user_id, 'the demo user');
        }
        const named = (await this.dataSource.query(
          `SELECT user_id, email FROM accounts WHERE status = 'active' AND email = ANY($1) AND NOT ('admin' = ANY(roles))`,
          [this.config.adminEmails],
        )) as { user_id: string; email: string }[];
        for (const account of named) this.consider(account.user_id, account.email);
        return;
      } catch (error) {
        if (Date.now() + delay > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** A new account named by `ADMIN_EMAILS` becomes admin when no admin exists yet. */
  consider(userId: string, email: string | null): void {
    if (!email || !this.config.adminEmails.includes(email.toLowerCase())) return;
    void (async () => {
      const [{ admins }] = (await this.dataSource.query(
        `SELECT count(*)::int AS admins FROM accounts WHERE status = 'active' AND 'admin' = ANY(roles) AND user_id <> $1`,
        [userId],
      )) as { admins: number }[];
      if (admins === 0) await this.promote(userId, email);
    })().catch((error: unknown) => this.logger.warn({ err: String(error), user_id: userId }, 'could not make the first admin'));
  }

  private async promote(userId: string, who: string): Promise<void> {
    await inTransaction(this.dataSource, (manager) =>
      this.access.sync(systemContext('admin-first-admin'), manager, userId, { add: ['admin'] }),
    );
    this.logger.info({ user_id: userId }, `${who} is an admin`);
  }
}
