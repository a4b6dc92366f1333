import { MigrationInterface, QueryRunner } from 'typeorm';

export class SearchSuggestions1796619503332 implements MigrationInterface {
  name = 'SearchSuggestions1796619503332';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "search_suggestions" ("platform" character varying(30) NOT NULL, "type" character varying(20) NOT NULL, "text_key" character varying(300) NOT NULL, "text" character varying(300) NOT NULL, "documents" integer NOT NULL, CONSTRAINT "PK_5ba4b26cf12598f076e56e02e1b" PRIMARY KEY ("platform", "type", "text_key"))`,
    );
    // Written by hand (the entity names them with synchronize: false).
    await runner.query(`CREATE INDEX "search_suggestions_prefix_idx" ON "search_suggestions" ("text_key" text_pattern_ops)`);
    await runner.query(`CREATE INDEX "search_suggestions_trgm_idx" ON "search_suggestions" USING GIN ("text_key" public.gin_trgm_ops)`);
    // The titles of the documents indexed before this migration.
    await runner.query(`INSERT INTO search_suggestions (platform, type, text_key, text, documents)
      SELECT platform, type, lower(title), max(title), count(*)::int FROM search_documents WHERE visible GROUP BY platform, type, lower(title)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "search_suggestions_trgm_idx"`);
    await runner.query(`DROP INDEX "search_suggestions_prefix_idx"`);
    await runner.query(`DROP TABLE "search_suggestions"`);
  }
}
