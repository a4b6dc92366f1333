import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `search_query_counts`: searches per normalised query, UTC day and connection slot, which
 * autocomplete reads instead of counting the log (whose cost grew with every search). Filled from
 * the log's last 30 days; the log's text index served only that count.
 */
export class SearchQueryCounts1796920000000 implements MigrationInterface {
  name = 'SearchQueryCounts1796920000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "search_query_counts" ("text" character varying(200) COLLATE "C" NOT NULL, "day" date NOT NULL, "slot" smallint NOT NULL, "searches" integer NOT NULL, CONSTRAINT "PK_1e8d6f304289124dfc47d58f4f2" PRIMARY KEY ("text", "day", "slot"))`,
    );
    await runner.query(`INSERT INTO search_query_counts (text, day, slot, searches)
      SELECT text, (created_at AT TIME ZONE 'UTC')::date, 0, count(*)
        FROM search_queries
       WHERE created_at >= ((now() AT TIME ZONE 'UTC')::date - 29)::timestamp AT TIME ZONE 'UTC'
       GROUP BY 1, 2`);
    await runner.query(`DROP INDEX "search_queries_text_idx"`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX "search_queries_text_idx" ON "search_queries" ("text" text_pattern_ops, "created_at")`);
    await runner.query(`DROP TABLE "search_query_counts"`);
  }
}
