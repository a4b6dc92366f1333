import { MigrationInterface, QueryRunner } from 'typeorm';

export class UnreadNotifications1796622770194 implements MigrationInterface {
  name = 'UnreadNotifications1796622770194';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "unread_notifications" ("user_id" uuid NOT NULL, "unread_count" integer NOT NULL, "as_of" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_beb3f05704ae485a2133da646d5" PRIMARY KEY ("user_id"))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "unread_notifications"`);
  }
}
