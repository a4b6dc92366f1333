import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AdminAuditFeed, EventOf } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { AuditLog, AuditRecord } from './audit-log.service';

type AuthEvent = EventOf<(typeof AdminAuditFeed)['reads']>;

/** The audit line an auth event makes, or null for those that are not security events. */
export function auditOf(event: AuthEvent): AuditRecord | null {
  const at = new Date(event.time);
  const base = { at, details: { event_id: event.id } };
  switch (event.type) {
    case 'auth.login.succeeded':
      return {
        ...base,
        action: 'auth.login.succeeded',
        resource_type: 'session',
        resource_id: event.data.session_id,
        user_id: event.data.user_id,
        actor_id: event.data.user_id,
        ip: event.data.ip,
      };
    case 'auth.login.failed':
      return {
        ...base,
        action: 'auth.login.failed',
        resource_type: 'user',
        resource_id: event.data.user_id,
        user_id: event.data.user_id,
        ip: event.data.ip,
        details: { ...base.details, reason: event.data.reason },
      };
    case 'user.role_changed':
      return {
        ...base,
        action: 'user.role_changed',
        resource_type: 'user',
        resource_id: event.data.user_id,
        user_id: event.data.user_id,
        details: {
          ...base.details,
          roles: event.data.roles,
          previous_roles: event.data.previous_roles,
          permission_grants: event.data.permission_grants ?? [],
          permission_denies: event.data.permission_denies ?? [],
        },
      };
    case 'user.status_changed':
      return {
        ...base,
        action: `user.${event.data.status === 'active' ? 'reactivated' : event.data.status}`,
        resource_type: 'user',
        resource_id: event.data.user_id,
        user_id: event.data.user_id,
        details: { ...base.details, reason: event.data.reason, until: event.data.until },
      };
    case 'user.deleted':
      return { ...base, action: 'user.deleted', resource_type: 'user', resource_id: event.data.user_id, user_id: event.data.user_id };
    case 'auth.api_key.created':
      return {
        ...base,
        action: 'api_key.created',
        resource_type: 'api_key',
        resource_id: event.data.api_key_id,
        user_id: event.data.user_id,
        actor_id: event.data.user_id,
        details: { ...base.details, name: event.data.name, permissions: event.data.permissions },
      };
    case 'auth.api_key.revoked':
      return {
        ...base,
        action: 'api_key.revoked',
        resource_type: 'api_key',
        resource_id: event.data.api_key_id,
        user_id: event.subject ?? null,
      };
    case 'auth.session.revoked':
      return {
        ...base,
        action: 'session.revoked',
        resource_type: 'session',
        user_id: event.subject ?? null,
        details: { ...base.details, sessions: event.data.session_ids.length },
      };
    default:
      // Registrations and profile changes are not security events; a reset link must never be kept.
      return null;
  }
}

/** Auth's security events, each a line of the audit log (once: the inbox de-duplicates). */
@Injectable()
export class AuditConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly audit: AuditLog,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(AdminAuditFeed, (event, manager) => this.apply(event, manager));
  }

  async apply(event: AuthEvent, manager: EntityManager): Promise<void> {
    const record = auditOf(event);
    if (record) await this.audit.append(manager, record);
  }
}
