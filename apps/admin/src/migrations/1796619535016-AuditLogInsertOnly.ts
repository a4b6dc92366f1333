import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log takes inserts only: UPDATE, DELETE and TRUNCATE raise, whoever asks (the
 * service's own role included, which owns the table), and the role's rights to change rows are
 * withdrawn too.
 */
export class AuditLogInsertOnly1796619535016 implements MigrationInterface {
  name = 'AuditLogInsertOnly1796619535016';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE FUNCTION audit_log_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is insert-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await runner.query(
      `CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_insert_only()`,
    );
    await runner.query(
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_insert_only()`,
    );
    await runner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM CURRENT_USER`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`GRANT UPDATE, DELETE, TRUNCATE ON audit_log TO CURRENT_USER`);
    await runner.query(`DROP TRIGGER audit_log_no_truncate ON audit_log`);
    await runner.query(`DROP TRIGGER audit_log_no_change ON audit_log`);
    await runner.query(`DROP FUNCTION audit_log_insert_only()`);
  }
}
