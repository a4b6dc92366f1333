import { eventCatalogue, eventConsumer, eventSubject } from '../common/events';
import type { EventSelection } from '../common/events';

/**
 * Every service that holds user data and takes part in GDPR export and deletion: the one list.
 * Admin sends each of them an upload URL with every export and waits for each one's answer; a
 * new service joins by adding its name here and consuming {@link gdprRequestsFeed} (through
 * `GdprParticipant` of `@sf/events`), its catalogue carrying {@link GDPR_PART_EVENTS}.
 */
export const GDPR_SERVICES = [
  'auth',
  'payment',
  'storage',
  'coocook',
  'sns',
  'review',
  'notifications',
  'platform',
  'admin',
  'automation',
  'sites',
] as const;
export type GdprService = (typeof GDPR_SERVICES)[number];

/** Where one service puts its part of an export: a presigned S3 PUT URL (JSON body). */
export interface GdprPartTarget {
  service: string;
  url: string;
}

/** Admin asks every participating service for the user's data. */
export interface GdprExportRequestedData {
  request_id: string;
  user_id: string;
  /** One upload URL per service of {@link GDPR_SERVICES}; a service uploads only to its own. */
  parts: GdprPartTarget[];
  /** When the URLs stop working (ISO 8601). */
  expires_at: string;
}

/** The grace period is over: every participating service deletes or anonymises the user's rows. */
export interface GdprDeleteRequestedData {
  request_id: string;
  user_id: string;
  services: string[];
}

/** An export or deletion ended: every service answered (`completed`) or the deadline passed (`incomplete`). */
export interface GdprRequestEndedData {
  request_id: string;
  user_id: string;
  kind: 'export' | 'delete';
  state: 'completed' | 'incomplete';
  /** The admin who asked for it; null when the user deleted their own account. */
  requested_by: string | null;
  missing: string[];
}

/** The request events admin publishes (part of admin's catalogue). */
export interface GdprRequestEventMap {
  'gdpr.export.requested': GdprExportRequestedData;
  'gdpr.delete.requested': GdprDeleteRequestedData;
  'gdpr.export.completed': GdprRequestEndedData;
  'gdpr.delete.completed': GdprRequestEndedData;
}

export const GDPR_REQUEST_EVENTS: { readonly [K in keyof GdprRequestEventMap]: string } = {
  'gdpr.export.requested': "A user's data export was asked of every participating service (with an upload URL each)",
  'gdpr.delete.requested': "A user's data is to be deleted or anonymised by every participating service now",
  'gdpr.export.completed': 'A data export ended: every part arrived, or the deadline passed (`incomplete`, naming the missing)',
  'gdpr.delete.completed': 'A deletion ended: every service confirmed, or the deadline passed (`incomplete`, naming the missing)',
};

/** One service's answer to a request. */
export interface GdprPartCompletedData {
  request_id: string;
  user_id: string;
  service: string;
  /** Rows exported, or rows deleted or anonymised. */
  rows: number;
}

/** The answers every participating service publishes (part of each one's catalogue). */
export interface GdprPartEventMap {
  'gdpr.export.part_completed': GdprPartCompletedData;
  'gdpr.delete.part_completed': GdprPartCompletedData;
}

export const GDPR_PART_EVENTS: { readonly [K in keyof GdprPartEventMap]: string } = {
  'gdpr.export.part_completed': "This service uploaded its part of a user's data export",
  'gdpr.delete.part_completed': "This service deleted or anonymised a user's rows",
};

type RequestedType = 'gdpr.export.requested' | 'gdpr.delete.requested';

/** Admin's request events as a participant reads them (`events.admin.gdpr.*.requested`). */
const REQUESTED: EventSelection<GdprRequestEventMap, RequestedType> = {
  catalogue: eventCatalogue<GdprRequestEventMap>('admin', GDPR_REQUEST_EVENTS),
  subject: eventSubject('admin', 'gdpr.*.requested'),
  types: ['gdpr.export.requested', 'gdpr.delete.requested'],
};

/** The durable consumer through which `service` takes part in GDPR export and deletion. */
export function gdprRequestsFeed(service: GdprService) {
  return eventConsumer({
    name: `${service}-gdpr`,
    service,
    reads: REQUESTED,
    summary: "Exports the user's data to the URL given, or deletes or anonymises it, and answers",
  });
}

/** Admin reads each participant's answers through one consumer per participant. */
export function gdprPartsFeed(service: GdprService) {
  return eventConsumer({
    name: `admin-gdpr-${service}`,
    service: 'admin',
    // `gdpr.*.part_completed`, not `gdpr.>`: admin's own catalogue also holds the request events.
    reads: {
      catalogue: eventCatalogue<GdprPartEventMap>(service, GDPR_PART_EVENTS),
      subject: eventSubject(service, 'gdpr.*.part_completed'),
      types: ['gdpr.export.part_completed', 'gdpr.delete.part_completed'],
    } satisfies EventSelection<GdprPartEventMap, keyof GdprPartEventMap>,
    summary: `The ${service} service's answers to GDPR exports and deletions`,
  });
}
