import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1796618506741 implements MigrationInterface {
  name = 'Initial1796618506741';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "outbox" ("id" uuid NOT NULL, "position" BIGSERIAL NOT NULL, "type" character varying(100) NOT NULL, "subject" character varying(100) NOT NULL, "data" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "traceparent" character varying(55), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "outbox_pending_idx" ON "outbox"  ("position") WHERE published_at IS NULL`);
    await runner.query(
      `CREATE TABLE "inbox" ("consumer" character varying(100) NOT NULL, "event_id" uuid NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_625a303addbbe1f30d3f65ed7fe" PRIMARY KEY ("consumer", "event_id"))`,
    );
    await runner.query(
      `CREATE TABLE "accounts" ("user_id" uuid NOT NULL, "email" character varying(254), "name" character varying(100), "roles" text array NOT NULL DEFAULT '{user}', "tier" character varying(20) NOT NULL DEFAULT 'free', "status" character varying(20) NOT NULL DEFAULT 'active', "registered_at" TIMESTAMP WITH TIME ZONE, "roles_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3000dad1da61b29953f07476324" PRIMARY KEY ("user_id"))`,
    );
    await runner.query(`CREATE INDEX "accounts_email_idx" ON "accounts"  ("email") `);
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
    await runner.query(`DROP INDEX "admin"."accounts_email_idx"`);
    await runner.query(`DROP TABLE "accounts"`);
    await runner.query(`DROP TABLE "inbox"`);
    await runner.query(`DROP INDEX "admin"."outbox_pending_idx"`);
    await runner.query(`DROP TABLE "outbox"`);
  }
}
