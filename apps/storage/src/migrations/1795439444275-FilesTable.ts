import { MigrationInterface, QueryRunner } from 'typeorm';

export class FilesTable1795439444275 implements MigrationInterface {
  name = 'FilesTable1795439444275';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "files" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "category" character varying(16), "original_filename" character varying(255) NOT NULL, "object_key" character varying(512) NOT NULL, "content_type" character varying(100), "size" integer, "upload_kind" character varying(16) NOT NULL, "upload_id" character varying(1024), "upload_expires_at" TIMESTAMP WITH TIME ZONE, "preview_status" character varying(16) NOT NULL DEFAULT 'none', "preview_key" character varying(512), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "uploaded_at" TIMESTAMP WITH TIME ZONE, "deleting_since" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6c16b9093a142e0e7613b04a3d9" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "files_status_idx" ON "files"  ("status") `);
    await runner.query(`CREATE INDEX "files_user_status_created_idx" ON "files"  ("user_id", "status", "created_at") `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "storage"."files_user_status_created_idx"`);
    await runner.query(`DROP INDEX "storage"."files_status_idx"`);
    await runner.query(`DROP TABLE "files"`);
  }
}
