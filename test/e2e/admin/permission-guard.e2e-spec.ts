import { randomUUID } from 'node:crypto';
import { ALL_ENDPOINTS, EndpointDefinition, ROLE_PERMISSIONS } from '@sf/contracts';
import { ApiClient, registerUser, RegisteredUser, TestFleet } from '@sf/testing';
import { adminEmail, registerFirstAdmin, startAdminFleet } from './admin-helpers';

type Endpoint = EndpointDefinition<unknown, unknown, unknown>;

/** Every route whose declaration names a permission a plain user does not hold: all of admin's, and any other. */
const ROUTES = ALL_ENDPOINTS.filter(
  (e) => e.access.kind === 'user' && e.access.permission && !ROLE_PERMISSIONS.user.includes(e.access.permission),
).flatMap((endpoint) => [
  { method: endpoint.method, path: endpoint.path, endpoint },
  ...(endpoint.aliases ?? []).map((a) => ({ method: a.method ?? endpoint.method, path: a.path, endpoint })),
]);
const concretePath = (path: string) => path.replace(/:(\w+)/g, () => randomUUID());
const label = (r: { method: string; path: string; endpoint: Endpoint }) =>
  `${r.method} ${r.path} (${r.endpoint.access.kind === 'user' ? r.endpoint.access.permission : ''})`;

describe('every route that requires a permission, from the declarations', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  let plain: RegisteredUser;
  let root: RegisteredUser;
  const email = adminEmail();

  beforeAll(async () => {
    ({ fleet, api } = await startAdminFleet(email));
    root = await registerFirstAdmin(api, email);
    plain = await registerUser(api);
  });
  afterAll(() => fleet?.close());

  /** Admin's endpoints open to any signed-in account by design (ADR 0022: users report content). */
  const OPEN_TO_USERS = ['admin.reports.create'];

  it("covers every one of admin's endpoints but those open to any signed-in account", () => {
    const admin = ALL_ENDPOINTS.filter((e) => e.subject.startsWith('admin.') && !OPEN_TO_USERS.includes(e.subject));
    expect(admin.length).toBeGreaterThan(10);
    for (const endpoint of admin)
      expect({ subject: endpoint.subject, guarded: ROUTES.some((r) => r.endpoint === endpoint) }).toEqual({
        subject: endpoint.subject,
        guarded: true,
      });
  });

  it.each(ROUTES.map((r) => [label(r), r] as const))('%s answers 401 to an anonymous caller', async (_label, route) => {
    const response = await api.request(route.method, concretePath(route.path));
    expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status: 401, code: 'UNAUTHORIZED' });
  });

  it.each(ROUTES.map((r) => [label(r), r] as const))('%s answers 403 to a plain user', async (_label, route) => {
    const response = await api.request(route.method, concretePath(route.path), {
      token: plain.accessToken,
      body: route.method === 'GET' ? undefined : {},
    });
    expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(response.body.error.message).toMatch(/permission/);
  });

  it.each(ROUTES.map((r) => [label(r), r] as const))('%s lets an admin past the guard', async (_label, route) => {
    const response = await api.request(route.method, concretePath(route.path), {
      token: root.accessToken,
      body: route.method === 'GET' ? undefined : {},
    });
    expect([401, 403]).not.toContain(response.status);
    expect(response.status).toBeLessThan(500);
  });
});
