import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1796628944894 implements MigrationInterface {
  name = 'Initial1796628944894';

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
      `CREATE TABLE "workflow_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workflow_id" uuid NOT NULL, "user_id" uuid NOT NULL, "status" character varying(12) NOT NULL, "trigger_type" character varying(20) NOT NULL, "trigger_event_type" character varying(60), "trigger_event_id" character varying(100), "trigger_data" jsonb NOT NULL, "steps" jsonb NOT NULL, "error" text, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_eea9f8d0a660b3f48114c313233" PRIMARY KEY ("id"))`,
    );
    await runner.query(
      `CREATE UNIQUE INDEX "workflow_runs_trigger_event_uq" ON "workflow_runs"  ("workflow_id", "trigger_event_id") WHERE "trigger_event_id" IS NOT NULL`,
    );
    await runner.query(`CREATE INDEX "workflow_runs_workflow_idx" ON "workflow_runs"  ("workflow_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "run_steps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "run_id" uuid NOT NULL, "step_id" character varying(40) NOT NULL, "seq" integer NOT NULL, "type" character varying(20) NOT NULL, "status" character varying(12) NOT NULL, "idempotency_key" character varying(100) NOT NULL, "input" jsonb, "output" jsonb, "error" text, "attempts" integer NOT NULL DEFAULT '0', "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2715c16961bdba2e3f7632da164" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "run_steps_key_uq" ON "run_steps"  ("idempotency_key") `);
    await runner.query(`CREATE INDEX "run_steps_run_idx" ON "run_steps"  ("run_id", "seq") `);
    await runner.query(
      `CREATE TABLE "tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "type" character varying(20) NOT NULL, "params" jsonb NOT NULL, "status" character varying(12) NOT NULL, "output" jsonb, "error" text, "attempts" integer NOT NULL DEFAULT '0', "executions" integer NOT NULL DEFAULT '0', "queued_at" TIMESTAMP WITH TIME ZONE, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "tasks_user_idx" ON "tasks"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "workflows" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "description" text, "trigger" jsonb NOT NULL, "trigger_type" character varying(20) NOT NULL, "trigger_event" character varying(60), "steps" jsonb NOT NULL, "is_active" boolean NOT NULL DEFAULT true, "template_id" character varying(64), "last_run_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5b5757cc1cd86268019fef52e0c" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "workflows_event_trigger_idx" ON "workflows"  ("trigger_event", "user_id") `);
    await runner.query(`CREATE INDEX "workflows_user_idx" ON "workflows"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "daily_usage" ("user_id" uuid NOT NULL, "day" date NOT NULL, "runs" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_b16d5f1c873788e2e5a51949b33" PRIMARY KEY ("user_id", "day"))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "daily_usage"`);
    await runner.query(`DROP INDEX "automation"."workflows_user_idx"`);
    await runner.query(`DROP INDEX "automation"."workflows_event_trigger_idx"`);
    await runner.query(`DROP TABLE "workflows"`);
    await runner.query(`DROP INDEX "automation"."tasks_user_idx"`);
    await runner.query(`DROP TABLE "tasks"`);
    await runner.query(`DROP INDEX "automation"."run_steps_run_idx"`);
    await runner.query(`DROP INDEX "automation"."run_steps_key_uq"`);
    await runner.query(`DROP TABLE "run_steps"`);
    await runner.query(`DROP INDEX "automation"."workflow_runs_workflow_idx"`);
    await runner.query(`DROP INDEX "automation"."workflow_runs_trigger_event_uq"`);
    await runner.query(`DROP TABLE "workflow_runs"`);
    await runner.query(`DROP INDEX "automation"."entitlements_user_product_idx"`);
    await runner.query(`DROP TABLE "entitlements"`);
    await runner.query(`DROP TABLE "inbox"`);
    await runner.query(`DROP INDEX "automation"."outbox_pending_idx"`);
    await runner.query(`DROP TABLE "outbox"`);
  }
}
