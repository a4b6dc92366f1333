import { MigrationInterface, QueryRunner } from 'typeorm';

export class RecipeSearchTerms1796612151250 implements MigrationInterface {
  name = 'RecipeSearchTerms1796612151250';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "recipe_search_terms" ("recipe_id" uuid NOT NULL, "lexeme" text NOT NULL, "score" real NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_bff4be2a77cfe29df89c3d1d694" PRIMARY KEY ("recipe_id", "lexeme"))`,
    );
    await runner.query(
      `ALTER TABLE "recipe_search_terms" ADD CONSTRAINT "FK_da6266d51ca9461147b17e79e08" FOREIGN KEY ("recipe_id") REFERENCES "recipes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    // Written by hand (the entity names it with synchronize: false): a one-word search reads its
    // page from here in order, and counts its matches index-only.
    await runner.query(
      `CREATE INDEX "recipe_search_terms_rank_idx" ON "recipe_search_terms" ("lexeme", "score" DESC, "created_at" DESC, "recipe_id")`,
    );
    // One row per lexeme of a published recipe's search_vector, scored as the search ranks a
    // one-word query (the lexeme written as tsquery text: quoted, with ' and \ escaped).
    // The schema is fixed at creation (FROM CURRENT): a write by any role or session finds the table.
    await runner.query(`CREATE FUNCTION "recipe_search_terms_refresh"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        DELETE FROM recipe_search_terms WHERE recipe_id = NEW.id;
        IF NEW.status = 'published' AND NEW.search_vector IS NOT NULL THEN
          INSERT INTO recipe_search_terms (recipe_id, lexeme, score, created_at)
          SELECT NEW.id, t.lexeme,
                 ts_rank(NEW.search_vector, ('''' || replace(replace(t.lexeme, '\\', '\\\\'), '''', '''''') || '''')::tsquery),
                 NEW.created_at
            FROM unnest(NEW.search_vector) AS t;
        END IF;
        RETURN NULL;
      END $$`);
    await runner.query(
      `CREATE TRIGGER "recipe_search_terms_insert_trigger" AFTER INSERT ON "recipes" FOR EACH ROW EXECUTE FUNCTION "recipe_search_terms_refresh"()`,
    );
    await runner.query(
      `CREATE TRIGGER "recipe_search_terms_update_trigger" AFTER UPDATE OF "title", "tags", "ingredient_keys", "cuisine", "category", "description", "status", "created_at" ON "recipes"
         FOR EACH ROW WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector OR OLD.status IS DISTINCT FROM NEW.status OR OLD.created_at IS DISTINCT FROM NEW.created_at)
         EXECUTE FUNCTION "recipe_search_terms_refresh"()`,
    );
    // The recipes published before this migration.
    await runner.query(`INSERT INTO recipe_search_terms (recipe_id, lexeme, score, created_at)
      SELECT r.id, t.lexeme,
             ts_rank(r.search_vector, ('''' || replace(replace(t.lexeme, '\\', '\\\\'), '''', '''''') || '''')::tsquery),
             r.created_at
        FROM recipes r, unnest(r.search_vector) AS t
       WHERE r.status = 'published' AND r.search_vector IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER "recipe_search_terms_update_trigger" ON "recipes"`);
    await runner.query(`DROP TRIGGER "recipe_search_terms_insert_trigger" ON "recipes"`);
    await runner.query(`DROP FUNCTION "recipe_search_terms_refresh"()`);
    await runner.query(`DROP INDEX "recipe_search_terms_rank_idx"`);
    await runner.query(`ALTER TABLE "recipe_search_terms" DROP CONSTRAINT "FK_da6266d51ca9461147b17e79e08"`);
    await runner.query(`DROP TABLE "recipe_search_terms"`);
  }
}
