import { Controller, DynamicModule, Get, Inject, Injectable, Module, OnModuleInit, Type } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { pingOf, PingReply, systemContext } from '@sf/contracts';
import { DRAIN_STATE, DrainState, HealthCheckLogger, LivenessController, METRICS_REGISTRY, MetricsController } from '@sf/observability';
import { Handles } from './handles';
import { RpcClient } from './rpc-client';

export const SERVICE_NAME = Symbol('SERVICE_NAME');

const startedAt = Date.now();

/** The `<service>.ping` handler the gateway's readiness check and the service's own call. */
function createPingHandler(service: string): Type {
  @Controller()
  class PingHandler {
    @Handles(pingOf(service))
    ping(@Payload() _req: unknown): PingReply {
      return { service, status: 'ok', uptime_s: Math.round((Date.now() - startedAt) / 1000) };
    }
  }
  return PingHandler;
}

@Controller()
class ServiceHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly rpc: RpcClient,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(DRAIN_STATE) private readonly drain: DrainState,
  ) {}

  /** Ready when not draining, the database answers and this service answers its own ping over NATS. */
  @Get(['health', 'health/ready'])
  @HealthCheck()
  ready() {
    return this.health.check([
      () =>
        this.indicators.check('shutdown').attempt(() => {
          if (this.drain.draining) throw new Error('draining');
          return {};
        }),
      () => this.database.pingCheck('database', { timeout: 1500 }),
      () =>
        this.indicators
          .check('nats')
          .attempt(async () => {
            await this.rpc.call(pingOf(this.service), { ctx: systemContext('health'), body: {} });
            return {};
          })
          .withTimeout(2000),
    ]);
  }
}

/** The service's Postgres pool (pg.Pool under TypeORM), read at scrape time. */
@Injectable()
class DatabasePoolMetrics implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  onModuleInit(): void {
    // A hybrid app (HTTP plus the NATS microservice) runs module hooks twice.
    if (this.registry.getSingleMetric('db_pool_connections')) return;
    const pool = () =>
      (this.dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
    const gauge = (name: string, help: string, read: (p: NonNullable<ReturnType<typeof pool>>) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const current = pool();
          if (current) this.set(read(current));
        },
      });
    gauge('db_pool_connections', 'Open Postgres connections in the pool', (p) => p.totalCount);
    gauge('db_pool_idle_connections', 'Idle Postgres connections in the pool', (p) => p.idleCount);
    gauge('db_pool_waiting_queries', 'Queries waiting for a pooled connection', (p) => p.waitingCount);
  }
}

/** Health, readiness and metrics on a service's side port, plus its ping subject. */
@Module({})
export class ServiceHealthModule {
  static forService(service: string, registry: Registry): DynamicModule {
    return {
      module: ServiceHealthModule,
      imports: [TerminusModule.forRoot({ logger: HealthCheckLogger })],
      controllers: [LivenessController, MetricsController, ServiceHealthController, createPingHandler(service)],
      providers: [
        { provide: SERVICE_NAME, useValue: service },
        { provide: METRICS_REGISTRY, useValue: registry },
        { provide: DRAIN_STATE, useValue: new DrainState() },
        DatabasePoolMetrics,
      ],
      exports: [DRAIN_STATE],
    };
  }
}
