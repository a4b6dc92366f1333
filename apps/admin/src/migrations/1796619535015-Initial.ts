import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1796619535015 implements MigrationInterface {
  name = 'Initial1796619535015';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "outbox" ("id" uuid NOT NULL, "position" BIGSERIAL NOT NULL, "type" character varying(100) NOT NULL, "subject" character varying(100) NOT NULL, "data" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "traceparent" character varying(55), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "outbox_pending_idx" ON "outbox"  ("position") WHERE published_at IS NULL`);
    await runner.query(
      `CREATE TABLE "inbox" ("consumer" character varying(100) NOT NULL, "event_id" uuid NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_625a303addbbe1f30d3f65ed7fe" PRIMARY KEY ("consumer", "event_id"))`,
    );
    await runner.query(
      `CREATE TABLE "accounts" ("user_id" uuid NOT NULL, "email" character varying(254), "name" character varying(100), "roles" text array NOT NULL DEFAULT '{user}', "tier" character varying(20) NOT NULL DEFAULT 'free', "status" character varying(20) NOT NULL DEFAULT 'active', "ban_reason" character varying(500), "banned_until" TIMESTAMP WITH TIME ZONE, "last_login_at" TIMESTAMP WITH TIME ZONE, "failed_logins" integer NOT NULL DEFAULT '0', "registered_at" TIMESTAMP WITH TIME ZONE, "roles_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3000dad1da61b29953f07476324" PRIMARY KEY ("user_id"))`,
    );
    await runner.query(`CREATE INDEX "accounts_email_idx" ON "accounts"  ("email") `);
    await runner.query(
      `CREATE TABLE "audit_log" ("seq" bigint NOT NULL, "id" uuid NOT NULL, "actor_id" uuid, "impersonator_id" uuid, "user_id" uuid, "action" character varying(100) NOT NULL, "resource_type" character varying(50) NOT NULL, "resource_id" character varying(100), "ip" character varying(64), "request_id" character varying(100), "details" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "prev_hash" character varying(64) NOT NULL, "hash" character varying(64) NOT NULL, CONSTRAINT "PK_ce5b9b7d945cab0a6c604bafd9e" PRIMARY KEY ("seq"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "audit_log_id_key" ON "audit_log"  ("id") `);
    await runner.query(`CREATE INDEX "audit_log_action_idx" ON "audit_log"  ("action", "created_at") `);
    await runner.query(`CREATE INDEX "audit_log_user_idx" ON "audit_log"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "account_activities" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "type" character varying(50) NOT NULL, "ip" character varying(64), "details" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8e992031417f94cd4cd7009ce84" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "account_activities_user_idx" ON "account_activities"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "account_subscriptions" ("subscription_id" character varying(100) NOT NULL, "user_id" uuid NOT NULL, "product_id" integer NOT NULL, "product_slug" character varying(50) NOT NULL, "plan_slug" character varying(50) NOT NULL, "plan_type" character varying(20) NOT NULL, "status" character varying(30) NOT NULL, "current_period_end" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_fa85a2e3a4b71e93197da8f1392" PRIMARY KEY ("subscription_id"))`,
    );
    await runner.query(`CREATE INDEX "account_subscriptions_user_idx" ON "account_subscriptions"  ("user_id") `);
    await runner.query(
      `CREATE TABLE "roles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(50) NOT NULL, "description" character varying(500) NOT NULL DEFAULT '', "permissions" text array NOT NULL DEFAULT '{}', "built_in" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c1433d71a4838793a49dcad46ab" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "roles_name_key" ON "roles"  ("name") `);
    await runner.query(
      `CREATE TABLE "role_assignments" ("user_id" uuid NOT NULL, "role_id" uuid NOT NULL, "assigned_by" uuid, "expires_at" TIMESTAMP WITH TIME ZONE, "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e552b8facc35fc48609c4fbca42" PRIMARY KEY ("user_id", "role_id"))`,
    );
    await runner.query(`CREATE INDEX "role_assignments_expires_at_idx" ON "role_assignments"  ("expires_at") `);
    await runner.query(
      `CREATE TABLE "permission_overrides" ("user_id" uuid NOT NULL, "permission" character varying(50) NOT NULL, "effect" character varying(10) NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ac4aacbade5d257fa86a72f0f48" PRIMARY KEY ("user_id", "permission"))`,
    );
    await runner.query(
      `ALTER TABLE "role_assignments" ADD CONSTRAINT "FK_a0268fc16c3777758f7683a4401" FOREIGN KEY ("role_id") REFERENCES "roles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "role_assignments" DROP CONSTRAINT "FK_a0268fc16c3777758f7683a4401"`);
    await runner.query(`DROP TABLE "permission_overrides"`);
    await runner.query(`DROP INDEX "admin"."role_assignments_expires_at_idx"`);
    await runner.query(`DROP TABLE "role_assignments"`);
    await runner.query(`DROP INDEX "admin"."roles_name_key"`);
    await runner.query(`DROP TABLE "roles"`);
    await runner.query(`DROP INDEX "admin"."account_subscriptions_user_idx"`);
    await runner.query(`DROP TABLE "account_subscriptions"`);
    await runner.query(`DROP INDEX "admin"."account_activities_user_idx"`);
    await runner.query(`DROP TABLE "account_activities"`);
    await runner.query(`DROP INDEX "admin"."audit_log_user_idx"`);
    await runner.query(`DROP INDEX "admin"."audit_log_action_idx"`);
    await runner.query(`DROP INDEX "admin"."audit_log_id_key"`);
    await runner.query(`DROP TABLE "audit_log"`);
    await runner.query(`DROP INDEX "admin"."accounts_email_idx"`);
    await runner.query(`DROP TABLE "accounts"`);
    await runner.query(`DROP TABLE "inbox"`);
    await runner.query(`DROP INDEX "admin"."outbox_pending_idx"`);
    await runner.query(`DROP TABLE "outbox"`);
  }
}
