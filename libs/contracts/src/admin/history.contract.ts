import { AuthEvents } from '../auth/events';
import { eventConsumer, selectEvents } from '../common/events';
import { CoocookEvents } from '../coocook/events';
import { GatewayEvents } from '../gateway/events';
import { PaymentEvents } from '../payment/events';
import { ReviewEvents } from '../review/events';
import { SnsEvents } from '../sns/events';

/**
 * Admin's event history: every event of these services, appended once per event id to the
 * month-partitioned `event_history` table. All revenue, usage and analytics figures are SQL over
 * it and the projections kept beside it, never a call to another service.
 */
export const AdminHistoryAuthFeed = eventConsumer({
  name: 'admin-history-auth',
  service: 'admin',
  reads: selectEvents(AuthEvents, '>'),
  summary: 'Every auth event (sign-ups, sign-ins, refreshes) into the event history',
});

export const AdminHistoryPaymentFeed = eventConsumer({
  name: 'admin-history-payment',
  service: 'admin',
  reads: selectEvents(PaymentEvents, '>'),
  summary: 'Every payment event into the event history, and the subscriptions projection revenue is computed from',
});

export const AdminHistoryCoocookFeed = eventConsumer({
  name: 'admin-history-coocook',
  service: 'admin',
  reads: selectEvents(CoocookEvents, '>'),
  summary: 'Every CooCook event into the event history (engagement)',
});

export const AdminHistorySnsFeed = eventConsumer({
  name: 'admin-history-sns',
  service: 'admin',
  reads: selectEvents(SnsEvents, '>'),
  summary: 'Every SNS event into the event history (SNS metrics, engagement)',
});

export const AdminHistoryReviewFeed = eventConsumer({
  name: 'admin-history-review',
  service: 'admin',
  reads: selectEvents(ReviewEvents, '>'),
  summary: 'Every review-program event into the event history (review metrics)',
});

export const AdminHistoryGatewayFeed = eventConsumer({
  name: 'admin-history-gateway',
  service: 'admin',
  reads: selectEvents(GatewayEvents, '>'),
  summary: "The gateway's one-minute traffic summaries into the event history (health metrics)",
});

/** The feeds whose events the history keeps, for the consumers and the rebuild command. */
export const ADMIN_HISTORY_FEEDS = [
  AdminHistoryAuthFeed,
  AdminHistoryPaymentFeed,
  AdminHistoryCoocookFeed,
  AdminHistorySnsFeed,
  AdminHistoryReviewFeed,
  AdminHistoryGatewayFeed,
] as const;
