import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795430636346 implements MigrationInterface {
  name = 'InitialSchema1795430636346';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(16) NOT NULL, "key_hash" character varying(64) NOT NULL, "permissions" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "api_keys_user_id_idx" ON "api_keys"  ("user_id") `);
    await runner.query(`CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"  ("key_hash") `);
    await runner.query(
      `CREATE TABLE "oauth_states" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "state_hash" character varying(64) NOT NULL, "provider" character varying(20) NOT NULL, "redirect_uri" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c9df6e4203e8ca042bfe5bd00ec" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "oauth_states_state_hash_key" ON "oauth_states"  ("state_hash") `);
    await runner.query(
      `CREATE TABLE "oauth_identities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider" character varying(20) NOT NULL, "provider_user_id" character varying(200) NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_095205cf320039e4ce248933681" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "oauth_identities_user_id_idx" ON "oauth_identities"  ("user_id") `);
    await runner.query(
      `CREATE UNIQUE INDEX "oauth_identities_provider_subject_key" ON "oauth_identities"  ("provider", "provider_user_id") `,
    );
    await runner.query(
      `CREATE TABLE "password_reset_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d16bebd73e844c48bca50ff8d3d" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "password_reset_tokens_user_id_idx" ON "password_reset_tokens"  ("user_id") `);
    await runner.query(`CREATE UNIQUE INDEX "password_reset_tokens_token_hash_key" ON "password_reset_tokens"  ("token_hash") `);
    await runner.query(
      `CREATE TABLE "revocations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(20) NOT NULL, "target_id" uuid NOT NULL, "until" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9f70c460c05775181f4a3527833" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "revocations_until_idx" ON "revocations"  ("until") `);
    await runner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "user_agent" character varying(300), "ip" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "sessions_user_id_idx" ON "sessions"  ("user_id") `);
    await runner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "refresh_tokens_session_id_idx" ON "refresh_tokens"  ("session_id") `);
    await runner.query(`CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens"  ("token_hash") `);
    await runner.query(
      `CREATE TABLE "backup_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "code_hash" character varying(64) NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_34ab957382dbc57e8fb53f1638f" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "backup_codes_user_id_idx" ON "backup_codes"  ("user_id") `);
    await runner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "name" character varying(100) NOT NULL, "password_hash" text, "roles" text array NOT NULL DEFAULT '{user}', "tier" character varying(20) NOT NULL DEFAULT 'free', "avatar_url" text, "totp_secret" text, "totp_enabled" boolean NOT NULL DEFAULT false, "totp_last_step" bigint, "failed_logins" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "users_email_key" ON "users"  ("email") `);
    await runner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "FK_a3baee01d8408cd3c0f89a9a973" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "oauth_identities" ADD CONSTRAINT "FK_b13247ad5cd3fca4761084cf1a0" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "FK_52ac39dd8a28730c63aeb428c9c" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3bf308fa93da3966f9e76fcfba4" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await runner.query(
      `ALTER TABLE "backup_codes" ADD CONSTRAINT "FK_70066ea80d2f4b871beda32633b" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "backup_codes" DROP CONSTRAINT "FK_70066ea80d2f4b871beda32633b"`);
    await runner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3bf308fa93da3966f9e76fcfba4"`);
    await runner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19"`);
    await runner.query(`ALTER TABLE "password_reset_tokens" DROP CONSTRAINT "FK_52ac39dd8a28730c63aeb428c9c"`);
    await runner.query(`ALTER TABLE "oauth_identities" DROP CONSTRAINT "FK_b13247ad5cd3fca4761084cf1a0"`);
    await runner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_a3baee01d8408cd3c0f89a9a973"`);
    await runner.query(`DROP INDEX "auth"."users_email_key"`);
    await runner.query(`DROP TABLE "users"`);
    await runner.query(`DROP INDEX "auth"."backup_codes_user_id_idx"`);
    await runner.query(`DROP TABLE "backup_codes"`);
    await runner.query(`DROP INDEX "auth"."refresh_tokens_token_hash_key"`);
    await runner.query(`DROP INDEX "auth"."refresh_tokens_session_id_idx"`);
    await runner.query(`DROP TABLE "refresh_tokens"`);
    await runner.query(`DROP INDEX "auth"."sessions_user_id_idx"`);
    await runner.query(`DROP TABLE "sessions"`);
    await runner.query(`DROP INDEX "auth"."revocations_until_idx"`);
    await runner.query(`DROP TABLE "revocations"`);
    await runner.query(`DROP INDEX "auth"."password_reset_tokens_token_hash_key"`);
    await runner.query(`DROP INDEX "auth"."password_reset_tokens_user_id_idx"`);
    await runner.query(`DROP TABLE "password_reset_tokens"`);
    await runner.query(`DROP INDEX "auth"."oauth_identities_provider_subject_key"`);
    await runner.query(`DROP INDEX "auth"."oauth_identities_user_id_idx"`);
    await runner.query(`DROP TABLE "oauth_identities"`);
    await runner.query(`DROP INDEX "auth"."oauth_states_state_hash_key"`);
    await runner.query(`DROP TABLE "oauth_states"`);
    await runner.query(`DROP INDEX "auth"."api_keys_key_hash_key"`);
    await runner.query(`DROP INDEX "auth"."api_keys_user_id_idx"`);
    await runner.query(`DROP TABLE "api_keys"`);
  }
}
