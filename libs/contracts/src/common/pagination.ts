import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

/** `page`+`limit` (alias `per_page`) or `offset`+`limit`, as the contract allows. */
export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
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
  offset?: number;

  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export interface Page {
  limit: number;
  offset: number;
  page: number;
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
