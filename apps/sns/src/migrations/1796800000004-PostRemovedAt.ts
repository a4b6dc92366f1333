import { MigrationInterface, QueryRunner } from 'typeorm';

/** When a moderator removed a post (admin's `moderation.content.removed`). */
export class PostRemovedAt1796800000004 implements MigrationInterface {
  name = 'PostRemovedAt1796800000004';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "posts" ADD "removed_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "posts" DROP COLUMN "removed_at"`);
  }
}
