import { createHash } from 'node:crypto';

/**
 * The id of the notification an event gives a user: the same event and user always give the same
 * id (a name-based UUID), so whatever repeats (a redelivery, a push sent before a failed commit)
 * names one notification.
 */
export function notificationId(eventId: string, userId: string, purpose = 'in_app'): string {
  const bytes = createHash('sha256').update(`${purpose}:${eventId}:${userId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
