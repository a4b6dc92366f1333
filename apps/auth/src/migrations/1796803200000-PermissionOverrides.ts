import { MigrationInterface, QueryRunner } from 'typeorm';

export class PermissionOverrides1796803200000 implements MigrationInterface {
  name = 'PermissionOverrides1796803200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "users" ADD "permission_grants" text array NOT NULL DEFAULT '{}'`);
    await runner.query(`ALTER TABLE "users" ADD "permission_denies" text array NOT NULL DEFAULT '{}'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "users" DROP COLUMN "permission_denies"`);
    await runner.query(`ALTER TABLE "users" DROP COLUMN "permission_grants"`);
  }
}
