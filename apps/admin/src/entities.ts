import { EVENT_ENTITIES } from '@sf/events';
import { Account } from './accounts/account.entity';
import { AuditEntry } from './audit/audit-entry.entity';
import { AccountActivity, AccountSubscription } from './accounts/activity.entity';
import { GdprRequest, GdprRequestPart } from './gdpr/gdpr-request.entity';
import { PermissionOverride, RbacRole, RoleAssignment } from './rbac/rbac.entity';
import { IDEMPOTENCY_ENTITIES } from '@sf/idempotency';

export const ADMIN_ENTITIES = [
  ...IDEMPOTENCY_ENTITIES,
  ...EVENT_ENTITIES,
  Account,
  AccountActivity,
  AccountSubscription,
  RbacRole,
  RoleAssignment,
  PermissionOverride,
  AuditEntry,
  GdprRequest,
  GdprRequestPart,
];
