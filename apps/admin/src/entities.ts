import { EVENT_ENTITIES } from '@sf/events';
import { Account } from './accounts/account.entity';
import { PermissionOverride, RbacRole, RoleAssignment } from './rbac/rbac.entity';

export const ADMIN_ENTITIES = [...EVENT_ENTITIES, Account, RbacRole, RoleAssignment, PermissionOverride];
