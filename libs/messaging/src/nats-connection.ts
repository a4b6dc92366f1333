import { connect, NatsConnection } from '@nats-io/transport-node';

/** A NATS connection that keeps reconnecting for as long as the process lives. */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: url.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    pingInterval: 10_000,
    // Async stack traces cost an Error per request on the hot path; errors here are mapped anyway.
    noAsyncTraces: true,
  });
}
