import { MigrationInterface, QueryRunner } from 'typeorm';

export class TwoFactorChallengeSingleUse1796716900000 implements MigrationInterface {
  name = 'TwoFactorChallengeSingleUse1796716900000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "used_two_factor_challenges" ("jti" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b867c1be34eac4ab055ba83ca41" PRIMARY KEY ("jti"))`,
    );
    await runner.query(`CREATE INDEX "used_two_factor_challenges_expires_at_idx" ON "used_two_factor_challenges"  ("expires_at") `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "auth"."used_two_factor_challenges_expires_at_idx"`);
    await runner.query(`DROP TABLE "used_two_factor_challenges"`);
  }
}
