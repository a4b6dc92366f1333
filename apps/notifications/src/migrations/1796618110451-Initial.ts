import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1796618110451 implements MigrationInterface {
  name = 'Initial1796618110451';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "outbox" ("id" uuid NOT NULL, "position" BIGSERIAL NOT NULL, "type" character varying(100) NOT NULL, "subject" character varying(100) NOT NULL, "data" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "traceparent" character varying(55), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "outbox_pending_idx" ON "outbox"  ("position") WHERE published_at IS NULL`);
    await runner.query(
      `CREATE TABLE "inbox" ("consumer" character varying(100) NOT NULL, "event_id" uuid NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_625a303addbbe1f30d3f65ed7fe" PRIMARY KEY ("consumer", "event_id"))`,
    );
    await runner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "category" character varying(30) NOT NULL, "type" character varying(100) NOT NULL, "title" character varying(200) NOT NULL, "body" character varying(2000) NOT NULL, "data" jsonb NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "notifications_user_unread_idx" ON "notifications"  ("user_id") WHERE read_at IS NULL`);
    await runner.query(`CREATE INDEX "notifications_user_created_idx" ON "notifications"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "notification_preferences" ("user_id" uuid NOT NULL, "category" character varying(30) NOT NULL, "in_app" boolean NOT NULL, "email" boolean NOT NULL, "push" boolean NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5906e7816659c2d55066f409bff" PRIMARY KEY ("user_id", "category"))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "notification_preferences"`);
    await runner.query(`DROP INDEX "notifications"."notifications_user_created_idx"`);
    await runner.query(`DROP INDEX "notifications"."notifications_user_unread_idx"`);
    await runner.query(`DROP TABLE "notifications"`);
    await runner.query(`DROP TABLE "inbox"`);
    await runner.query(`DROP INDEX "notifications"."outbox_pending_idx"`);
    await runner.query(`DROP TABLE "outbox"`);
  }
}
