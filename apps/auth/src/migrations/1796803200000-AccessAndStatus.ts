import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccessAndStatus1796803200000 implements MigrationInterface {
  name = 'AccessAndStatus1796803200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "users" ADD "permission_grants" text array NOT NULL DEFAULT '{}'`);
    await runner.query(`ALTER TABLE "users" ADD "permission_denies" text array NOT NULL DEFAULT '{}'`);
    await runner.query(`ALTER TABLE "users" ADD "status" character varying(20) NOT NULL DEFAULT 'active'`);
    await runner.query(`ALTER TABLE "users" ADD "ban_reason" character varying(500)`);
    await runner.query(`ALTER TABLE "users" ADD "banned_until" TIMESTAMP WITH TIME ZONE`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "users" DROP COLUMN "banned_until"`);
    await runner.query(`ALTER TABLE "users" DROP COLUMN "ban_reason"`);
    await runner.query(`ALTER TABLE "users" DROP COLUMN "status"`);
    await runner.query(`ALTER TABLE "users" DROP COLUMN "permission_denies"`);
    await runner.query(`ALTER TABLE "users" DROP COLUMN "permission_grants"`);
  }
}
