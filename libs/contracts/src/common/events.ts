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

export const EVENT_CATALOGUE = Symbol.for('sf.contracts.event-catalogue');
export const EVENT_CONSUMER = Symbol.for('sf.contracts.event-consumer');

/**
 * The events one service publishes: each type with a line saying what happened. `M` maps each type
 * to its data; the publisher's log and every consumer take their types from it, so a renamed field
 * breaks the build of both.
 */
export interface EventCatalogue<M> {
  service: string;
  types: { readonly [K in keyof M & string]: string };
  /** Never set: carries `M` for the types that read it. */
  readonly map?: M;
}

/** Declares a service's events; a type missing from `types` (or not in `M`) fails to compile. */
export function eventCatalogue<M>(service: string, types: { readonly [K in keyof M & string]: string }): EventCatalogue<M> {
  const catalogue: EventCatalogue<M> = { service, types };
  Object.defineProperty(catalogue, EVENT_CATALOGUE, { value: true });
  return catalogue;
}

export function isEventCatalogue(value: unknown): value is EventCatalogue<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[EVENT_CATALOGUE] === true;
}

/** The types a NATS-style pattern selects: an exact type, `<prefix>.>` or `>` for all. */
export type TypesMatching<M, P extends string> = string extends keyof M
  ? P & keyof M
  : P extends '>'
    ? keyof M & string
    : P extends `${infer Prefix}.>`
      ? Extract<keyof M & string, `${Prefix}.${string}`>
      : Extract<keyof M & string, P>;

/** Some events of one catalogue, as one JetStream subject filter. */
export interface EventSelection<M, K extends keyof M & string> {
  catalogue: EventCatalogue<M>;
  /** `events.<service>.<pattern>`. */
  subject: string;
  types: K[];
}

/** One delivered event of a selection, its `data` typed by its `type`. */
export type EventOf<S> = S extends EventSelection<infer M, infer K> ? { [T in K]: CloudEvent<M[T]> & { type: T } }[K] : never;

/** Selects events of `catalogue` by pattern; a pattern that selects nothing fails at load. */
export function selectEvents<M, P extends string>(catalogue: EventCatalogue<M>, pattern: P): EventSelection<M, TypesMatching<M, P>> {
  const all = Object.keys(catalogue.types);
  const types =
    pattern === '>'
      ? all
      : pattern.endsWith('.>')
        ? all.filter((t) => t.startsWith(pattern.slice(0, -1)))
        : all.filter((t) => t === pattern);
  if (types.length === 0) throw new Error(`no ${catalogue.service} event matches ${pattern}`);
  return { catalogue, subject: eventSubject(catalogue.service, pattern), types: types as TypesMatching<M, P>[] };
}

/** One durable reader of events: who reads what, declared beside the reader's other contracts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ConsumerDefinition<S extends EventSelection<any, any> = EventSelection<any, any>> {
  /** Durable consumer name, unique per purpose (replicas of a service share it). */
  name: string;
  /** The app that reads (a service, or the gateway). */
  service: string;
  reads: S;
  summary: string;
}

export function eventConsumer<M, K extends keyof M & string>(definition: {
  name: string;
  service: string;
  reads: EventSelection<M, K>;
  summary: string;
}): ConsumerDefinition<EventSelection<M, K>> {
  Object.defineProperty(definition, EVENT_CONSUMER, { value: true });
  return definition as ConsumerDefinition<EventSelection<M, K>>;
}

export function isEventConsumer(value: unknown): value is ConsumerDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[EVENT_CONSUMER] === true;
}
