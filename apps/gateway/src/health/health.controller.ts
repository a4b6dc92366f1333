import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { NatsConnection } from '@nats-io/transport-node';
import { pingOf, systemContext } from '@sf/contracts';
import { NATS_CONNECTION, RpcClient } from '@sf/messaging/client';
import { DRAIN_STATE, DrainState } from '@sf/observability';
import { Authenticator } from '../auth/authenticator';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { WINDOW_STORE } from '../rate-limit/limit-stores.provider';
import type { WindowStore } from '../rate-limit/window-store';

/** Readiness of the gateway; liveness comes from LivenessController, metrics from the health port. */
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly rpc: RpcClient,
    private readonly auth: Authenticator,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(WINDOW_STORE) private readonly store: WindowStore,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(DRAIN_STATE) private readonly drain: DrainState,
  ) {}

  /** Ready when not draining, NATS and Redis answer, auth's keys are loaded, and every service answers its ping. */
  @Get(['health', 'health/ready'])
  @HealthCheck()
  ready() {
    return this.health.check([
      () =>
        this.indicators.check('shutdown').attempt(() => {
          if (this.drain.draining) throw new Error('draining');
          return {};
        }),
      () =>
        this.indicators
          .check('nats')
          .attempt(async () => {
            if (this.nats.isClosed()) throw new Error('closed');
            await this.nats.flush();
            return {};
          })
          .withTimeout(1500),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            if (!(await this.store.ping())) throw new Error('no answer');
            return { store: this.config.redisUrl ? 'redis' : 'memory' };
          })
          .withTimeout(1500),
      () =>
        this.indicators.check('credentials').attempt(() => {
          if (!this.auth.ready) throw new Error('signing keys or revocations not loaded yet');
          return {};
        }),
      ...this.config.services.map(
        (service) => () =>
          this.indicators
            .check(service)
            .attempt(async () => {
              await this.rpc.call(pingOf(service), { ctx: systemContext('readiness'), body: {} });
              return {};
            })
            .withTimeout(2000),
      ),
    ]);
  }
}
