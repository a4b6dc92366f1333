import { MigrationInterface, QueryRunner } from 'typeorm';

/** When a moderator removed a campaign (admin's `moderation.content.removed`). */
export class CampaignRemovedAt1796800000002 implements MigrationInterface {
  name = 'CampaignRemovedAt1796800000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "campaigns" ADD "removed_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "campaigns" DROP COLUMN "removed_at"`);
  }
}
