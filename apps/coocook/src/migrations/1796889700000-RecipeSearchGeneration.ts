import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A counter every write to what a recipe search can show moves, in the writer's transaction: a
 * search result cached under one value is stale once it moves. A row (not a sequence): a
 * sequence moves before the writer commits, and a search in between would cache the old rows
 * under the new value. View counts are left out: they change on every read, and a cached page
 * shows them at most the cache's TTL old.
 */
export class RecipeSearchGeneration1796889700000 implements MigrationInterface {
  name = 'RecipeSearchGeneration1796889700000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "recipe_search_generation" ("id" boolean PRIMARY KEY DEFAULT true CHECK (id), "value" bigint NOT NULL DEFAULT 0)`,
    );
    await runner.query(`INSERT INTO "recipe_search_generation" DEFAULT VALUES`);
    await runner.query(`CREATE FUNCTION "recipe_search_generation_bump"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        UPDATE recipe_search_generation SET value = value + 1;
        RETURN NULL;
      END $$`);
    await runner.query(
      `CREATE TRIGGER "recipe_search_generation_write_trigger" AFTER INSERT OR DELETE OR UPDATE OF
         "author_id", "slug", "title", "description", "category", "cuisine", "difficulty", "prep_time_mins", "cook_time_mins",
         "servings", "image_url", "tags", "ingredients", "ingredient_keys", "instructions", "nutrition_data", "status",
         "rating_avg", "rating_count", "rating_sum", "published_at", "created_at"
         ON "recipes" FOR EACH STATEMENT EXECUTE FUNCTION "recipe_search_generation_bump"()`,
    );
    await runner.query(
      `CREATE TRIGGER "recipe_search_generation_truncate_trigger" AFTER TRUNCATE ON "recipes" FOR EACH STATEMENT EXECUTE FUNCTION "recipe_search_generation_bump"()`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER "recipe_search_generation_truncate_trigger" ON "recipes"`);
    await runner.query(`DROP TRIGGER "recipe_search_generation_write_trigger" ON "recipes"`);
    await runner.query(`DROP FUNCTION "recipe_search_generation_bump"()`);
    await runner.query(`DROP TABLE "recipe_search_generation"`);
  }
}
