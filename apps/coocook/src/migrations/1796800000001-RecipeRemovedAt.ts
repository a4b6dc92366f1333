import { MigrationInterface, QueryRunner } from 'typeorm';

/** When a moderator removed a recipe, a recipe review or a chef review (admin's `moderation.content.removed`). */
export class RecipeRemovedAt1796800000001 implements MigrationInterface {
  name = 'RecipeRemovedAt1796800000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "recipes" ADD "removed_at" TIMESTAMP WITH TIME ZONE`);
    await runner.query(`ALTER TABLE "recipe_reviews" ADD "removed_at" TIMESTAMP WITH TIME ZONE`);
    await runner.query(`ALTER TABLE "booking_reviews" ADD "removed_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "booking_reviews" DROP COLUMN "removed_at"`);
    await runner.query(`ALTER TABLE "recipe_reviews" DROP COLUMN "removed_at"`);
    await runner.query(`ALTER TABLE "recipes" DROP COLUMN "removed_at"`);
  }
}
