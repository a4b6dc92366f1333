import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;
/** Deeper than any list goes, and within what Postgres takes as an OFFSET (a larger one is a 422). */
export const MAX_PAGE = 100_000;
export const MAX_OFFSET = MAX_PAGE * MAX_PAGE_LIMIT;

/** `page`+`limit` (alias `per_page`) or `offset`+`limit`, as the contract allows. */
export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  per_page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset?: number;

  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

/** The paging fields every list answer carries beside its items (`{<plural>: [...], total, page, limit, pages}`). */
export class ListMeta {
  @IsInt() total: number;
  @IsInt() page: number;
  @IsInt() limit: number;
  @IsInt() pages: number;
}

export interface Page {
  limit: number;
  offset: number;
  page: number;
}

/** A sort order: a field and a direction. */
export interface Sort<F extends string> {
  field: F;
  direction: 'ASC' | 'DESC';
}

/**
 * `sort=-created_at` or `sort_by=created_at&order=desc` into one order; `fields` are the ones the
 * list offers (the query class validates `sort`/`sort_by` against the same list, so an unknown
 * field is a 422 before it gets here).
 */
export function resolveSort<F extends string>(
  query: { sort?: string; sort_by?: string; order?: 'asc' | 'desc' },
  fallback: Sort<F>,
): Sort<F> {
  if (query.sort) {
    const descending = query.sort.startsWith('-');
    return { field: (descending ? query.sort.slice(1) : query.sort) as F, direction: descending ? 'DESC' : 'ASC' };
  }
  if (query.sort_by) return { field: query.sort_by as F, direction: query.order === 'asc' ? 'ASC' : 'DESC' };
  return query.order ? { ...fallback, direction: query.order === 'asc' ? 'ASC' : 'DESC' } : fallback;
}

/** The values `sort` accepts for the given fields: each ascending and, with a `-`, descending. */
export function sortValues(fields: readonly string[]): string[] {
  return fields.flatMap((f) => [f, `-${f}`]);
}

/** Resolves the query's paging fields into one window. */
export function resolvePage(query: PageQuery): Page {
  const limit = query.limit ?? query.per_page ?? DEFAULT_PAGE_LIMIT;
  if (query.offset !== undefined) return { limit, offset: query.offset, page: Math.floor(query.offset / limit) + 1 };
  const page = query.page ?? 1;
  return { limit, offset: (page - 1) * limit, page };
}

/** The contract's list shape: `{<plural>: [...], total, page, limit, pages}`. */
export function listView<K extends string, T>(
  key: K,
  items: T[],
  total: number,
  page: Page,
): Record<K, T[]> & { total: number; page: number; limit: number; pages: number } {
  return { [key]: items, total, page: page.page, limit: page.limit, pages: Math.ceil(total / page.limit) } as Record<K, T[]> & {
    total: number;
    page: number;
    limit: number;
    pages: number;
  };
}
