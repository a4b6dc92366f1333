import { trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Histogram, Registry } from 'prom-client';
import { BadRequest } from '@sf/errors';
import { enterLogContext, newSpanId, newTraceId, parseTraceparent } from '@sf/observability';
import { errorBody } from './error-response';

export const GATEWAY_LOGGER = Symbol('GATEWAY_LOGGER');

declare module 'fastify' {
  interface FastifyRequest {
    requestId: string;
    /** W3C trace id: the caller's (`traceparent`) when it sent one, else new; carried to services over NATS. */
    traceId: string;
    startedAt: bigint;
    /** Set once the caller is known, for the access log. */
    userId?: string | null;
  }
}

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Request ids (accepted when well-formed, generated otherwise, always echoed), one access-log
 * line and one latency observation per request, the JSON body parser the contract wants, and the
 * contract's 503 for requests that arrive while the server closes (the Fastify instance is made
 * with `return503OnClosing: false`).
 */
export function installRequestContext(
  fastify: FastifyInstance,
  accessLog: Logger,
  metrics: Registry,
  /** Told of every answered request (the traffic summaries). */
  observe?: (route: string | undefined, status: number, durationMs: number) => void,
): void {
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Gateway request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics],
  });

  // From the moment the server starts closing, requests still arriving on open connections get a 503.
  let closing = false;
  fastify.addHook('preClose', (done: () => void) => {
    closing = true;
    done();
  });

  fastify.decorateRequest('requestId', '');
  fastify.decorateRequest('traceId', '');
  fastify.decorateRequest('startedAt', BigInt(0));
  fastify.decorateRequest('userId', null);

  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const offered = request.headers['x-request-id'];
    request.requestId = typeof offered === 'string' && CLIENT_REQUEST_ID.test(offered) ? offered : newRequestId();
    request.startedAt = process.hrtime.bigint();
    // The SDK's server span when tracing is on (it already took the caller's traceparent).
    const span = trace.getActiveSpan()?.spanContext();
    const traced = span && trace.isSpanContextValid(span);
    const traceparent = request.headers.traceparent;
    request.traceId = traced
      ? span.traceId
      : (parseTraceparent(typeof traceparent === 'string' ? traceparent : undefined)?.traceId ?? newTraceId());
    // For the rest of this request: NATS requests carry it, log lines name it.
    enterLogContext({ request_id: request.requestId, trace_id: request.traceId, span_id: traced ? span.spanId : newSpanId() });
    void reply.header('X-Request-ID', request.requestId);
    if (closing) {
      // Fastify's own drain answer (return503OnClosing) is not the contract's envelope.
      void reply
        .status(503)
        .header('Connection', 'close')
        .header('Content-Type', 'application/json; charset=utf-8')
        .send(errorBody('SERVICE_UNAVAILABLE', 'The gateway is shutting down; retry', request.requestId));
      return;
    }
    done();
  });

  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const seconds = Number(process.hrtime.bigint() - request.startedAt) / 1e9;
    const route = request.routeOptions.url ?? 'unmatched';
    latency.observe({ method: request.method, route, status: reply.statusCode }, seconds);
    observe?.(request.routeOptions.url, reply.statusCode, seconds * 1000);
    // The path only: query strings may carry api_key.
    accessLog.info({
      request_id: request.requestId,
      method: request.method,
      route,
      path: request.url.split('?')[0],
      status: reply.statusCode,
      duration_ms: Math.round(seconds * 10_000) / 10,
      user_id: request.userId ?? undefined,
      trace_id: request.traceId,
    });
    done();
  });

  // JSON is the only body the API takes (anything else is a 400). An empty body sent as JSON
  // means {} (the seeds' Python client sends such requests); otherwise Fastify's own parser,
  // which also refuses __proto__ poisoning.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, {});
    parseJson(request, text, (error: Error | null, value?: unknown) => {
      if (error) return done(new BadRequest('Request body is not valid JSON'), undefined);
      done(null, value);
    });
  });
}

/**
 * Errors Fastify's router raises before any hook runs (a malformed URL, a parameter too long to
 * name anything): answered in the contract's shape, with a request id like every other answer.
 */
export function frameworkErrorHandler(error: { code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  const requestId = newRequestId();
  const notFound = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void reply
    .status(notFound ? 404 : 400)
    .header('X-Request-ID', requestId)
    .send(notFound ? errorBody('NOT_FOUND', 'Not found', requestId) : errorBody('BAD_REQUEST', 'Malformed URL', requestId));
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers or URL over the size
 * limit, a malformed request line): a 400 in the contract's envelope, where Node and Fastify
 * would answer 431 or 400 with a body of their own.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: import('node:net').Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const requestId = newRequestId();
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const body = JSON.stringify(
    errorBody('BAD_REQUEST', tooLarge ? 'The URL or headers are too large' : 'Malformed HTTP request', requestId),
  );
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-ID: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function newRequestId(): string {
  return `req_${randomUUID().replace(/-/g, '')}`;
}
