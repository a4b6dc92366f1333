import { MigrationInterface, QueryRunner } from 'typeorm';

export class Translations1796618610575 implements MigrationInterface {
  name = 'Translations1796618610575';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "translations" ("language" character varying(5) NOT NULL, "key" character varying(200) NOT NULL, "module" character varying(50) NOT NULL, "value" text NOT NULL, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0967149f5c57b164572877de1e8" PRIMARY KEY ("language", "key"))`,
    );
    await runner.query(`CREATE INDEX "translations_language_module_idx" ON "translations"  ("language", "module", "key") `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "platform"."translations_language_module_idx"`);
    await runner.query(`DROP TABLE "translations"`);
  }
}
