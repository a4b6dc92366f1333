import type { GdprDataMap } from '@sf/events';

const OWN_CHEF = 'chef_id IN (SELECT id FROM chefs WHERE user_id = $1)';

/**
 * The user as a guest and as a chef. Bookings the user made with other chefs stay in those chefs'
 * records with the guest replaced by a stand-in id and the requests cleared; the user's own chef
 * profile goes with its bookings, reviews, availability, followers and activity. Recipes the user
 * wrote go with their reviews and statistics (cascade).
 */
export const COOCOOK_GDPR_DATA: GdprDataMap = {
  tables: [
    { table: 'booking_reviews', where: `guest_id = $1 OR ${OWN_CHEF}` },
    { table: 'bookings', where: OWN_CHEF },
    { table: 'bookings', where: 'guest_id = $1', erase: { anonymise: { guest_id: '$2', special_requests: 'NULL' } } },
    { table: 'chef_activities', where: OWN_CHEF },
    { table: 'chef_availability', where: OWN_CHEF },
    { table: 'chef_follows', where: `user_id = $1 OR ${OWN_CHEF}` },
    { table: 'chefs' },
    { table: 'recipe_reviews' },
    { table: 'recipes', where: 'author_id = $1' },
    { table: 'meal_plans' },
    { table: 'shopping_lists' },
    { table: 'idempotency_records', exported: false },
    { table: 'entitlements' },
  ],
};
