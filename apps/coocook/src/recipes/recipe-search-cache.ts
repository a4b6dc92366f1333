import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import type { RecipeSearchQuery, RecipeSearchView } from '@sf/contracts';
import { COOCOOK_CONFIG, CoocookConfig } from '../coocook.config';

interface Entry {
  generation: string;
  view: RecipeSearchView;
}

/**
 * Recipe search answers, per replica, for the queries many people ask at once. An answer is
 * reused only while `recipe_search_generation` (moved in the transaction of every recipe write,
 * whichever replica or process made it) has not moved since it was computed, so a search never
 * answers from before a committed write; view counts in it are at most the TTL old. Bounded in
 * entries; one small read of the counter replaces the search's query on a hit.
 */
@Injectable()
export class RecipeSearchCache {
  private readonly entries: LRUCache<string, Entry> | null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COOCOOK_CONFIG) config: CoocookConfig,
  ) {
    const { entries, ttlMs } = config.searchCache;
    this.entries = entries > 0 ? new LRUCache<string, Entry>({ max: entries, ttl: ttlMs }) : null;
  }

  /** The cached answer to `query` if still current, else `search()`'s, kept for the next caller. */
  async answer(query: RecipeSearchQuery, search: () => Promise<RecipeSearchView>): Promise<RecipeSearchView> {
    if (!this.entries) return search();
    // Read before searching: the rows the search then reads are at least as new as this value.
    const [{ value: generation }] = await this.dataSource.query<{ value: string }[]>(`SELECT value FROM recipe_search_generation`);
    const key = keyOf(query);
    const cached = this.entries.get(key);
    if (cached?.generation === generation) return cached.view;
    const view = await search();
    this.entries.set(key, { generation, view });
    return view;
  }
}

/** The query's fields in a fixed order (two spellings of one query share an entry). */
function keyOf(query: RecipeSearchQuery): string {
  const record = query as unknown as Record<string, unknown>;
  return JSON.stringify(
    Object.keys(record)
      .filter((name) => record[name] !== undefined)
      .sort()
      .map((name) => [name, record[name]]),
  );
}
