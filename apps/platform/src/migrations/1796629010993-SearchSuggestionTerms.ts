import { MigrationInterface, QueryRunner } from 'typeorm';

export class SearchSuggestionTerms1796629010993 implements MigrationInterface {
  name = 'SearchSuggestionTerms1796629010993';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "search_suggestion_terms" ("platform" character varying(30) NOT NULL, "type" character varying(20) NOT NULL, "text_key" character varying(300) NOT NULL, "term" character varying(300) NOT NULL, CONSTRAINT "PK_850907f12d2de08b025d0a359bd" PRIMARY KEY ("platform", "type", "text_key", "term"))`,
    );
    await runner.query(
      `ALTER TABLE "search_suggestion_terms" ADD CONSTRAINT "FK_7e799e7b51bf1d7c7135dfcffc4" FOREIGN KEY ("platform", "type", "text_key") REFERENCES "search_suggestions"("platform","type","text_key") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Written by hand (the entity names it with synchronize: false).
    await runner.query(`CREATE INDEX "search_suggestion_terms_prefix_idx" ON "search_suggestion_terms" ("term" text_pattern_ops)`);
    // The words of the titles suggested before this migration.
    await runner.query(`INSERT INTO search_suggestion_terms (platform, type, text_key, term)
      SELECT DISTINCT s.platform, s.type, s.text_key, left(t.term, 300)
        FROM search_suggestions s, regexp_split_to_table(s.text_key, '[[:space:][:punct:]]+') AS t(term)
       WHERE t.term <> ''`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "search_suggestion_terms_prefix_idx"`);
    await runner.query(`ALTER TABLE "search_suggestion_terms" DROP CONSTRAINT "FK_7e799e7b51bf1d7c7135dfcffc4"`);
    await runner.query(`DROP TABLE "search_suggestion_terms"`);
  }
}
