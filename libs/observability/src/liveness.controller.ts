import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Registry } from 'prom-client';

/** The process's metrics registry, provided by each app's root module. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** `/health/live` (the process answers) and `/metrics`, the same for the gateway and every service. */
@Controller()
export class LivenessController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
