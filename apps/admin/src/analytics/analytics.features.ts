import { HistoryConsumer } from '../history/history.consumer';
import { MetricsHandler } from '../metrics/metrics.handler';
import { MetricsService } from '../metrics/metrics.service';
import { ModerationHandler } from '../moderation/moderation.handler';
import { ModerationService } from '../moderation/moderation.service';
import { SubscriptionsHandler } from '../subscriptions/subscriptions.handler';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { AnalyticsHandler } from './analytics.handler';
import { AnalyticsService } from './analytics.service';
import { RevenueSnapshots } from './revenue-snapshots.service';

/**
 * The event history, subscriptions and revenue, metrics, analytics and moderation: registered in
 * the admin module as one list, so the root module names them once.
 */
export const AnalyticsFeatures = {
  handlers: [SubscriptionsHandler, MetricsHandler, AnalyticsHandler, ModerationHandler],
  providers: [HistoryConsumer, SubscriptionsService, MetricsService, AnalyticsService, ModerationService, RevenueSnapshots],
};
