import { MigrationInterface, QueryRunner } from 'typeorm';

export class UserPreferences1796889600000 implements MigrationInterface {
  name = 'UserPreferences1796889600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "user_preferences" ("user_id" uuid NOT NULL, "language" character varying(8) NOT NULL, "timezone" character varying(64) NOT NULL, "theme" character varying(10) NOT NULL, "date_format" character varying(16) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_458057fa75b66e68a275647da2e" PRIMARY KEY ("user_id"))`,
    );
    await runner.query(
      `ALTER TABLE "user_preferences" ADD CONSTRAINT "FK_458057fa75b66e68a275647da2e" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "user_preferences" DROP CONSTRAINT "FK_458057fa75b66e68a275647da2e"`);
    await runner.query(`DROP TABLE "user_preferences"`);
  }
}
