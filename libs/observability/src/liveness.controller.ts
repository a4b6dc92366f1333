import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Registry } from 'prom-client';

/** The process's metrics registry, provided by each app's root module. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** `/health/live`: the process answers (also while it drains: a draining pod must not be restarted). */
@Controller()
export class LivenessController {
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

/** `/metrics`, served on a health port only (never on the gateway's public port). */
@Controller()
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
