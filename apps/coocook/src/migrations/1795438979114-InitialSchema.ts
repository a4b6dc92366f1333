import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795438979114 implements MigrationInterface {
  name = 'InitialSchema1795438979114';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "outbox" ("id" uuid NOT NULL, "position" BIGSERIAL NOT NULL, "type" character varying(100) NOT NULL, "subject" character varying(100) NOT NULL, "data" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "outbox_pending_idx" ON "outbox"  ("position") WHERE published_at IS NULL`);
    await runner.query(
      `CREATE TABLE "inbox" ("consumer" character varying(100) NOT NULL, "event_id" uuid NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_625a303addbbe1f30d3f65ed7fe" PRIMARY KEY ("consumer", "event_id"))`,
    );
    await runner.query(
      `CREATE TABLE "entitlements" ("subscription_id" uuid NOT NULL, "user_id" uuid NOT NULL, "product_id" integer NOT NULL, "product_slug" character varying(50) NOT NULL, "plan_slug" character varying(20) NOT NULL, "plan_type" character varying(10) NOT NULL, "status" character varying(20) NOT NULL, "current_period_end" TIMESTAMP WITH TIME ZONE, "cancel_at_period_end" boolean NOT NULL DEFAULT false, "version" bigint NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_466a14443d295327ac3f88cd897" PRIMARY KEY ("subscription_id"))`,
    );
    await runner.query(`CREATE INDEX "entitlements_user_product_idx" ON "entitlements"  ("user_id", "product_id") `);
    await runner.query(
      `CREATE TABLE "bookings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "chef_id" uuid NOT NULL, "chef_user_id" uuid NOT NULL, "guest_id" uuid NOT NULL, "booking_date" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_hours" integer NOT NULL, "special_requests" text, "status" character varying(20) NOT NULL DEFAULT 'pending', "hourly_rate_krw" integer NOT NULL, "total_price" integer NOT NULL, "payment_id" character varying(100), "paid_at" TIMESTAMP WITH TIME ZONE, "confirmed_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancelled_by" character varying(10), "cancellation_reason" character varying(500), "refund_amount_krw" integer, "refund_id" character varying(100), "idempotency_key" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "bookings_price_check" CHECK (total_price >= 0), CONSTRAINT "bookings_duration_check" CHECK (duration_hours BETWEEN 1 AND 24), CONSTRAINT "PK_bee6805982cc1e248e94ce94957" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "bookings_status_idx" ON "bookings"  ("status") `);
    await runner.query(
      `CREATE UNIQUE INDEX "bookings_guest_idempotency_key" ON "bookings"  ("guest_id", "idempotency_key") WHERE idempotency_key IS NOT NULL`,
    );
    await runner.query(`CREATE INDEX "bookings_chef_user_created_idx" ON "bookings"  ("chef_user_id", "created_at") `);
    await runner.query(`CREATE INDEX "bookings_guest_created_idx" ON "bookings"  ("guest_id", "created_at") `);
    await runner.query(`CREATE INDEX "bookings_chef_slot_idx" ON "bookings"  ("chef_id", "booking_date") `);
    await runner.query(
      `CREATE TABLE "booking_reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "booking_id" uuid NOT NULL, "chef_id" uuid NOT NULL, "guest_id" uuid NOT NULL, "rating" smallint NOT NULL, "comment" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "booking_reviews_rating_check" CHECK (rating BETWEEN 1 AND 5), CONSTRAINT "PK_97ae1e947fe4a85ac35abb56c2d" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "booking_reviews_booking_id_key" ON "booking_reviews"  ("booking_id") `);
    await runner.query(`CREATE INDEX "booking_reviews_chef_created_idx" ON "booking_reviews"  ("chef_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "chefs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "bio" text NOT NULL DEFAULT '', "cuisine" character varying(50) NOT NULL, "location" character varying(100) NOT NULL, "hourly_rate_krw" integer NOT NULL, "image_url" text, "time_zone" character varying(64) NOT NULL DEFAULT 'Asia/Seoul', "rating_avg" numeric(3,2) NOT NULL DEFAULT '0', "rating_count" integer NOT NULL DEFAULT '0', "rating_sum" integer NOT NULL DEFAULT '0', "followers_count" integer NOT NULL DEFAULT '0', "search_vector" tsvector, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chefs_hourly_rate_check" CHECK (hourly_rate_krw > 0), CONSTRAINT "PK_f021e56d29dd143d07f9f45fb95" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "chefs_user_id_key" ON "chefs"  ("user_id") `);
    await runner.query(`CREATE INDEX "chefs_hourly_rate_idx" ON "chefs"  ("hourly_rate_krw") `);
    await runner.query(`CREATE INDEX "chefs_rating_avg_idx" ON "chefs"  ("rating_avg") `);
    await runner.query(`CREATE INDEX "chefs_search_idx" ON "chefs" USING gin ("search_vector") `);
    await runner.query(`CREATE INDEX "chefs_created_at_idx" ON "chefs"  ("created_at") `);
    await runner.query(
      `CREATE TABLE "chef_availability" ("chef_id" uuid NOT NULL, "weekly" jsonb NOT NULL DEFAULT '[]', "exceptions" jsonb NOT NULL DEFAULT '[]', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8a9c9481816192532f6225f2c85" PRIMARY KEY ("chef_id"))`,
    );
    await runner.query(
      `CREATE TABLE "chef_follows" ("user_id" uuid NOT NULL, "chef_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d4a02cc1d5c90d6b9d4fc6451cd" PRIMARY KEY ("user_id", "chef_id"))`,
    );
    await runner.query(`CREATE INDEX "chef_follows_chef_id_idx" ON "chef_follows"  ("chef_id") `);
    await runner.query(
      `CREATE TABLE "chef_activities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "chef_id" uuid NOT NULL, "kind" character varying(40) NOT NULL, "subject_id" uuid NOT NULL, "summary" character varying(300) NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9a2d59d1a8ce4ee1be8caf458dd" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "chef_activities_chef_created_idx" ON "chef_activities"  ("chef_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "meal_plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "start_date" date NOT NULL, "end_date" date NOT NULL, "notes" text, "meals" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6270d3206d074e2a2520f8d0a0b" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "meal_plans_user_start_idx" ON "meal_plans"  ("user_id", "start_date") `);
    await runner.query(
      `CREATE TABLE "recipes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "author_id" uuid NOT NULL, "slug" character varying(240) NOT NULL, "title" character varying(200) NOT NULL, "description" text NOT NULL DEFAULT '', "category" character varying(50), "cuisine" character varying(50), "difficulty" character varying(10), "prep_time_mins" integer, "cook_time_mins" integer, "servings" integer NOT NULL DEFAULT '1', "image_url" text, "tags" text array NOT NULL DEFAULT '{}', "ingredients" jsonb NOT NULL, "ingredient_keys" text array NOT NULL DEFAULT '{}', "instructions" jsonb NOT NULL DEFAULT '[]', "nutrition_data" jsonb, "status" character varying(10) NOT NULL DEFAULT 'published', "rating_avg" numeric(3,2) NOT NULL DEFAULT '0', "rating_count" integer NOT NULL DEFAULT '0', "rating_sum" integer NOT NULL DEFAULT '0', "view_count" integer NOT NULL DEFAULT '0', "search_vector" tsvector, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "recipes_status_check" CHECK (status IN ('draft', 'published')), CONSTRAINT "PK_8f09680a51bf3669c1598a21682" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "recipes_slug_key" ON "recipes"  ("slug") `);
    await runner.query(`CREATE INDEX "recipes_difficulty_idx" ON "recipes"  ("difficulty") `);
    await runner.query(`CREATE INDEX "recipes_prep_time_idx" ON "recipes"  ("prep_time_mins") `);
    await runner.query(`CREATE INDEX "recipes_tags_idx" ON "recipes" USING gin ("tags") `);
    await runner.query(`CREATE INDEX "recipes_ingredient_keys_idx" ON "recipes" USING gin ("ingredient_keys") `);
    await runner.query(`CREATE INDEX "recipes_rating_avg_idx" ON "recipes"  ("rating_avg") `);
    await runner.query(`CREATE INDEX "recipes_search_idx" ON "recipes" USING gin ("search_vector") `);
    await runner.query(`CREATE INDEX "recipes_author_created_idx" ON "recipes"  ("author_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "recipe_reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipe_id" uuid NOT NULL, "user_id" uuid NOT NULL, "rating" smallint NOT NULL, "review_text" text, "image_url" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "recipe_reviews_rating_check" CHECK (rating BETWEEN 1 AND 5), CONSTRAINT "PK_0fc886960e280e23f8c91c4cb3b" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "recipe_reviews_recipe_created_idx" ON "recipe_reviews"  ("recipe_id", "created_at") `);
    await runner.query(`CREATE UNIQUE INDEX "recipe_reviews_recipe_user_key" ON "recipe_reviews"  ("recipe_id", "user_id") `);
    await runner.query(
      `CREATE TABLE "recipe_daily_stats" ("recipe_id" uuid NOT NULL, "day" date NOT NULL, "views" integer NOT NULL DEFAULT '0', "ratings" integer NOT NULL DEFAULT '0', "rating_sum" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_1b577b4fcffdc6472021d274026" PRIMARY KEY ("recipe_id", "day"))`,
    );
    await runner.query(`CREATE INDEX "recipe_daily_stats_day_idx" ON "recipe_daily_stats"  ("day") `);
    await runner.query(
      `CREATE TABLE "shopping_lists" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9289ace7dd5e768d65290f3f9de" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "shopping_lists_user_created_idx" ON "shopping_lists"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "shopping_list_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "list_id" uuid NOT NULL, "position" integer NOT NULL, "name" character varying(100) NOT NULL, "name_key" character varying(100) NOT NULL, "quantity" double precision, "unit" character varying(20), "unit_key" character varying(20) NOT NULL DEFAULT '', "bought" boolean NOT NULL DEFAULT false, "bought_at" TIMESTAMP WITH TIME ZONE, "note" character varying(500), "prices" jsonb NOT NULL DEFAULT '[]', "recipe_ids" uuid array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_043c112c02fdc1c39fbd619fadb" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "shopping_list_items_merge_idx" ON "shopping_list_items"  ("list_id", "name_key", "unit_key") `);
    await runner.query(`CREATE INDEX "shopping_list_items_list_idx" ON "shopping_list_items"  ("list_id", "position") `);
    await runner.query(
      `ALTER TABLE "bookings" ADD CONSTRAINT "FK_cc621e317c0fd098974888ebd62" FOREIGN KEY ("chef_id") REFERENCES "chefs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "recipe_reviews" ADD CONSTRAINT "FK_4040401a0b142b9010a7ab2054e" FOREIGN KEY ("recipe_id") REFERENCES "recipes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "recipe_daily_stats" ADD CONSTRAINT "FK_260130aa203c13c84da6ee77846" FOREIGN KEY ("recipe_id") REFERENCES "recipes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "shopping_list_items" ADD CONSTRAINT "FK_caeede64de0c13c6dd9d3d945cc" FOREIGN KEY ("list_id") REFERENCES "shopping_lists"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    // Written by hand (TypeORM does not model these; the entities name them with synchronize: false).
    // Case-insensitive filters of the chef list and the recipe search.
    await runner.query(`CREATE INDEX "chefs_cuisine_idx" ON "chefs" (lower("cuisine"))`);
    await runner.query(`CREATE INDEX "chefs_location_idx" ON "chefs" (lower("location"))`);
    await runner.query(`CREATE INDEX "recipes_category_idx" ON "recipes" (lower("category")) WHERE status = 'published'`);
    await runner.query(`CREATE INDEX "recipes_cuisine_idx" ON "recipes" (lower("cuisine")) WHERE status = 'published'`);
    await runner.query(`CREATE INDEX "recipes_published_at_idx" ON "recipes" ("published_at" DESC) WHERE status = 'published'`);
    // Searches must not pay for a pending list: GIN indexes take each write directly (writes of
    // chefs and recipes are rare next to searches, and a bulk load would otherwise leave every
    // search scanning the pending list until a vacuum).
    for (const index of ['chefs_search_idx', 'recipes_search_idx', 'recipes_ingredient_keys_idx', 'recipes_tags_idx']) {
      await runner.query(`ALTER INDEX "${index}" SET (fastupdate = off)`);
    }
    // Full-text documents, kept by triggers so every writer (the service, bulk loads) fills them.
    await runner.query(`CREATE FUNCTION "chefs_search_vector_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector :=
          setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A') ||
          setweight(to_tsvector('english', coalesce(NEW.cuisine, '') || ' ' || coalesce(NEW.location, '')), 'B') ||
          setweight(to_tsvector('english', coalesce(NEW.bio, '')), 'C');
        RETURN NEW;
      END $$`);
    await runner.query(
      `CREATE TRIGGER "chefs_search_vector_trigger" BEFORE INSERT OR UPDATE OF "name", "cuisine", "location", "bio" ON "chefs" FOR EACH ROW EXECUTE FUNCTION "chefs_search_vector_refresh"()`,
    );
    await runner.query(`CREATE FUNCTION "recipes_search_vector_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector :=
          setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
          setweight(to_tsvector('english', array_to_string(NEW.tags, ' ') || ' ' || array_to_string(NEW.ingredient_keys, ' ')), 'B') ||
          setweight(to_tsvector('english', coalesce(NEW.cuisine, '') || ' ' || coalesce(NEW.category, '')), 'C') ||
          setweight(to_tsvector('english', coalesce(NEW.description, '')), 'D');
        RETURN NEW;
      END $$`);
    await runner.query(
      `CREATE TRIGGER "recipes_search_vector_trigger" BEFORE INSERT OR UPDATE OF "title", "tags", "ingredient_keys", "cuisine", "category", "description" ON "recipes" FOR EACH ROW EXECUTE FUNCTION "recipes_search_vector_refresh"()`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER "recipes_search_vector_trigger" ON "recipes"`);
    await runner.query(`DROP FUNCTION "recipes_search_vector_refresh"()`);
    await runner.query(`DROP TRIGGER "chefs_search_vector_trigger" ON "chefs"`);
    await runner.query(`DROP FUNCTION "chefs_search_vector_refresh"()`);
    await runner.query(`DROP INDEX "coocook"."recipes_published_at_idx"`);
    await runner.query(`DROP INDEX "coocook"."recipes_cuisine_idx"`);
    await runner.query(`DROP INDEX "coocook"."recipes_category_idx"`);
    await runner.query(`DROP INDEX "coocook"."chefs_location_idx"`);
    await runner.query(`DROP INDEX "coocook"."chefs_cuisine_idx"`);
    await runner.query(`ALTER TABLE "shopping_list_items" DROP CONSTRAINT "FK_caeede64de0c13c6dd9d3d945cc"`);
    await runner.query(`ALTER TABLE "recipe_daily_stats" DROP CONSTRAINT "FK_260130aa203c13c84da6ee77846"`);
    await runner.query(`ALTER TABLE "recipe_reviews" DROP CONSTRAINT "FK_4040401a0b142b9010a7ab2054e"`);
    await runner.query(`ALTER TABLE "bookings" DROP CONSTRAINT "FK_cc621e317c0fd098974888ebd62"`);
    await runner.query(`DROP INDEX "coocook"."shopping_list_items_list_idx"`);
    await runner.query(`DROP INDEX "coocook"."shopping_list_items_merge_idx"`);
    await runner.query(`DROP TABLE "shopping_list_items"`);
    await runner.query(`DROP INDEX "coocook"."shopping_lists_user_created_idx"`);
    await runner.query(`DROP TABLE "shopping_lists"`);
    await runner.query(`DROP INDEX "coocook"."recipe_daily_stats_day_idx"`);
    await runner.query(`DROP TABLE "recipe_daily_stats"`);
    await runner.query(`DROP INDEX "coocook"."recipe_reviews_recipe_user_key"`);
    await runner.query(`DROP INDEX "coocook"."recipe_reviews_recipe_created_idx"`);
    await runner.query(`DROP TABLE "recipe_reviews"`);
    await runner.query(`DROP INDEX "coocook"."recipes_author_created_idx"`);
    await runner.query(`DROP INDEX "coocook"."recipes_search_idx"`);
    await runner.query(`DROP INDEX "coocook"."recipes_rating_avg_idx"`);
    await runner.query(`DROP INDEX "coocook"."recipes_ingredient_keys_idx"`);
    await runner.query(`DROP INDEX "coocook"."recipes_tags_idx"`);
    await runner.query(`DROP INDEX "coocook"."recipes_prep_time_idx"`);
    await runner.query(`DROP INDEX "coocook"."recipes_difficulty_idx"`);
    await runner.query(`DROP INDEX "coocook"."recipes_slug_key"`);
    await runner.query(`DROP TABLE "recipes"`);
    await runner.query(`DROP INDEX "coocook"."meal_plans_user_start_idx"`);
    await runner.query(`DROP TABLE "meal_plans"`);
    await runner.query(`DROP INDEX "coocook"."chef_activities_chef_created_idx"`);
    await runner.query(`DROP TABLE "chef_activities"`);
    await runner.query(`DROP INDEX "coocook"."chef_follows_chef_id_idx"`);
    await runner.query(`DROP TABLE "chef_follows"`);
    await runner.query(`DROP TABLE "chef_availability"`);
    await runner.query(`DROP INDEX "coocook"."chefs_created_at_idx"`);
    await runner.query(`DROP INDEX "coocook"."chefs_search_idx"`);
    await runner.query(`DROP INDEX "coocook"."chefs_rating_avg_idx"`);
    await runner.query(`DROP INDEX "coocook"."chefs_hourly_rate_idx"`);
    await runner.query(`DROP INDEX "coocook"."chefs_user_id_key"`);
    await runner.query(`DROP TABLE "chefs"`);
    await runner.query(`DROP INDEX "coocook"."booking_reviews_chef_created_idx"`);
    await runner.query(`DROP INDEX "coocook"."booking_reviews_booking_id_key"`);
    await runner.query(`DROP TABLE "booking_reviews"`);
    await runner.query(`DROP INDEX "coocook"."bookings_chef_slot_idx"`);
    await runner.query(`DROP INDEX "coocook"."bookings_guest_created_idx"`);
    await runner.query(`DROP INDEX "coocook"."bookings_chef_user_created_idx"`);
    await runner.query(`DROP INDEX "coocook"."bookings_guest_idempotency_key"`);
    await runner.query(`DROP INDEX "coocook"."bookings_status_idx"`);
    await runner.query(`DROP TABLE "bookings"`);
    await runner.query(`DROP INDEX "coocook"."entitlements_user_product_idx"`);
    await runner.query(`DROP TABLE "entitlements"`);
    await runner.query(`DROP TABLE "inbox"`);
    await runner.query(`DROP INDEX "coocook"."outbox_pending_idx"`);
    await runner.query(`DROP TABLE "outbox"`);
  }
}
