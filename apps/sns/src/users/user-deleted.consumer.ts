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

/**
 * A deleted user's platform tokens are revoked (before the delivery is acknowledged: a platform
 * that is down gets the event again later) and their SNS rows deleted.
 */
@Injectable()
export class UserDeletedConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger('UserDeletedConsumer');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consumers: EventConsumers,
    private readonly accounts: AccountsService,
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
        await manager.delete(SnsPostTarget, { userId });
        await manager.delete(SnsPost, { userId });
        await manager.delete(SnsAccount, { userId });
        await manager.delete(SnsSettings, { userId });
        await manager.delete(SnsFile, { userId });
      },
    });
  }
}
