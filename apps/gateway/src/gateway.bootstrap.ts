import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { NatsConnection } from '@nats-io/transport-node';
import { ALL_ENDPOINTS, EndpointDefinition } from '@sf/contracts';
import { NATS_CONNECTION } from '@sf/messaging/client';
import {
  createLogger,
  createMetricsRegistry,
  DRAIN_STATE,
  DrainState,
  installGracefulShutdown,
  NestPinoLogger,
  startIdleMemoryTrim,
} from '@sf/observability';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { clientErrorHandler, frameworkErrorHandler, installRequestContext } from './http/request-context';
import { installBrowserAccess } from './http/browser-access';
import { API_VERSION, buildOpenApiDocument } from './openapi/openapi-document';
import { installApiVersioning } from './routing/api-version';
import { TrafficSummaries } from './health/traffic-summaries';

export { API_VERSION };

export interface GatewayOptions {
  /** The endpoints served and documented; tests add declarations of their own. */
  endpoints?: readonly EndpointDefinition<unknown, unknown, unknown>[];
}

function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/** Starts the gateway on its port; resolves once it listens. */
export async function bootstrapGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<NestFastifyApplication> {
  const endpoints = options.endpoints ?? ALL_ENDPOINTS;
  const logger = createLogger('gateway', config.common.logLevel);
  const metrics = createMetricsRegistry('gateway');
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // A hop count trusts that many proxies nearest the gateway (what Fastify does with a number).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    logger: false,
    // Long enough for any token in a path; longer values still fail validation (404).
    routerOptions: { maxParamLength: 500 },
    frameworkErrors: frameworkErrorHandler,
    // installRequestContext answers requests that arrive while closing, in the contract's envelope.
    return503OnClosing: false,
    clientErrorHandler,
  });
  const traffic = new TrafficSummaries(endpoints);
  installRequestContext(
    adapter.getInstance(),
    createLogger('gateway', config.common.logLevel, { redact: false }),
    metrics,
    (route, status, ms) => traffic.observe(route, status, ms),
  );
  installApiVersioning(adapter.getInstance());

  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.register(config, logger, metrics, endpoints), adapter, {
    logger: new NestPinoLogger(logger),
    bodyParser: false, // the contract's own JSON parser is installed above
    abortOnError: false,
  });

  await installBrowserAccess(app, config.cors);
  const document = buildOpenApiDocument(endpoints, { demoMode: config.common.demoMode, version: API_VERSION });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/api/openapi.json', async () => document);
  await app.register(fastifySwagger, { mode: 'static', specification: { document: document as never } });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // One-minute traffic summaries for admin's health metrics; the last (partial) minute goes out at close.
  traffic.start(app.get<NatsConnection>(NATS_CONNECTION), config.events, logger);
  fastify.addHook('onClose', async () => traffic.stop());

  // SIGTERM: readiness 503, then Fastify stops taking connections and waits for the requests in
  // flight, then NATS and Redis close (Nest's shutdown hooks).
  installGracefulShutdown(app, {
    drain: app.get<DrainState>(DRAIN_STATE),
    logger,
    delayMs: config.common.shutdownDelayMs,
    graceMs: config.common.shutdownGraceMs,
  });
  await app.listen({ port: config.port, host: config.host });
  if (config.common.idleMemoryTrim) startIdleMemoryTrim(logger);
  return app;
}
