/**
 * The rows of an `UPDATE|DELETE ... RETURNING` run through `manager.query`: the pg driver of
 * TypeORM answers those as `[rows, affectedCount]`, an `INSERT ... RETURNING` as the rows.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return Array.isArray(result) ? (result as T[]) : [];
}
