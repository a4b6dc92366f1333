import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1796618333775 implements MigrationInterface {
  name = 'Initial1796618333775';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "outbox" ("id" uuid NOT NULL, "position" BIGSERIAL NOT NULL, "type" character varying(100) NOT NULL, "subject" character varying(100) NOT NULL, "data" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "traceparent" character varying(55), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
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
      `CREATE TABLE "platform_users" ("user_id" uuid NOT NULL, "email" character varying(320) NOT NULL, "name" character varying(200) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f48bdedbdc9ce9ed23392fdc4b4" PRIMARY KEY ("user_id"))`,
    );
    await runner.query(
      `CREATE TABLE "usage_items" ("kind" character varying(20) NOT NULL, "item_id" uuid NOT NULL, "user_id" uuid NOT NULL, "status" character varying(20), "bytes" bigint NOT NULL DEFAULT '0', "gone" boolean NOT NULL DEFAULT false, "version" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8592b4922dded494cb921c1bda5" PRIMARY KEY ("kind", "item_id"))`,
    );
    await runner.query(`CREATE INDEX "usage_items_user_idx" ON "usage_items"  ("user_id", "kind") `);
    await runner.query(
      `CREATE TABLE "activity" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "type" character varying(60) NOT NULL, "title" character varying(300) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_24625a1d6b1b089c8ae206fe467" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "activity_user_at_idx" ON "activity"  ("user_id", "at") `);
    await runner.query(
      `CREATE TABLE "search_documents" ("type" character varying(20) NOT NULL, "source_id" uuid NOT NULL, "owner_id" uuid NOT NULL, "platform" character varying(30) NOT NULL, "category" character varying(50), "language" character varying(2) NOT NULL, "title" character varying(300) NOT NULL, "excerpt" text NOT NULL, "search_text" text NOT NULL, "search_vector" tsvector NOT NULL, "visible" boolean NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "version" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_507db904be9b501f655cdb76144" PRIMARY KEY ("type", "source_id"))`,
    );
    await runner.query(
      `CREATE TABLE "saved_searches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "query_text" character varying(200) NOT NULL, "type" character varying(20), "is_public" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d9a53c71ccc5cf66dcdc5b33dfe" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "saved_searches_public_idx" ON "saved_searches"  ("is_public", "created_at") `);
    await runner.query(`CREATE INDEX "saved_searches_user_idx" ON "saved_searches"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "search_queries" ("id" BIGSERIAL NOT NULL, "text" character varying(200) NOT NULL, "language" character varying(2) NOT NULL, "platform" character varying(30), "user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2945172d2d9a9f6b2339dd036e7" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "search_queries_created_idx" ON "search_queries"  ("created_at") `);

    // Written by hand (the entities name them with synchronize: false). pg_trgm is created in
    // public by the database provisioning: service roles may not create extensions.
    await runner.query(`CREATE INDEX "search_documents_vector_idx" ON "search_documents" USING GIN ("search_vector") WHERE visible`);
    await runner.query(
      `CREATE INDEX "search_documents_text_trgm_idx" ON "search_documents" USING GIN ("search_text" public.gin_trgm_ops) WHERE visible`,
    );
    // The logged searches that still name their searcher, for forgetting them after 30 days.
    await runner.query(`CREATE INDEX "search_queries_identified_idx" ON "search_queries" ("created_at") WHERE user_id IS NOT NULL`);
    await runner.query(`CREATE INDEX "search_queries_text_idx" ON "search_queries" ("text" text_pattern_ops, "created_at")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "search_queries_text_idx"`);
    await runner.query(`DROP INDEX "search_queries_identified_idx"`);
    await runner.query(`DROP INDEX "search_documents_text_trgm_idx"`);
    await runner.query(`DROP INDEX "search_documents_vector_idx"`);
    await runner.query(`DROP INDEX "platform"."search_queries_created_idx"`);
    await runner.query(`DROP TABLE "search_queries"`);
    await runner.query(`DROP INDEX "platform"."saved_searches_user_idx"`);
    await runner.query(`DROP INDEX "platform"."saved_searches_public_idx"`);
    await runner.query(`DROP TABLE "saved_searches"`);
    await runner.query(`DROP TABLE "search_documents"`);
    await runner.query(`DROP INDEX "platform"."activity_user_at_idx"`);
    await runner.query(`DROP TABLE "activity"`);
    await runner.query(`DROP INDEX "platform"."usage_items_user_idx"`);
    await runner.query(`DROP TABLE "usage_items"`);
    await runner.query(`DROP TABLE "platform_users"`);
    await runner.query(`DROP INDEX "platform"."entitlements_user_product_idx"`);
    await runner.query(`DROP TABLE "entitlements"`);
    await runner.query(`DROP TABLE "inbox"`);
    await runner.query(`DROP INDEX "platform"."outbox_pending_idx"`);
    await runner.query(`DROP TABLE "outbox"`);
  }
}
