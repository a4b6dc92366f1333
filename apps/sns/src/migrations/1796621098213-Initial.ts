import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1796621098213 implements MigrationInterface {
  name = 'Initial1796621098213';

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
      `CREATE TABLE "accounts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "platform" character varying(20) NOT NULL, "account_name" character varying(100) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'pending', "platform_user_id" character varying(100), "platform_username" character varying(200), "followers_count" integer, "access_token_enc" text, "refresh_token_enc" text, "token_expires_at" TIMESTAMP WITH TIME ZONE, "oauth_state_hash" character varying(64), "oauth_state_enc" text, "oauth_state_expires_at" TIMESTAMP WITH TIME ZONE, "pkce_verifier_enc" text, "connected_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5a7a02c20412299d198e097a8fe" PRIMARY KEY ("id"))`,
    );
    await runner.query(
      `CREATE UNIQUE INDEX "accounts_oauth_state_key" ON "accounts"  ("oauth_state_hash") WHERE oauth_state_hash IS NOT NULL`,
    );
    await runner.query(`CREATE INDEX "accounts_user_created_idx" ON "accounts"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "ai_usage" ("user_id" uuid NOT NULL, "day" date NOT NULL, "calls" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_502af6de6621a7b14327781c2e9" PRIMARY KEY ("user_id", "day"))`,
    );
    await runner.query(
      `CREATE TABLE "metric_snapshots" ("id" BIGSERIAL NOT NULL, "target_id" uuid NOT NULL, "post_id" uuid NOT NULL, "user_id" uuid NOT NULL, "platform" character varying(20) NOT NULL, "likes" integer NOT NULL, "comments" integer NOT NULL, "shares" integer NOT NULL, "reach" integer NOT NULL, "impressions" integer NOT NULL, "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e7df991ed7476a98b561fc45083" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "metric_snapshots_user_time_idx" ON "metric_snapshots"  ("user_id", "taken_at") `);
    await runner.query(`CREATE INDEX "metric_snapshots_target_time_idx" ON "metric_snapshots"  ("target_id", "taken_at") `);
    await runner.query(
      `CREATE TABLE "follower_counts" ("account_id" uuid NOT NULL, "day" date NOT NULL, "user_id" uuid NOT NULL, "platform" character varying(20) NOT NULL, "followers" integer NOT NULL, CONSTRAINT "PK_f887e8a86bf2e008a4f930d890e" PRIMARY KEY ("account_id", "day"))`,
    );
    await runner.query(`CREATE INDEX "follower_counts_user_day_idx" ON "follower_counts"  ("user_id", "day") `);
    await runner.query(
      `CREATE TABLE "automations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "topic" character varying(500) NOT NULL, "platforms" jsonb NOT NULL, "frequency" character varying(10) NOT NULL, "description" text, "time_of_day" character varying(5) NOT NULL DEFAULT '09:00', "tone" character varying(20), "language" character varying(5), "status" character varying(10) NOT NULL DEFAULT 'active', "next_run" TIMESTAMP WITH TIME ZONE, "last_run" TIMESTAMP WITH TIME ZONE, "last_error" text, "runs_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_34c2cc382fc780ea36f7c478192" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "automations_user_created_idx" ON "automations"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "campaigns" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "description" text, "campaign_type" character varying(50), "status" character varying(20) NOT NULL DEFAULT 'active', "platforms" jsonb NOT NULL DEFAULT '[]', "start_date" date, "end_date" date, "budget_krw" bigint, "spend_krw" bigint, "revenue_krw" bigint, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_831e3fcd4fc45b4e4c3f57a9ee4" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "campaigns_user_created_idx" ON "campaigns"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "files" ("file_id" uuid NOT NULL, "user_id" uuid NOT NULL, "category" character varying(20) NOT NULL, "content_type" character varying(200) NOT NULL, CONSTRAINT "PK_a753eb40fcc8cd925fe9c9aded4" PRIMARY KEY ("file_id"))`,
    );
    await runner.query(`CREATE INDEX "files_user_idx" ON "files"  ("user_id") `);
    await runner.query(
      `CREATE TABLE "trend_snapshots" ("id" BIGSERIAL NOT NULL, "platform" character varying(20) NOT NULL, "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL, "name" character varying(200) NOT NULL, "volume" integer NOT NULL, CONSTRAINT "PK_a7ef1e8c194bf907a91f3fda707" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "trend_snapshots_platform_time_idx" ON "trend_snapshots"  ("platform", "taken_at") `);
    await runner.query(
      `CREATE TABLE "competitors" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "platform" character varying(20) NOT NULL, "username" character varying(100) NOT NULL, "platform_user_id" character varying(100) NOT NULL, "followers_at_start" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_76a451dd0c8a51a0e0fb6284389" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "competitors_user_created_idx" ON "competitors"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "bio_pages" ("user_id" uuid NOT NULL, "slug" character varying(40) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2acab86b33f525f746f2db71c00" PRIMARY KEY ("user_id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "bio_pages_slug_key" ON "bio_pages"  ("slug") `);
    await runner.query(
      `CREATE TABLE "bio_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "title" character varying(100) NOT NULL, "url" character varying(2048) NOT NULL, "icon_type" character varying(20) NOT NULL DEFAULT 'link', "position" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_89b9d05bceaa1929603e6a68574" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "bio_links_user_position_idx" ON "bio_links"  ("user_id", "position") `);
    await runner.query(
      `CREATE TABLE "link_clicks" ("id" BIGSERIAL NOT NULL, "link_id" uuid NOT NULL, "user_id" uuid NOT NULL, "clicked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "platform" character varying(50) NOT NULL, "referrer" character varying(500), CONSTRAINT "PK_19d536461401f505e14ddf46ae6" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "link_clicks_link_time_idx" ON "link_clicks"  ("link_id", "clicked_at") `);
    await runner.query(
      `CREATE TABLE "posts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "content" text NOT NULL, "template_type" character varying(20) NOT NULL DEFAULT 'text', "media" jsonb NOT NULL DEFAULT '[]', "scheduled_at" TIMESTAMP WITH TIME ZONE, "automation_id" uuid, "campaign_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2829ac61eff60fcec60d7274b9e" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "posts_user_created_idx" ON "posts"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "post_targets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "post_id" uuid NOT NULL, "user_id" uuid NOT NULL, "account_id" uuid NOT NULL, "platform" character varying(20) NOT NULL, "account_name" character varying(100) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'draft', "due_at" TIMESTAMP WITH TIME ZONE, "external_id" character varying(200), "external_url" character varying(500), "error" text, "attempts" integer NOT NULL DEFAULT '0', "claimed_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ab5ca61ef403b13ea38f944bd92" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "post_targets_account_idx" ON "post_targets"  ("account_id") `);
    await runner.query(`CREATE INDEX "post_targets_user_status_idx" ON "post_targets"  ("user_id", "status") `);
    await runner.query(`CREATE INDEX "post_targets_post_idx" ON "post_targets"  ("post_id") `);
    await runner.query(
      `CREATE TABLE "settings" ("user_id" uuid NOT NULL, "banned_keywords" jsonb NOT NULL DEFAULT '[]', "time_zone" character varying(64) NOT NULL DEFAULT 'Asia/Seoul', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a2883eaa72b3b2e8c98e7446098" PRIMARY KEY ("user_id"))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "settings"`);
    await runner.query(`DROP INDEX "sns"."post_targets_post_idx"`);
    await runner.query(`DROP INDEX "sns"."post_targets_user_status_idx"`);
    await runner.query(`DROP INDEX "sns"."post_targets_account_idx"`);
    await runner.query(`DROP TABLE "post_targets"`);
    await runner.query(`DROP INDEX "sns"."posts_user_created_idx"`);
    await runner.query(`DROP TABLE "posts"`);
    await runner.query(`DROP INDEX "sns"."link_clicks_link_time_idx"`);
    await runner.query(`DROP TABLE "link_clicks"`);
    await runner.query(`DROP INDEX "sns"."bio_links_user_position_idx"`);
    await runner.query(`DROP TABLE "bio_links"`);
    await runner.query(`DROP INDEX "sns"."bio_pages_slug_key"`);
    await runner.query(`DROP TABLE "bio_pages"`);
    await runner.query(`DROP INDEX "sns"."competitors_user_created_idx"`);
    await runner.query(`DROP TABLE "competitors"`);
    await runner.query(`DROP INDEX "sns"."trend_snapshots_platform_time_idx"`);
    await runner.query(`DROP TABLE "trend_snapshots"`);
    await runner.query(`DROP INDEX "sns"."files_user_idx"`);
    await runner.query(`DROP TABLE "files"`);
    await runner.query(`DROP INDEX "sns"."campaigns_user_created_idx"`);
    await runner.query(`DROP TABLE "campaigns"`);
    await runner.query(`DROP INDEX "sns"."automations_user_created_idx"`);
    await runner.query(`DROP TABLE "automations"`);
    await runner.query(`DROP INDEX "sns"."follower_counts_user_day_idx"`);
    await runner.query(`DROP TABLE "follower_counts"`);
    await runner.query(`DROP INDEX "sns"."metric_snapshots_target_time_idx"`);
    await runner.query(`DROP INDEX "sns"."metric_snapshots_user_time_idx"`);
    await runner.query(`DROP TABLE "metric_snapshots"`);
    await runner.query(`DROP TABLE "ai_usage"`);
    await runner.query(`DROP INDEX "sns"."accounts_user_created_idx"`);
    await runner.query(`DROP INDEX "sns"."accounts_oauth_state_key"`);
    await runner.query(`DROP TABLE "accounts"`);
    await runner.query(`DROP INDEX "sns"."entitlements_user_product_idx"`);
    await runner.query(`DROP TABLE "entitlements"`);
    await runner.query(`DROP TABLE "inbox"`);
    await runner.query(`DROP INDEX "sns"."outbox_pending_idx"`);
    await runner.query(`DROP TABLE "outbox"`);
  }
}
