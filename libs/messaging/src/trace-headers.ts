import { headers, MsgHdrs } from '@nats-io/transport-node';
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
  h.set(TRACEPARENT, formatTraceparent(context?.trace_id ?? newTraceId(), newSpanId()));
  const requestId = typeof caller?.request_id === 'string' ? caller.request_id : context?.request_id;
  if (requestId) h.set(REQUEST_ID, requestId);
  const userId = typeof caller?.user_id === 'string' ? caller.user_id : context?.user_id;
  if (userId) h.set(USER_ID, userId);
  return h;
}

/** The log context a service handles a request in, from that request's headers. */
export function logContextOf(h: MsgHdrs | undefined): LogContext {
  const parent = parseTraceparent(h?.get(TRACEPARENT));
  return {
    request_id: h?.get(REQUEST_ID) || undefined,
    user_id: h?.get(USER_ID) || null,
    trace_id: parent?.traceId ?? newTraceId(),
    span_id: parent?.spanId ?? newSpanId(),
  };
}
