import { MigrationInterface, QueryRunner } from 'typeorm';

/** The trace context each event is recorded in, carried into its CloudEvent (ADR 0012). */
export class OutboxTraceparent1796716800000 implements MigrationInterface {
  name = 'OutboxTraceparent1796716800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "outbox" ADD "traceparent" character varying(55)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "outbox" DROP COLUMN "traceparent"`);
  }
}
