import { QueryFailedError } from 'typeorm';

/** True when `error` is Postgres refusing a duplicate (23505), optionally of one constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}

/**
 * The rows of an `UPDATE|DELETE ... RETURNING` run through `manager.query`: the pg driver of
 * TypeORM answers those as `[rows, affectedCount]`, an `INSERT ... RETURNING` as the rows.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return Array.isArray(result) ? (result as T[]) : [];
}
