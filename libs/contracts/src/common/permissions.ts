import type { Role } from './caller-context';

/**
 * Every permission an endpoint can require, named as the RBAC seed names them. An endpoint
 * declares one (`access: {kind: 'user', permission}`); a role is a set of them.
 */
export const PERMISSIONS = {
  SNS_READ: 'Read SNS accounts, posts and analytics',
  SNS_WRITE: 'Create, schedule and publish SNS posts',
  REVIEW_READ: 'Read review campaigns and applications',
  REVIEW_WRITE: 'Create campaigns and apply to them',
  COOCOOK_READ: 'Read chefs, bookings, recipes and meal plans',
  COOCOOK_WRITE: 'Book chefs, write recipes, meal plans and shopping lists',
  AUTOMATION_READ: 'Read own automation workflows, runs, tasks and templates',
  AUTOMATION_WRITE: 'Create, change and run automation workflows and tasks',
  FILES_READ: 'Read own files',
  FILES_WRITE: 'Upload and delete own files',
  PAYMENT_READ: 'Read own payments, subscriptions and invoices',
  PAYMENT_WRITE: 'Check out, subscribe and cancel',
  CONTENT_MODERATE: 'Hide or remove content others published',
  TRANSLATIONS_MANAGE: 'Add and change translations',
  ANALYTICS_READ: 'Read platform-wide analytics',
  SUBSCRIPTIONS_READ: "Read every account's subscriptions and the revenue figures",
  SUBSCRIPTIONS_MANAGE: 'Change, cancel and refund any subscription',
  USERS_READ: 'Read every account, its activity and subscriptions',
  USERS_MANAGE: 'Change, ban and deactivate accounts',
  USERS_IMPERSONATE: 'Act as another (non-admin) user for a short while',
  ROLES_READ: 'Read roles, assignments and effective permissions',
  ROLES_MANAGE: 'Create roles, assign them and override permissions',
  AUDIT_READ: 'Read and export the audit log and the security report',
  GDPR_MANAGE: "Export and delete a user's data across the platform",
} as const satisfies Record<string, string>;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

const USER_PERMISSIONS: Permission[] = [
  'SNS_READ',
  'SNS_WRITE',
  'REVIEW_READ',
  'REVIEW_WRITE',
  'COOCOOK_READ',
  'COOCOOK_WRITE',
  'AUTOMATION_READ',
  'AUTOMATION_WRITE',
  'FILES_READ',
  'FILES_WRITE',
  'PAYMENT_READ',
  'PAYMENT_WRITE',
];

/** What each built-in role grants; fixed here so the gateway and admin agree without a lookup. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  user: USER_PERMISSIONS,
  chef: USER_PERMISSIONS,
  moderator: [...USER_PERMISSIONS, 'CONTENT_MODERATE', 'USERS_READ', 'ROLES_READ'],
  translator: [...USER_PERMISSIONS, 'TRANSLATIONS_MANAGE'],
  admin: PERMISSION_NAMES,
};

/** One line each for the built-in roles, as `GET /api/rbac/roles` describes them. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  user: 'Every account: the products it subscribes to',
  chef: 'A CooCook chef: takes bookings',
  moderator: 'Moderates content and reads accounts',
  translator: 'Maintains translations',
  admin: 'Everything, the RBAC and user administration included',
};

/**
 * A caller's effective permissions: their built-in roles' merged, plus `grants` (custom roles
 * and allow overrides), less `denies` (deny overrides win).
 */
export function effectivePermissions(
  roles: readonly string[],
  grants: readonly string[] = [],
  denies: readonly string[] = [],
): Set<string> {
  const held = new Set<string>(grants);
  for (const role of roles) for (const permission of ROLE_PERMISSIONS[role as Role] ?? []) held.add(permission);
  for (const permission of denies) held.delete(permission);
  return held;
}
