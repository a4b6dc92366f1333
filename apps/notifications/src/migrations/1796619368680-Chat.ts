import { MigrationInterface, QueryRunner } from 'typeorm';

export class Chat1796619368680 implements MigrationInterface {
  name = 'Chat1796619368680';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "chat_subjects" ("subject_type" character varying(40) NOT NULL, "subject_id" uuid NOT NULL, "party_ids" uuid array NOT NULL, "status" character varying(30) NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_48257e028d409411aa1c5ad7b93" PRIMARY KEY ("subject_type", "subject_id"))`,
    );
    await runner.query(
      `CREATE TABLE "chat_threads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subject_type" character varying(40) NOT NULL, "subject_id" uuid NOT NULL, "participant_ids" uuid array NOT NULL, "last_message_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_973a81c0adb9b18a5ea3ef95bf8" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "chat_threads_subject_idx" ON "chat_threads"  ("subject_type", "subject_id") `);
    await runner.query(
      `CREATE TABLE "chat_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "sender_id" uuid NOT NULL, "body" character varying(4000) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "edited_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_40c55ee0e571e268b0d3cd37d10" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "chat_messages_thread_idx" ON "chat_messages"  ("thread_id", "created_at") `);
    await runner.query(
      `ALTER TABLE "chat_messages" ADD CONSTRAINT "FK_0b7e57fe586503d477a8d5adaed" FOREIGN KEY ("thread_id") REFERENCES "chat_threads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "chat_messages" DROP CONSTRAINT "FK_0b7e57fe586503d477a8d5adaed"`);
    await runner.query(`DROP INDEX "notifications"."chat_messages_thread_idx"`);
    await runner.query(`DROP TABLE "chat_messages"`);
    await runner.query(`DROP INDEX "notifications"."chat_threads_subject_idx"`);
    await runner.query(`DROP TABLE "chat_threads"`);
    await runner.query(`DROP TABLE "chat_subjects"`);
  }
}
