import { headers, MsgHdrs } from '@nats-io/transport-node';
import {
  context as otelContext,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  trace,
  type Context,
  type TextMapGetter,
} from '@opentelemetry/api';
import { currentLogContext, formatTraceparent, LogContext, newSpanId, newTraceId, parseTraceparent } from '@sf/observability';

const REQUEST_ID = 'x-request-id';
const USER_ID = 'x-user-id';
const TRACEPARENT = 'traceparent';

/**
 * Headers of a request to a service: the W3C `traceparent` of the current request (a new span
 * under its trace), and the request and user ids from the caller context the message carries,
 * so the service's log lines name them without parsing the body first.
 */
export function requestHeaders(data: unknown): MsgHdrs {
  const context = currentLogContext();
  const caller = (data as { ctx?: { request_id?: unknown; user_id?: unknown } } | null)?.ctx;
  const h = headers();
  // With the OpenTelemetry SDK on, the active span is the parent; otherwise the request's own ids.
  propagation.inject(otelContext.active(), h, { set: (carrier, key, value) => carrier.set(key, value) });
  if (!h.get(TRACEPARENT)) h.set(TRACEPARENT, formatTraceparent(context?.trace_id ?? newTraceId(), newSpanId()));
  const requestId = typeof caller?.request_id === 'string' ? caller.request_id : context?.request_id;
  if (requestId) h.set(REQUEST_ID, requestId);
  const userId = typeof caller?.user_id === 'string' ? caller.user_id : context?.user_id;
  if (userId) h.set(USER_ID, userId);
  return h;
}

const getter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (carrier) => (carrier ? carrier.keys() : []),
  get: (carrier, key) => carrier?.get(key) || undefined,
};

/**
 * The context a service handles a request in, from that request's headers: a server span under
 * the caller's (a no-op span while the SDK is off) and the log context naming the same trace.
 */
export function requestContextOf(subject: string, h: MsgHdrs | undefined): { log: LogContext; span: Span; otel: Context } {
  const parent = propagation.extract(ROOT_CONTEXT, h, getter);
  const span = trace
    .getTracer('@sf/messaging')
    .startSpan(
      subject,
      { kind: SpanKind.SERVER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject } },
      parent,
    );
  const fromHeader = parseTraceparent(h?.get(TRACEPARENT));
  const own = span.spanContext();
  const traced = trace.isSpanContextValid(own);
  return {
    log: {
      request_id: h?.get(REQUEST_ID) || undefined,
      user_id: h?.get(USER_ID) || null,
      trace_id: traced ? own.traceId : (fromHeader?.traceId ?? newTraceId()),
      span_id: traced ? own.spanId : (fromHeader?.spanId ?? newSpanId()),
    },
    span,
    otel: trace.setSpan(parent, span),
  };
}
