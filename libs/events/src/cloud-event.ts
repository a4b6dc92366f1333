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
}

/** `events.<service>.<type>`, as every service publishes. */
export function eventSubject(service: string, type: string): string {
  return `events.${service}.${type}`;
}
