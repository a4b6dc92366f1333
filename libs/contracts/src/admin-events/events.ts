import { eventCatalogue } from '../common/events';
import { GDPR_PART_EVENTS, GDPR_REQUEST_EVENTS } from '../gdpr/gdpr.events';
import type { GdprPartEventMap, GdprRequestEventMap } from '../gdpr/gdpr.events';

/*
 * Admin's event catalogue, in a folder of its own: services that react to admin's events (CooCook
 * hides removed content) import it without importing the rest of admin's contract, which reads
 * their events in turn (the event history).
 */

export interface RoleChangedData {
  role_id: string;
  name: string;
  permissions: string[];
  actor_id: string | null;
}

export interface RoleDeletedData {
  role_id: string;
  name: string;
  actor_id: string | null;
}

/** A role was assigned to or withdrawn from a user (auth's `user.role_changed` carries the effect on tokens). */
export interface RoleAssignmentData {
  user_id: string;
  role_id: string;
  role_name: string;
  expires_at: string | null;
  /** Null when the expiry sweep withdrew it. */
  actor_id: string | null;
}

export interface PermissionOverriddenData {
  user_id: string;
  permission: string;
  effect: 'allow' | 'deny' | 'inherit';
  actor_id: string | null;
}

/** A moderator removed reported content; the service that owns it hides it (404 to all, gone from lists). */
export interface ContentRemovedData {
  content_type: 'recipe' | 'recipe_review' | 'chef_review' | 'sns_post' | 'review_campaign';
  content_id: string;
  report_id: string;
  reason: string | null;
  actor_id: string;
}

/** Event type → data, one source for publisher and consumers. */
export interface AdminEventMap extends GdprRequestEventMap, GdprPartEventMap {
  'rbac.role.created': RoleChangedData;
  'rbac.role.updated': RoleChangedData;
  'rbac.role.deleted': RoleDeletedData;
  'rbac.role.assigned': RoleAssignmentData;
  'rbac.role.withdrawn': RoleAssignmentData;
  'rbac.permission.overridden': PermissionOverriddenData;
  'moderation.content.removed': ContentRemovedData;
}

/** Domain events of the admin service, on `events.admin.<type>`; the subject is the role or user id. */
export const AdminEvents = eventCatalogue<AdminEventMap>('admin', {
  'rbac.role.created': 'A custom role was created',
  'rbac.role.updated': "A custom role's name or permissions changed",
  'rbac.role.deleted': 'A custom role was deleted',
  'rbac.role.assigned': 'A role was assigned to a user',
  'rbac.role.withdrawn': 'A role was withdrawn from a user (by an admin or on expiry)',
  'rbac.permission.overridden': 'One permission was allowed, denied or reset for one user',
  'moderation.content.removed': 'A moderator removed reported content; its owning service hides it',
  ...GDPR_REQUEST_EVENTS,
  ...GDPR_PART_EVENTS,
});
