import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ReviewUserDirectoryFeed } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { EntityManager } from 'typeorm';

/**
 * Keeps `user_profiles` from auth's events, so campaign owners see applicants' names without a call
 * to auth. A deleted user's profile, accounts (with their tokens), bookmarks and rules go; their
 * applications stay for the campaigns' records, under an empty name.
 */
@Injectable()
export class UserDirectory implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumers) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(ReviewUserDirectoryFeed, async (event, manager) => {
      switch (event.type) {
        case 'user.registered':
        case 'user.updated':
          await this.upsert(manager, event.data.user_id, event.data.name);
          return;
        case 'user.deleted':
          await this.forget(manager, event.data.user_id);
          return;
        default:
          return;
      }
    });
  }

  private async upsert(manager: EntityManager, userId: string, name: string): Promise<void> {
    await manager.query(
      `INSERT INTO user_profiles (user_id, name, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name, updated_at = now()`,
      [userId, name],
    );
  }

  private async forget(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM user_profiles WHERE user_id = $1`, [userId]);
    await manager.query(`UPDATE accounts SET deleted_at = now(), auth_token_encrypted = '' WHERE user_id = $1 AND deleted_at IS NULL`, [
      userId,
    ]);
    await manager.query(`DELETE FROM bookmarks WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM auto_apply_rules WHERE user_id = $1`, [userId]);
  }
}
