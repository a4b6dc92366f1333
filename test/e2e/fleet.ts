import { bootstrapAdmin } from '../../apps/admin/src/admin.bootstrap';
import { loadAdminConfig } from '../../apps/admin/src/admin.config';
import { bootstrapAuth } from '../../apps/auth/src/auth.bootstrap';
import { loadAuthConfig } from '../../apps/auth/src/auth.config';
import { bootstrapAutomation } from '../../apps/automation/src/automation.bootstrap';
import { loadAutomationConfig } from '../../apps/automation/src/automation.config';
import { bootstrapCoocook } from '../../apps/coocook/src/coocook.bootstrap';
import { loadCoocookConfig } from '../../apps/coocook/src/coocook.config';
import { bootstrapGateway, GatewayOptions } from '../../apps/gateway/src/gateway.bootstrap';
import { loadGatewayConfig } from '../../apps/gateway/src/gateway.config';
import { bootstrapNotifications } from '../../apps/notifications/src/notifications.bootstrap';
import { loadNotificationsConfig } from '../../apps/notifications/src/notifications.config';
import { bootstrapPayment } from '../../apps/payment/src/payment.bootstrap';
import { loadPaymentConfig } from '../../apps/payment/src/payment.config';
import { bootstrapPlatform } from '../../apps/platform/src/platform.bootstrap';
import { loadPlatformConfig } from '../../apps/platform/src/platform.config';
import { bootstrapReview } from '../../apps/review/src/review.bootstrap';
import { loadReviewConfig } from '../../apps/review/src/review.config';
import { bootstrapSites } from '../../apps/sites/src/sites.bootstrap';
import { loadSitesConfig } from '../../apps/sites/src/sites.config';
import { bootstrapSns } from '../../apps/sns/src/sns.bootstrap';
import { loadSnsConfig } from '../../apps/sns/src/sns.config';
import { bootstrapStorage } from '../../apps/storage/src/storage.bootstrap';
import { loadStorageConfig } from '../../apps/storage/src/storage.config';
import { MetricsServer } from '@sf/observability';
import { ApiClient, AppStarter, TestFleet } from '@sf/testing';

export const authService: AppStarter = { name: 'auth', start: (env) => bootstrapAuth(loadAuthConfig(env)) };
export const paymentService: AppStarter = { name: 'payment', start: (env) => bootstrapPayment(loadPaymentConfig(env)) };
export const storageService: AppStarter = { name: 'storage', start: (env) => bootstrapStorage(loadStorageConfig(env)) };
export const coocookService: AppStarter = { name: 'coocook', start: (env) => bootstrapCoocook(loadCoocookConfig(env)) };
export const notificationsService: AppStarter = {
  name: 'notifications',
  start: (env) => bootstrapNotifications(loadNotificationsConfig(env)),
};
export const snsService: AppStarter = { name: 'sns', start: (env) => bootstrapSns(loadSnsConfig(env)) };
export const platformService: AppStarter = { name: 'platform', start: (env) => bootstrapPlatform(loadPlatformConfig(env)) };
export const adminService: AppStarter = { name: 'admin', start: (env) => bootstrapAdmin(loadAdminConfig(env)) };
export const reviewService: AppStarter = { name: 'review', start: (env) => bootstrapReview(loadReviewConfig(env)) };
export const sitesService: AppStarter = { name: 'sites', start: (env) => bootstrapSites(loadSitesConfig(env)) };
export const automationService: AppStarter = {
  name: 'automation',
  start: (env) => bootstrapAutomation(loadAutomationConfig(env)),
};

/** Every service, for the suites that walk every declared route (test/e2e/full-fleet.ts). */
export const ALL_SERVICES: AppStarter[] = [
  authService,
  paymentService,
  storageService,
  coocookService,
  platformService,
  adminService,
  notificationsService,
  reviewService,
  snsService,
  sitesService,
  automationService,
];

/**
 * The gateway and the given services on a throw-away database. The gateway's readiness waits
 * only for the services started here. `gatewayOptions` can add test-only endpoint declarations.
 */
export async function startFleet(
  services: AppStarter[],
  env: Record<string, string> = {},
  gatewayOptions: GatewayOptions = {},
): Promise<{ fleet: TestFleet; api: ApiClient }> {
  const fleet = await TestFleet.start({
    services,
    gateway: {
      start: async (e: Record<string, string>) => {
        const app = await bootstrapGateway(loadGatewayConfig(e), gatewayOptions);
        return {
          app,
          close: () => app.close(),
          getUrl: () => app.getUrl(),
          getMetricsUrl: () => Promise.resolve(app.get(MetricsServer).url()),
        };
      },
    },
    env: { GATEWAY_SERVICES: services.map((s) => s.name).join(','), ...env },
  });
  return { fleet, api: new ApiClient(fleet.baseUrl) };
}

/** The gateway and the auth service on a throw-away database. */
export function startAuthFleet(env: Record<string, string> = {}): Promise<{ fleet: TestFleet; api: ApiClient }> {
  return startFleet([authService], env);
}
