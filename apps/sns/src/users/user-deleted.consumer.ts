import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SnsUserDeletedFeed } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { SnsAccount } from '../accounts/account.entity';
import { AccountsService } from '../accounts/accounts.service';
import { SnsPost, SnsPostTarget } from '../posts/post.entity';
import { SnsSettings } from '../settings/settings.entity';
import { SnsFile } from '../files/file.entity';
import { SnsEventLog } from '../shared/sns-events';

/**
 * A deleted user's platform tokens are revoked (before the delivery is acknowledged: a platform
 * that is down gets the event again later) and their SNS rows deleted, a `post.deleted` recorded
 * for each post.
 */
@Injectable()
export class UserDeletedConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger('UserDeletedConsumer');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consumers: EventConsumers,
    private readonly accounts: AccountsService,
    private readonly events: SnsEventLog,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(SnsUserDeletedFeed, {
      prepare: async (event) => {
        const owned = await this.dataSource.getRepository(SnsAccount).findBy({ userId: event.data.user_id });
        for (const account of owned) await this.accounts.revoke(account);
        this.logger.log({ user_id: event.data.user_id, accounts: owned.length }, 'revoked the deleted user’s platform tokens');
      },
      handle: async (event, manager) => {
        const userId = event.data.user_id;
        // Each post leaves the platform's search index (and anything else that kept it).
        const targets = await manager.findBy(SnsPostTarget, { userId });
        for (const post of await manager.findBy(SnsPost, { userId })) {
          await this.events.record(manager, 'post.deleted', post.id, {
            post_id: post.id,
            user_id: userId,
            targets: targets.filter((t) => t.postId === post.id).map((t) => ({ target_id: t.id, platform: t.platform })),
            deleted_at: new Date().toISOString(),
          });
        }
        await manager.delete(SnsPostTarget, { userId });
        await manager.delete(SnsPost, { userId });
        await manager.delete(SnsAccount, { userId });
        await manager.delete(SnsSettings, { userId });
        await manager.delete(SnsFile, { userId });
      },
    });
  }
}
