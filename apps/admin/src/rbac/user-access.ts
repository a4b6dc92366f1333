import { effectivePermissions, Permission, PERMISSION_NAMES } from '@sf/contracts';

/** What admin holds about one user's access, and what follows from it. */
export interface AccessState {
  /** Built-in roles, as auth holds them. */
  roles: string[];
  /** Permissions of the custom roles the user holds now (unexpired). */
  customPermissions: string[];
  overrides: { permission: string; effect: 'allow' | 'deny' }[];
}

/** What auth carries in tokens beyond the roles: the grants (custom roles, allows) and the denies. */
export function overridesFor(state: AccessState): { grants: string[]; denies: string[] } {
  const grants = new Set(state.customPermissions);
  const denies = new Set<string>();
  for (const o of state.overrides) (o.effect === 'allow' ? grants : denies).add(o.permission);
  for (const d of denies) grants.delete(d);
  return { grants: [...grants].sort(), denies: [...denies].sort() };
}

/** The user's effective permissions, in the catalogue's order. */
export function permissionsOf(state: AccessState): Permission[] {
  const { grants, denies } = overridesFor(state);
  const held = effectivePermissions(state.roles, grants, denies);
  return PERMISSION_NAMES.filter((p) => held.has(p));
}

/** `admin` when the user can change others' access, `elevated` beyond a plain user's, else `standard`. */
export function accessLevelOf(permissions: readonly string[]): 'admin' | 'elevated' | 'standard' {
  if (permissions.includes('ROLES_MANAGE') || permissions.includes('USERS_MANAGE')) return 'admin';
  const plain = effectivePermissions(['user']);
  return permissions.some((p) => !plain.has(p)) ? 'elevated' : 'standard';
}
