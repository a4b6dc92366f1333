import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Order numbers come from a sequence (ADR 0008): unique and increasing, not gap-free, so orders
 * no longer queue on the day's counter row. The sequence starts past every number the counter
 * gave, so no number is given twice.
 */
export class OrderNumberSequence1796900000000 implements MigrationInterface {
  name = 'OrderNumberSequence1796900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SEQUENCE "order_numbers" AS bigint MINVALUE 1`);
    await runner.query(
      `SELECT setval('order_numbers', greatest(1, (SELECT max(last) FROM document_counters WHERE kind = 'order')), (SELECT max(last) IS NOT NULL FROM document_counters WHERE kind = 'order'))`,
    );
    await runner.query(`DELETE FROM document_counters WHERE kind = 'order'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP SEQUENCE "order_numbers"`);
  }
}
