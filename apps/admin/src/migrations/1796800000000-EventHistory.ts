import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event history (partitioned by month, append-only) and the tables analytics and moderation
 * keep beside it. Plain SQL rather than entities: TypeORM has no notion of partitioned tables,
 * and every read of these tables is an aggregate written in SQL.
 */
export class EventHistory1796800000000 implements MigrationInterface {
  name = 'EventHistory1796800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE event_history (
      id uuid NOT NULL,
      type varchar(100) NOT NULL,
      source varchar(50) NOT NULL,
      subject_user uuid,
      time timestamptz NOT NULL,
      data jsonb NOT NULL DEFAULT '{}',
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id, time)
    ) PARTITION BY RANGE (time)`);
    await runner.query(`CREATE INDEX event_history_type_time_idx ON event_history (type, time)`);
    await runner.query(`CREATE INDEX event_history_user_time_idx ON event_history (subject_user, time) WHERE subject_user IS NOT NULL`);
    // One partition per UTC month, made on first use under a lock (two consumers may meet a new month together).
    await runner.query(`CREATE FUNCTION event_history_partition(at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        month_start timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
        name text := 'event_history_' || to_char(at AT TIME ZONE 'UTC', 'YYYY_MM');
      BEGIN
        IF to_regclass(name) IS NOT NULL THEN RETURN; END IF;
        PERFORM pg_advisory_xact_lock(hashtext('event_history_partition'));
        IF to_regclass(name) IS NOT NULL THEN RETURN; END IF;
        EXECUTE format('CREATE TABLE %I PARTITION OF event_history FOR VALUES FROM (%L) TO (%L)',
          name, month_start, month_start + interval '1 month');
      END $$`);
    // Append-only: rows never change, except by the erasure of a user's data (GDPR), which sets
    // admin.history_erasure for its own transaction.
    await runner.query(`CREATE FUNCTION event_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('admin.history_erasure', true) = 'on' THEN
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        RAISE EXCEPTION 'event_history is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await runner.query(
      `CREATE TRIGGER event_history_no_change BEFORE UPDATE OR DELETE ON event_history FOR EACH ROW EXECUTE FUNCTION event_history_append_only()`,
    );

    await runner.query(`CREATE TABLE revenue_subscriptions (
      subscription_id uuid PRIMARY KEY,
      user_id uuid NOT NULL,
      product_id integer NOT NULL,
      product_slug varchar(50) NOT NULL,
      plan_slug varchar(20) NOT NULL,
      plan_type varchar(10) NOT NULL,
      status varchar(20) NOT NULL,
      amount_krw bigint,
      cancel_at_period_end boolean NOT NULL DEFAULT false,
      paused boolean NOT NULL DEFAULT false,
      current_period_end timestamptz,
      started_at timestamptz NOT NULL,
      activated_at timestamptz,
      canceled_at timestamptz,
      version integer NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await runner.query(`CREATE INDEX revenue_subscriptions_status_idx ON revenue_subscriptions (status, product_id, plan_slug)`);
    await runner.query(`CREATE INDEX revenue_subscriptions_user_idx ON revenue_subscriptions (user_id)`);

    await runner.query(`CREATE TABLE revenue_snapshots (
      day date PRIMARY KEY,
      mrr_krw bigint NOT NULL,
      arr_krw bigint NOT NULL,
      active_count integer NOT NULL,
      paying_users integer NOT NULL,
      taken_at timestamptz NOT NULL DEFAULT now()
    )`);

    await runner.query(`CREATE TABLE content_reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      content_type varchar(30) NOT NULL,
      content_id uuid NOT NULL,
      reason varchar(1000) NOT NULL,
      reported_by uuid NOT NULL,
      status varchar(20) NOT NULL DEFAULT 'pending',
      resolved_by uuid,
      resolution_note varchar(500),
      resolved_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(
      `CREATE UNIQUE INDEX content_reports_open_key ON content_reports (content_type, content_id, reported_by) WHERE status = 'pending'`,
    );
    await runner.query(`CREATE INDEX content_reports_content_idx ON content_reports (content_type, content_id)`);
    await runner.query(`CREATE INDEX content_reports_status_idx ON content_reports (status, created_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE content_reports`);
    await runner.query(`DROP TABLE revenue_snapshots`);
    await runner.query(`DROP TABLE revenue_subscriptions`);
    await runner.query(`DROP TABLE event_history`);
    await runner.query(`DROP FUNCTION event_history_append_only()`);
    await runner.query(`DROP FUNCTION event_history_partition(timestamptz)`);
  }
}
