/** A domain event on the wire: CloudEvents 1.0, JSON. */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  data: T;
  /** CloudEvents distributed-tracing extension: the W3C trace context it was recorded in. */
  traceparent?: string;
}

/** `events.<service>.<type>`, as every service publishes. */
export function eventSubject(service: string, type: string): string {
  return `events.${service}.${type}`;
}
