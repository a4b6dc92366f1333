import { MigrationInterface, QueryRunner } from 'typeorm';

export class UserTimeZones1796631367335 implements MigrationInterface {
  name = 'UserTimeZones1796631367335';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "user_time_zones" ("user_id" uuid NOT NULL, "time_zone" character varying(64) NOT NULL, "as_of" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bbfa5d184fcbfa2d8158fe5abba" PRIMARY KEY ("user_id"))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "user_time_zones"`);
  }
}
