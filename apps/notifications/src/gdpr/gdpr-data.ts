import type { GdprDataMap } from '@sf/events';

/**
 * Notices, preferences, webhooks (deliveries cascade), the mail address kept for sending, and
 * chat: the user's messages go; threads stay for the other party, the user replaced by a stand-in id.
 */
export const NOTIFICATIONS_GDPR_DATA: GdprDataMap = {
  tables: [
    { table: 'notifications' },
    { table: 'notification_preferences' },
    { table: 'webhook_endpoints' },
    { table: 'chat_messages', where: 'sender_id = $1' },
    {
      table: 'chat_threads',
      where: '$1 = ANY(participant_ids)',
      erase: { anonymise: { participant_ids: 'array_replace(participant_ids, $1::uuid, $2::uuid)' } },
    },
    {
      table: 'chat_subjects',
      where: '$1 = ANY(party_ids)',
      erase: { anonymise: { party_ids: 'array_replace(party_ids, $1::uuid, $2::uuid)' } },
      exported: false,
    },
    { table: 'idempotency_records', exported: false },
    { table: 'recipients' },
  ],
};
