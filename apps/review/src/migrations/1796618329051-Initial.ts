import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1796618329051 implements MigrationInterface {
  name = 'Initial1796618329051';

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
      `CREATE TABLE "accounts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "platform" character varying(20) NOT NULL, "account_name" character varying(64) NOT NULL, "auth_token_encrypted" text NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "follower_count" integer NOT NULL DEFAULT '0', "visibility" character varying(10) NOT NULL DEFAULT 'public', "verified_at" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5a7a02c20412299d198e097a8fe" PRIMARY KEY ("id"))`,
    );
    await runner.query(
      `CREATE UNIQUE INDEX "accounts_user_platform_name_key" ON "accounts"  ("user_id", "platform", "account_name") WHERE deleted_at IS NULL`,
    );
    await runner.query(`CREATE INDEX "accounts_user_idx" ON "accounts"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "applications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "account_id" uuid NOT NULL, "listing_id" uuid, "campaign_id" uuid, "campaign_owner_id" uuid, "source_platform" character varying(30) NOT NULL, "title" character varying(300) NOT NULL, "category" character varying(30) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'pending', "submission" character varying(10) NOT NULL, "listing_url" character varying(2048), "external_application_id" character varying(100), "reward_krw" integer NOT NULL, "message" text, "notes" text, "review_url" character varying(2048), "review_content" text, "verified_at" TIMESTAMP WITH TIME ZONE, "auto_apply_rule_id" uuid, "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_at" TIMESTAMP WITH TIME ZONE, "review_submitted_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "applications_target_check" CHECK ((listing_id IS NULL) <> (campaign_id IS NULL)), CONSTRAINT "PK_938c0a27255637bde919591888f" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "applications_campaign_status_idx" ON "applications"  ("campaign_id", "status") `);
    await runner.query(`CREATE INDEX "applications_user_applied_idx" ON "applications"  ("user_id", "applied_at") `);
    await runner.query(
      `CREATE UNIQUE INDEX "applications_campaign_account_key" ON "applications"  ("campaign_id", "account_id") WHERE campaign_id IS NOT NULL`,
    );
    await runner.query(
      `CREATE UNIQUE INDEX "applications_listing_account_key" ON "applications"  ("listing_id", "account_id") WHERE listing_id IS NOT NULL`,
    );
    await runner.query(
      `CREATE TABLE "auto_apply_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "categories" text array NOT NULL DEFAULT '{}', "platforms" text array NOT NULL DEFAULT '{}', "min_reward_krw" integer NOT NULL DEFAULT '0', "max_applicants" integer, "preferred_accounts" uuid array NOT NULL DEFAULT '{}', "is_active" boolean NOT NULL DEFAULT true, "last_run_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a44fd97946ac1995df46732c0b3" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "auto_apply_rules_user_idx" ON "auto_apply_rules"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "auto_apply_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "trigger" character varying(10) NOT NULL, "rules_run" integer NOT NULL, "applications_created" integer NOT NULL, "accounts_used" integer NOT NULL, "application_ids" uuid array NOT NULL DEFAULT '{}', "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4319a64428f6ad6554595d4e347" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "auto_apply_runs_user_idx" ON "auto_apply_runs"  ("user_id", "started_at") `);
    await runner.query(
      `CREATE TABLE "campaigns" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "product_name" character varying(200) NOT NULL, "category" character varying(30) NOT NULL, "reward_type" character varying(10) NOT NULL, "reward_value" integer NOT NULL, "max_reviewers" integer NOT NULL, "deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "description" text, "status" character varying(10) NOT NULL DEFAULT 'open', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "campaigns_max_reviewers_check" CHECK (max_reviewers >= 1), CONSTRAINT "PK_831e3fcd4fc45b4e4c3f57a9ee4" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "campaigns_owner_idx" ON "campaigns"  ("owner_id", "created_at") `);
    await runner.query(`CREATE INDEX "campaigns_created_idx" ON "campaigns"  ("created_at") `);
    await runner.query(
      `CREATE TABLE "listings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "source_platform" character varying(30) NOT NULL, "external_id" character varying(100) NOT NULL, "title" character varying(300) NOT NULL, "category" character varying(30) NOT NULL, "reward_krw" integer NOT NULL, "reward_description" character varying(300) NOT NULL, "deadline" TIMESTAMP WITH TIME ZONE, "max_applicants" integer, "applicant_count" integer, "url" character varying(2048) NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'open', "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_520ecac6c99ec90bcf5a603cdcb" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "listings_status_reward_idx" ON "listings"  ("status", "reward_krw") `);
    await runner.query(`CREATE UNIQUE INDEX "listings_source_key" ON "listings"  ("source_platform", "external_id") `);
    await runner.query(
      `CREATE TABLE "bookmarks" ("user_id" uuid NOT NULL, "listing_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f993c555a23a5f3d7f8f55a2f3e" PRIMARY KEY ("user_id", "listing_id"))`,
    );
    await runner.query(`CREATE INDEX "bookmarks_user_created_idx" ON "bookmarks"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "scraper_state" ("platform" character varying(30) NOT NULL, "running_since" TIMESTAMP WITH TIME ZONE, "requested_at" TIMESTAMP WITH TIME ZONE, "last_scrape_time" TIMESTAMP WITH TIME ZONE, "last_success_time" TIMESTAMP WITH TIME ZONE, "next_scrape_time" TIMESTAMP WITH TIME ZONE, "listings_found" integer NOT NULL DEFAULT '0', "runs" integer NOT NULL DEFAULT '0', "last_error" character varying(1000), "last_error_time" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a4a455b71d9d5b87ef7aa78558e" PRIMARY KEY ("platform"))`,
    );
    await runner.query(
      `CREATE TABLE "scrape_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f0045ef459b0ba9171d18910582" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "scrape_requests_user_idx" ON "scrape_requests"  ("user_id", "requested_at") `);
    await runner.query(
      `CREATE TABLE "rewards" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "application_id" uuid NOT NULL, "account_id" uuid NOT NULL, "source_platform" character varying(30) NOT NULL, "title" character varying(300) NOT NULL, "category" character varying(30) NOT NULL, "amount_krw" integer NOT NULL, "currency" character varying(3) NOT NULL DEFAULT 'KRW', "status" character varying(10) NOT NULL DEFAULT 'pending', "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "received_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3d947441a48debeb9b7366f8b8c" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "rewards_user_idx" ON "rewards"  ("user_id", "recorded_at") `);
    await runner.query(`CREATE UNIQUE INDEX "rewards_application_key" ON "rewards"  ("application_id") `);
    await runner.query(
      `CREATE TABLE "user_profiles" ("user_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6ca9503d77ae39b4b5a6cc3ba88" PRIMARY KEY ("user_id"))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "user_profiles"`);
    await runner.query(`DROP INDEX "review"."rewards_application_key"`);
    await runner.query(`DROP INDEX "review"."rewards_user_idx"`);
    await runner.query(`DROP TABLE "rewards"`);
    await runner.query(`DROP INDEX "review"."scrape_requests_user_idx"`);
    await runner.query(`DROP TABLE "scrape_requests"`);
    await runner.query(`DROP TABLE "scraper_state"`);
    await runner.query(`DROP INDEX "review"."bookmarks_user_created_idx"`);
    await runner.query(`DROP TABLE "bookmarks"`);
    await runner.query(`DROP INDEX "review"."listings_source_key"`);
    await runner.query(`DROP INDEX "review"."listings_status_reward_idx"`);
    await runner.query(`DROP TABLE "listings"`);
    await runner.query(`DROP INDEX "review"."campaigns_created_idx"`);
    await runner.query(`DROP INDEX "review"."campaigns_owner_idx"`);
    await runner.query(`DROP TABLE "campaigns"`);
    await runner.query(`DROP INDEX "review"."auto_apply_runs_user_idx"`);
    await runner.query(`DROP TABLE "auto_apply_runs"`);
    await runner.query(`DROP INDEX "review"."auto_apply_rules_user_idx"`);
    await runner.query(`DROP TABLE "auto_apply_rules"`);
    await runner.query(`DROP INDEX "review"."applications_listing_account_key"`);
    await runner.query(`DROP INDEX "review"."applications_campaign_account_key"`);
    await runner.query(`DROP INDEX "review"."applications_user_applied_idx"`);
    await runner.query(`DROP INDEX "review"."applications_campaign_status_idx"`);
    await runner.query(`DROP TABLE "applications"`);
    await runner.query(`DROP INDEX "review"."accounts_user_idx"`);
    await runner.query(`DROP INDEX "review"."accounts_user_platform_name_key"`);
    await runner.query(`DROP TABLE "accounts"`);
    await runner.query(`DROP INDEX "review"."entitlements_user_product_idx"`);
    await runner.query(`DROP TABLE "entitlements"`);
    await runner.query(`DROP TABLE "inbox"`);
    await runner.query(`DROP INDEX "review"."outbox_pending_idx"`);
    await runner.query(`DROP TABLE "outbox"`);
  }
}
