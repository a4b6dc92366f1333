// Imported first by main.ts: the OpenTelemetry SDK must patch http, fastify, pg and ioredis
// before anything loads them. Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
import { startTracing } from '@sf/observability';

startTracing('sites', process.env);
