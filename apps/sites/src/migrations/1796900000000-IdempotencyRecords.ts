import { MigrationInterface, QueryRunner } from 'typeorm';

/** The first answer to each request with an Idempotency-Key, stored with its effect (ADR 0019, libs/idempotency). */
export class IdempotencyRecords1796900000000 implements MigrationInterface {
  name = 'IdempotencyRecords1796900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "idempotency_records" ("user_id" uuid NOT NULL, "operation" character varying(50) NOT NULL, "key" character varying(200) NOT NULL, "fingerprint" character varying(64) NOT NULL, "response" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_64f5dd5c7c4fc4e3e0d8095cd4c" PRIMARY KEY ("user_id", "operation", "key"))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "idempotency_records"`);
  }
}
