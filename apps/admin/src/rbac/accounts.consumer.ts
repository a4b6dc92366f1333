import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AdminAccountsFeed, EventOf } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { recordActivity } from '../accounts/activity.consumer';
import { FirstAdmin } from './first-admin.service';

type AccountEvent = EventOf<(typeof AdminAccountsFeed)['reads']>;

/** Admin's projection of every account, from auth's `user.*` events. */
@Injectable()
export class AccountsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly firstAdmin: FirstAdmin,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(AdminAccountsFeed, (event, manager) => this.apply(event, manager));
  }

  async apply(event: AccountEvent, manager: EntityManager): Promise<void> {
    const at = new Date(event.time);
    switch (event.type) {
      case 'user.registered':
        await manager.query(
          `INSERT INTO accounts (user_id, email, name, roles, status, registered_at, roles_at) VALUES ($1, $2, $3, $4, 'active', $5, $5)
           ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, registered_at = EXCLUDED.registered_at`,
          [event.data.user_id, event.data.email, event.data.name, event.data.roles, at],
        );
        this.firstAdmin.consider(event.data.user_id, event.data.email);
        return;
      case 'user.updated':
        await manager.query(`UPDATE accounts SET name = $2 WHERE user_id = $1`, [event.data.user_id, event.data.name]);
        return;
      case 'user.role_changed':
        await manager.query(
          `INSERT INTO accounts (user_id, roles, roles_at) VALUES ($1, $2, $3)
           ON CONFLICT (user_id) DO UPDATE SET roles = EXCLUDED.roles, roles_at = EXCLUDED.roles_at WHERE accounts.roles_at IS NULL OR accounts.roles_at <= EXCLUDED.roles_at`,
          [event.data.user_id, event.data.roles, at],
        );
        await recordActivity(manager, event, event.data.user_id, 'role_changed', null, {
          roles: event.data.roles,
          previous_roles: event.data.previous_roles,
        });
        return;
      case 'user.status_changed':
        await manager.query(
          `UPDATE accounts SET status = $2, ban_reason = $3, banned_until = $4 WHERE user_id = $1 AND status <> 'deleted'`,
          [event.data.user_id, event.data.status, event.data.reason, event.data.until],
        );
        await recordActivity(manager, event, event.data.user_id, 'status_changed', null, {
          status: event.data.status,
          previous_status: event.data.previous_status,
          reason: event.data.reason,
          until: event.data.until,
        });
        return;
      case 'user.tier_changed':
        await manager.query(`UPDATE accounts SET tier = $2 WHERE user_id = $1`, [event.data.user_id, event.data.tier]);
        return;
      case 'user.deleted':
        await manager.query(`UPDATE accounts SET status = 'deleted', roles = '{}' WHERE user_id = $1`, [event.data.user_id]);
        await manager.query(`DELETE FROM role_assignments WHERE user_id = $1`, [event.data.user_id]);
        await manager.query(`DELETE FROM permission_overrides WHERE user_id = $1`, [event.data.user_id]);
        return;
      default:
        return;
    }
  }
}
