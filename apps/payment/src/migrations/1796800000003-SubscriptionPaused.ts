import { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether a subscription's collection is paused in Stripe (an administrator's pause). */
export class SubscriptionPaused1796800000003 implements MigrationInterface {
  name = 'SubscriptionPaused1796800000003';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "subscriptions" ADD "paused" boolean NOT NULL DEFAULT false`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "subscriptions" DROP COLUMN "paused"`);
  }
}
