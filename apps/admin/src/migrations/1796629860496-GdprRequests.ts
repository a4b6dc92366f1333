import { MigrationInterface, QueryRunner } from 'typeorm';

export class GdprRequests1796629860496 implements MigrationInterface {
  name = 'GdprRequests1796629860496';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "gdpr_requests" ("id" uuid NOT NULL, "kind" character varying(10) NOT NULL, "state" character varying(12) NOT NULL, "subject_user_id" uuid NOT NULL, "requested_by" uuid, "services" character varying array NOT NULL DEFAULT '{}', "scheduled_for" TIMESTAMP WITH TIME ZONE, "deadline_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "missing" character varying array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e45b06ca7dd61ce128bb508e924" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "gdpr_requests_state_idx" ON "gdpr_requests"  ("state", "deadline_at") `);
    await runner.query(`CREATE INDEX "gdpr_requests_subject_idx" ON "gdpr_requests"  ("subject_user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "gdpr_request_parts" ("request_id" uuid NOT NULL, "service" character varying(50) NOT NULL, "rows" integer NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_07d1d76775fb979a7fdc46a9123" PRIMARY KEY ("request_id", "service"))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "gdpr_request_parts"`);
    await runner.query(`DROP INDEX "admin"."gdpr_requests_subject_idx"`);
    await runner.query(`DROP INDEX "admin"."gdpr_requests_state_idx"`);
    await runner.query(`DROP TABLE "gdpr_requests"`);
  }
}
