import { eventConsumer, selectEvents } from '../common/events';
import { AuthEvents } from '../auth/events';

/**
 * The gateway's revocation and tier lists follow auth's events (live, plus a replay of the last
 * token lifetime at start); it reads revocations, deletions and tier changes and skips the rest.
 */
export const GatewayAuthFeed = eventConsumer({
  name: 'gateway-auth-feed',
  service: 'gateway',
  reads: selectEvents(AuthEvents, '>'),
  summary: 'Revocations, deleted accounts and tier changes, applied to every request',
});

export * from './events';
