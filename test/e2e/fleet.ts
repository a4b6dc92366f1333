import { bootstrapAuth } from '../../apps/auth/src/auth.bootstrap';
import { loadAuthConfig } from '../../apps/auth/src/auth.config';
import { bootstrapGateway } from '../../apps/gateway/src/gateway.bootstrap';
import { loadGatewayConfig } from '../../apps/gateway/src/gateway.config';
import { ApiClient, AppStarter, TestFleet } from '@sf/testing';

export const authService: AppStarter = { name: 'auth', start: (env) => bootstrapAuth(loadAuthConfig(env)) };

/** The gateway and the auth service on a throw-away database. */
export async function startAuthFleet(env: Record<string, string> = {}): Promise<{ fleet: TestFleet; api: ApiClient }> {
  const fleet = await TestFleet.start({
    services: [authService],
    gateway: { start: (e) => bootstrapGateway(loadGatewayConfig(e)) },
    env,
  });
  return { fleet, api: new ApiClient(fleet.baseUrl) };
}
