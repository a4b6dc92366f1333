import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RecipeSearchQuery, RecipeSearchView } from '@sf/contracts';
import { AnswerCache } from '@sf/database';
import { COOCOOK_CONFIG, CoocookConfig } from '../coocook.config';

/**
 * Recipe search answers, per replica, for the queries many people ask at once. An answer is
 * reused only while `recipe_search_generation` (moved in the transaction of every recipe write,
 * whichever replica or process made it) has not moved since it was computed, so a search never
 * answers from before a committed write; view counts in it are at most the TTL old. Bounded in
 * entries; one small read of the counter replaces the search's query on a hit.
 */
@Injectable()
export class RecipeSearchCache {
  private readonly cache: AnswerCache<RecipeSearchView>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COOCOOK_CONFIG) config: CoocookConfig,
  ) {
    this.cache = new AnswerCache(config.searchCache);
  }

  /** The cached answer to `query` if still current, else `search()`'s, kept for the next caller. */
  async answer(query: RecipeSearchQuery, search: () => Promise<RecipeSearchView>): Promise<RecipeSearchView> {
    if (!this.cache.enabled) return search();
    const [{ value: generation }] = await this.dataSource.query<{ value: string }[]>(`SELECT value FROM recipe_search_generation`);
    return this.cache.answer(query, generation, search);
  }
}
