import { DynamicModule, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EndpointDefinition } from '@sf/contracts';
import { NatsModule } from '@sf/messaging/client';
import { DRAIN_STATE, DrainState, HealthCheckLogger, LivenessController, METRICS_REGISTRY, MetricsServer } from '@sf/observability';
import { Authenticator } from './auth/authenticator';
import { GATEWAY_CONFIG, GatewayConfig } from './gateway.config';
import { HealthController } from './health/health.controller';
import { HttpErrorFilter } from './http/http-error.filter';
import { GATEWAY_LOGGER } from './http/request-context';
import { ConcurrencyLimiter } from './rate-limit/concurrency-limiter';
import type { LeaseStore } from './rate-limit/lease-store';
import { RateLimiter } from './rate-limit/rate-limiter';
import { ChatTyping } from './realtime/chat-typing';
import { RealtimeServer } from './realtime/realtime-server';
import type { WindowStore } from './rate-limit/window-store';
import { LEASE_STORE, limitStoreProviders, WINDOW_STORE } from './rate-limit/limit-stores.provider';
import { CONCURRENCY_LIMITER, EndpointRouter, GATEWAY_ENDPOINTS, RATE_LIMITER } from './routing/endpoint-router';
import { UploadRoute } from './uploads/upload-route';
import { WebhookRoute } from './webhooks/webhook-route';

class LimitStoresCloser implements OnApplicationShutdown {
  constructor(
    @Inject(WINDOW_STORE) private readonly store: WindowStore,
    @Inject(LEASE_STORE) private readonly leases: LeaseStore,
    @Inject(CONCURRENCY_LIMITER) private readonly concurrency: ConcurrencyLimiter,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    this.concurrency.close();
    await Promise.all([this.store.close(), this.leases.close()]);
  }
}

/** The gateway's /metrics on its health port, open from boot until the last shutdown hook. */
class MetricsPort implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(MetricsServer) private readonly server: MetricsServer) {}
  onApplicationBootstrap(): Promise<void> {
    return this.server.start();
  }
  onApplicationShutdown(): Promise<void> {
    return this.server.close();
  }
}

@Module({})
export class GatewayModule {
  static register(
    config: GatewayConfig,
    logger: Logger,
    metrics: Registry,
    endpoints: readonly EndpointDefinition<unknown, unknown, unknown>[],
  ): DynamicModule {
    let lastStoreWarning = 0;
    const storeWarning = (error: unknown) => {
      if (Date.now() - lastStoreWarning < 10_000) return;
      lastStoreWarning = Date.now();
      logger.warn({ err: String(error) }, 'rate-limit store unavailable; not limiting');
    };
    return {
      module: GatewayModule,
      imports: [
        TerminusModule.forRoot({ logger: HealthCheckLogger }),
        NatsModule.forRoot({
          url: config.common.natsUrl,
          name: 'gateway',
          requestTimeoutMs: config.requestTimeoutMs,
          subjectPrefix: config.common.natsSubjectPrefix,
          metrics,
        }),
      ],
      controllers: [LivenessController, HealthController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: GATEWAY_LOGGER, useValue: logger },
        { provide: METRICS_REGISTRY, useValue: metrics },
        { provide: DRAIN_STATE, useValue: new DrainState() },
        { provide: MetricsServer, useValue: new MetricsServer(metrics, config.healthPort, config.host) },
        MetricsPort,
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        ...limitStoreProviders,
        LimitStoresCloser,
        {
          provide: RATE_LIMITER,
          useFactory: (store: WindowStore) => new RateLimiter(config.rateLimits, store, storeWarning, config.rateLimitPrefix),
          inject: [WINDOW_STORE],
        },
        {
          provide: CONCURRENCY_LIMITER,
          useFactory: (leases: LeaseStore) => new ConcurrencyLimiter(config.concurrency, leases, storeWarning, config.rateLimitPrefix),
          inject: [LEASE_STORE],
        },
        { provide: GATEWAY_ENDPOINTS, useValue: endpoints },
        Authenticator,
        EndpointRouter,
        WebhookRoute,
        UploadRoute,
        RealtimeServer,
        ChatTyping,
      ],
    };
  }
}
