import { MigrationInterface, QueryRunner } from 'typeorm';

export class Recipients1796619748292 implements MigrationInterface {
  name = 'Recipients1796619748292';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "recipients" ("user_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6157e8b6ba4e6e3089616481fe2" PRIMARY KEY ("user_id"))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "recipients"`);
  }
}
