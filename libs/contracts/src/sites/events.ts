import { eventCatalogue, eventConsumer, selectEvents } from '../common/events';
import type { GdprPartEventMap } from '../gdpr/gdpr.events';
import { GDPR_PART_EVENTS, gdprRequestsFeed } from '../gdpr/gdpr.events';
import { PaymentEvents } from '../payment/events';

export interface SitePublishedData {
  site_id: string;
  owner_id: string;
  slug: string;
  /** The version now live. */
  version: number;
  url: string;
  /** True when a rollback made an earlier version live again. */
  rollback: boolean;
  published_at: string;
}

export interface SiteFormSubmittedData {
  submission_id: string;
  site_id: string;
  owner_id: string;
  component_id: string;
  /** The names of the fields sent (their values stay with the site's owner). */
  field_names: string[];
  submitted_at: string;
}

export interface SitesEventMap {
  'site.published': SitePublishedData;
  'site.form.submitted': SiteFormSubmittedData;
}

/** Domain events of the sites service, on `events.sites.<type>`; the CloudEvent `subject` is the site id. */
export const SitesEvents = eventCatalogue<SitesEventMap & GdprPartEventMap>('sites', {
  'site.published': 'A version of a site went live (a publish, or a rollback to an earlier version)',
  'site.form.submitted': "A visitor sent one of a site's forms",
  ...GDPR_PART_EVENTS,
});

/** Who may build sites (product 5), kept locally. */
export const SitesEntitlementsFeed = eventConsumer({
  name: 'sites-entitlements',
  service: 'sites',
  reads: selectEvents(PaymentEvents, 'subscription.>'),
  summary: 'Who may use WebApp Builder (product 5), kept locally',
});

/** The sites service's part of GDPR exports and deletions. */
export const SitesGdprFeed = gdprRequestsFeed('sites');
