import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1796628899618 implements MigrationInterface {
  name = 'Initial1796628899618';

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
      `CREATE TABLE "components" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "page_id" uuid NOT NULL, "site_id" uuid NOT NULL, "owner_id" uuid NOT NULL, "type" character varying(20) NOT NULL, "props" jsonb NOT NULL, "position" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0d742661c63926321b5f5eac1ad" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "components_site_idx" ON "components"  ("site_id") `);
    await runner.query(`CREATE INDEX "components_page_position_idx" ON "components"  ("page_id", "position") `);
    await runner.query(
      `CREATE TABLE "form_submissions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "site_id" uuid NOT NULL, "owner_id" uuid NOT NULL, "component_id" uuid NOT NULL, "fields" jsonb NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fb6e1e9f26cda31c358a8a1530e" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "form_submissions_component_idx" ON "form_submissions"  ("component_id", "submitted_at") `);
    await runner.query(`CREATE INDEX "form_submissions_site_idx" ON "form_submissions"  ("site_id", "submitted_at") `);
    await runner.query(
      `CREATE TABLE "pages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "site_id" uuid NOT NULL, "owner_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "path" character varying(61) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8f21ed625aa34c8391d636b7d3b" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "pages_owner_idx" ON "pages"  ("owner_id") `);
    await runner.query(`CREATE UNIQUE INDEX "pages_site_path_key" ON "pages"  ("site_id", "path") `);
    await runner.query(
      `CREATE TABLE "sites" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "slug" character varying(50) NOT NULL, "live_version" integer, "next_version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4f5eccb1dfde10c9170502595a7" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "sites_owner_idx" ON "sites"  ("owner_id", "created_at") `);
    await runner.query(`CREATE UNIQUE INDEX "sites_slug_key" ON "sites"  ("slug") `);
    await runner.query(
      `CREATE TABLE "site_versions" ("site_id" uuid NOT NULL, "version" integer NOT NULL, "pages" jsonb NOT NULL, "forms" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cb1d8e9a6d63df0f09afd13fd06" PRIMARY KEY ("site_id", "version"))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "site_versions"`);
    await runner.query(`DROP INDEX "sites"."sites_slug_key"`);
    await runner.query(`DROP INDEX "sites"."sites_owner_idx"`);
    await runner.query(`DROP TABLE "sites"`);
    await runner.query(`DROP INDEX "sites"."pages_site_path_key"`);
    await runner.query(`DROP INDEX "sites"."pages_owner_idx"`);
    await runner.query(`DROP TABLE "pages"`);
    await runner.query(`DROP INDEX "sites"."form_submissions_site_idx"`);
    await runner.query(`DROP INDEX "sites"."form_submissions_component_idx"`);
    await runner.query(`DROP TABLE "form_submissions"`);
    await runner.query(`DROP INDEX "sites"."components_page_position_idx"`);
    await runner.query(`DROP INDEX "sites"."components_site_idx"`);
    await runner.query(`DROP TABLE "components"`);
    await runner.query(`DROP INDEX "sites"."entitlements_user_product_idx"`);
    await runner.query(`DROP TABLE "entitlements"`);
    await runner.query(`DROP TABLE "inbox"`);
    await runner.query(`DROP INDEX "sites"."outbox_pending_idx"`);
    await runner.query(`DROP TABLE "outbox"`);
  }
}
