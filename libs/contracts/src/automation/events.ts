import { AuthEvents } from '../auth/events';
import { eventCatalogue, eventConsumer, selectEvents } from '../common/events';
import { CoocookEvents } from '../coocook/events';
import type { GdprPartEventMap } from '../gdpr/gdpr.events';
import { GDPR_PART_EVENTS, gdprRequestsFeed } from '../gdpr/gdpr.events';
import { PaymentEvents } from '../payment/events';

/** Every run event carries the run as it stands after the change. */
export interface AutomationRunEventData {
  run_id: string;
  workflow_id: string;
  user_id: string;
  trigger_type: string;
  /** The domain event that triggered it, for event-triggered runs. */
  trigger_event_type: string | null;
  status: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface AutomationRunFailedData extends AutomationRunEventData {
  /** The step that failed, and why. */
  failed_step: string | null;
  error: string;
}

/** A `notify` step's notice to the workflow's owner, delivered by notifications. */
export interface AutomationNotificationRequestedData {
  /** Unique per run and step: a redelivery makes no second notice. */
  notification_key: string;
  user_id: string;
  workflow_id: string;
  run_id: string;
  step_id: string;
  title: string;
  body: string;
}

export interface AutomationEventMap {
  'run.started': AutomationRunEventData;
  'run.succeeded': AutomationRunEventData;
  'run.failed': AutomationRunFailedData;
  'notification.requested': AutomationNotificationRequestedData;
}

/**
 * Domain events of the automation service, published as CloudEvents on `events.automation.<type>`;
 * the CloudEvent `subject` is the run id.
 */
export const AutomationEvents = eventCatalogue<AutomationEventMap & GdprPartEventMap>('automation', {
  'run.started': 'A workflow run started (manual, scheduled or triggered by an event)',
  'run.succeeded': "A workflow run's last step succeeded",
  'run.failed': 'A workflow run stopped at a step that failed for good (its retries spent, or a refusal)',
  'notification.requested': "A run's notify step: a notice to the workflow's owner",
  ...GDPR_PART_EVENTS,
});

/** Who may use AI Automation (product 4), kept locally. */
export const AutomationEntitlementsFeed = eventConsumer({
  name: 'automation-entitlements',
  service: 'automation',
  reads: selectEvents(PaymentEvents, 'subscription.>'),
  summary: 'Who may use AI Automation (product 4), kept locally',
});

/** Bookings and recipes that trigger workflows of their guest, chef or author. */
export const AutomationCoocookTriggers = eventConsumer({
  name: 'automation-coocook-triggers',
  service: 'automation',
  reads: selectEvents(CoocookEvents, '>'),
  summary: "Booking and recipe events that start the workflows of the booking's guest and chef or the recipe's author",
});

/** Payments that trigger workflows of the paying user. */
export const AutomationPaymentTriggers = eventConsumer({
  name: 'automation-payment-triggers',
  service: 'automation',
  reads: selectEvents(PaymentEvents, 'payment.>'),
  summary: "Payment events that start the paying user's workflows",
});

/** A deleted account's workflows, runs and tasks go with it. */
export const AutomationUserDeletions = eventConsumer({
  name: 'automation-user-deleted',
  service: 'automation',
  reads: selectEvents(AuthEvents, 'user.deleted'),
  summary: "Deletes a deleted user's workflows (their schedules stop), runs and tasks",
});

/** Each user's time zone preference: a schedule saved without one recurs in it. */
export const AutomationUserTimeZones = eventConsumer({
  name: 'automation-user-time-zones',
  service: 'automation',
  reads: selectEvents(AuthEvents, 'user.preferences_updated'),
  summary: "Each user's time zone preference, for schedules saved without one",
});

/** The automation service's part of GDPR exports and deletions. */
export const AutomationGdprFeed = gdprRequestsFeed('automation');
