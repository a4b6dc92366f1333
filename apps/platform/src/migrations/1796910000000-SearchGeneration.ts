import { MigrationInterface, QueryRunner } from 'typeorm';
import { createGenerationCounter, dropGenerationCounter } from '@sf/database';

/**
 * `search_generation`: moved in the transaction of every write to the search index's documents
 * (the full-text answers a replica keeps are stale once it moves). Every column but `version`,
 * which no answer shows.
 */
const COUNTER = {
  name: 'search_generation',
  table: 'search_documents',
  columns: [
    'type',
    'source_id',
    'owner_id',
    'platform',
    'category',
    'language',
    'title',
    'excerpt',
    'search_text',
    'search_vector',
    'visible',
    'published_at',
  ],
};

export class SearchGeneration1796910000000 implements MigrationInterface {
  name = 'SearchGeneration1796910000000';

  async up(runner: QueryRunner): Promise<void> {
    await createGenerationCounter(runner, COUNTER);
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropGenerationCounter(runner, COUNTER);
  }
}
