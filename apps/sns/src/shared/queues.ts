/** The service's job queues (pg-boss), named once for the features that enqueue into them. */
export const QUEUES = {
  /** Publishes one due target (posts/publishing.service.ts). */
  publishTarget: 'publish-target',
  /** Reads one published target's metrics (analytics/metrics-poller.ts). */
  pollTarget: 'poll-target',
  /** Reads one account's followers (analytics/metrics-poller.ts). */
  pollAccount: 'poll-account',
  /** Runs one automation at its next_run (automations/automations.service.ts). */
  runAutomation: 'run-automation',
  /** Snapshots one platform's trends (insights/trends.service.ts). */
  pollTrends: 'poll-trends',
} as const;
