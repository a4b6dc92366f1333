import { MigrationInterface, QueryRunner } from 'typeorm';

export class OAuthPkce1796717000000 implements MigrationInterface {
  name = 'OAuthPkce1796717000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "oauth_states" ADD "code_verifier" character varying(128)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "oauth_states" DROP COLUMN "code_verifier"`);
  }
}
