import type { EntityManager } from 'typeorm';
import { returnedRows } from '@sf/database';

/** What a rating change answers; `name` only where the table has one (chefs). */
export interface RatingTotals {
  rating_avg: string;
  rating_count: number;
  name?: string;
}

/**
 * Counts one rating into (`+1`) or out of (`-1`) a recipe's or chef's running average, in one
 * statement under the row's lock: a review written, or one a moderator removed.
 */
export async function countRating(
  manager: EntityManager,
  table: 'recipes' | 'chefs',
  id: string,
  rating: number,
  step: 1 | -1,
): Promise<RatingTotals | undefined> {
  const [totals] = returnedRows<RatingTotals>(
    await manager.query(
      `UPDATE ${table} SET rating_sum = rating_sum + $2, rating_count = rating_count + $3,
              rating_avg = CASE WHEN rating_count + $3 > 0 THEN round((rating_sum + $2)::numeric / (rating_count + $3), 2) ELSE 0 END
        WHERE id = $1 RETURNING rating_avg, rating_count${table === 'chefs' ? ', name' : ''}`,
      [id, step * rating, step],
    ),
  );
  return totals;
}
