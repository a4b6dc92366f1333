import { randomBytes } from 'node:crypto';
import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { adminService, authService, startFleet } from '../fleet';

/** The email `ADMIN_EMAILS` names in these fleets. */
export function adminEmail(): string {
  return `root-${randomBytes(5).toString('hex')}@example.test`;
}

/** Auth and admin with demo mode off and `email` as the configured first admin. */
export function startAdminFleet(email: string, env: Record<string, string> = {}) {
  return startFleet([authService, adminService], { DEMO_MODE: 'false', ADMIN_EMAILS: email, ...env });
}

/** Registers the configured first admin and waits until its token opens the RBAC routes. */
export async function registerFirstAdmin(api: ApiClient, email: string): Promise<RegisteredUser> {
  const root = await registerUser(api, { email });
  await eventually(async () => {
    const response = await api.get('/api/rbac/roles', { token: root.accessToken });
    if (response.status !== 200) throw new Error(`first admin not ready: ${response.status}`);
  }, 15_000);
  return root;
}

/** The id of the role named `name`. */
export async function roleId(api: ApiClient, token: string, name: string): Promise<string> {
  const response = await api.get('/api/rbac/roles', { token, query: { limit: 100 } });
  const role = (response.body.roles as { id: string; name: string }[]).find((r) => r.name === name);
  if (!role) throw new Error(`no role ${name}`);
  return role.id;
}
