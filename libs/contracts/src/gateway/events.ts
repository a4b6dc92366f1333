import { eventCatalogue } from '../common/events';

/** One service's share of the gateway's traffic in one minute. */
export interface TrafficServiceSummary {
  /** The service that answered (`auth`, `payment`, ...; `gateway` for what the gateway answered itself). */
  service: string;
  requests: number;
  /** Answers with a 5xx status (the contract's errors that are the platform's fault). */
  errors: number;
  /** Answers with a 4xx status. */
  client_errors: number;
  /** Sum of response times in milliseconds, for the mean. */
  duration_ms_sum: number;
}

/** Data of `traffic.summarized`: one gateway replica's requests in one whole minute. */
export interface TrafficSummarizedData {
  /** The replica (host name and process id). */
  instance: string;
  /** The minute's start, ISO 8601. */
  minute: string;
  services: TrafficServiceSummary[];
}

export interface GatewayEventMap {
  'traffic.summarized': TrafficSummarizedData;
}

/**
 * Events of the gateway, on `events.gateway.<type>`. The gateway has no database, so it publishes
 * these straight to the stream with the event id as `Nats-Msg-Id` (no outbox); a lost summary is a
 * gap in a chart, not a lost fact.
 */
export const GatewayEvents = eventCatalogue<GatewayEventMap>('gateway', {
  'traffic.summarized': "One gateway replica's requests, errors and response times per service over one minute",
});
