import { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1796618814498 implements MigrationInterface {
  name = 'Webhooks1796618814498';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "webhook_endpoints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "url" character varying(2048) NOT NULL, "events" text array NOT NULL, "description" character varying(200), "secret_sealed" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "disabled_reason" character varying(200), "consecutive_failures" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "webhook_endpoints_user_idx" ON "webhook_endpoints"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL, "endpoint_id" uuid NOT NULL, "event" character varying(100) NOT NULL, "body" text NOT NULL, "status" character varying(20) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "attempt_limit" integer NOT NULL, "last_status_code" integer, "last_error" character varying(500), "next_attempt_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries"  ("endpoint_id", "created_at") `);
    await runner.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c"`);
    await runner.query(`DROP INDEX "notifications"."webhook_deliveries_endpoint_idx"`);
    await runner.query(`DROP TABLE "webhook_deliveries"`);
    await runner.query(`DROP INDEX "notifications"."webhook_endpoints_user_idx"`);
    await runner.query(`DROP TABLE "webhook_endpoints"`);
  }
}
