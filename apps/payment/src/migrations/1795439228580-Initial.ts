import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795439228580 implements MigrationInterface {
  name = 'Initial1795439228580';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "outbox" ("id" uuid NOT NULL, "position" BIGSERIAL NOT NULL, "type" character varying(100) NOT NULL, "subject" character varying(100) NOT NULL, "data" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "outbox_pending_idx" ON "outbox"  ("position") WHERE published_at IS NULL`);
    await runner.query(
      `CREATE TABLE "inbox" ("consumer" character varying(100) NOT NULL, "event_id" uuid NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_625a303addbbe1f30d3f65ed7fe" PRIMARY KEY ("consumer", "event_id"))`,
    );
    await runner.query(
      `CREATE TABLE "products" ("id" integer NOT NULL, "slug" character varying(50) NOT NULL, "name" character varying(100) NOT NULL, "description" text NOT NULL, "features" text array NOT NULL DEFAULT '{}', "active" boolean NOT NULL DEFAULT true, "sort_order" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_0806c755e0aca124e67c0cf6d7d" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "products_slug_key" ON "products"  ("slug") `);
    await runner.query(
      `CREATE TABLE "plans" ("id" integer NOT NULL, "slug" character varying(20) NOT NULL, "name" character varying(100) NOT NULL, "tier" character varying(20) NOT NULL, "description" text NOT NULL, "features" text array NOT NULL DEFAULT '{}', "max_projects" integer, "sort_order" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_3720521a81c7c24fe9b7202ba61" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "plans_slug_key" ON "plans"  ("slug") `);
    await runner.query(
      `CREATE TABLE "prices" ("id" SERIAL NOT NULL, "product_id" integer NOT NULL, "plan_id" integer NOT NULL, "plan_type" character varying(10) NOT NULL, "amount_krw" integer NOT NULL, CONSTRAINT "PK_2e40b9e4e631a53cd514d82ccd2" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "prices_product_plan_type_key" ON "prices"  ("product_id", "plan_id", "plan_type") `);
    await runner.query(
      `CREATE TABLE "checkout_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "stripe_session_id" character varying(255) NOT NULL, "user_id" uuid NOT NULL, "mode" character varying(20) NOT NULL, "product_id" integer, "plan_id" integer, "plan_type" character varying(10), "payment_id" uuid, "amount_krw" bigint NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'open', "payment_status" character varying(30) NOT NULL DEFAULT 'unpaid', "url" text NOT NULL, "stripe_subscription_id" character varying(255), "expires_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5730b2bbc190203a94941d82bd1" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "checkout_sessions_stripe_session_id_key" ON "checkout_sessions"  ("stripe_session_id") `);
    await runner.query(`CREATE INDEX "checkout_sessions_user_idx" ON "checkout_sessions"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "customers" ("user_id" uuid NOT NULL, "stripe_customer_id" character varying(255) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_11d81cd7be87b6f8865b0cf7661" PRIMARY KEY ("user_id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "customers_stripe_customer_id_key" ON "customers"  ("stripe_customer_id") `);
    await runner.query(
      `CREATE TABLE "idempotency_records" ("user_id" uuid NOT NULL, "operation" character varying(50) NOT NULL, "key" character varying(200) NOT NULL, "fingerprint" character varying(64) NOT NULL, "response" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_64f5dd5c7c4fc4e3e0d8095cd4c" PRIMARY KEY ("user_id", "operation", "key"))`,
    );
    await runner.query(
      `CREATE TABLE "invoices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "number" character varying(20) NOT NULL, "status" character varying(20) NOT NULL, "items" jsonb NOT NULL, "subtotal_krw" bigint NOT NULL, "tax_percent" numeric(5,2) NOT NULL, "tax_krw" bigint NOT NULL, "total_krw" bigint NOT NULL, "due_date" date, "order_id" uuid, "recipient_email" character varying(254), "notes" text, "stripe_invoice_id" character varying(255), "stripe_invoice_url" text, "stripe_subscription_id" character varying(255), "issued_at" TIMESTAMP WITH TIME ZONE, "paid_at" TIMESTAMP WITH TIME ZONE, "canceled_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_668cef7c22a427fd822cc1be3ce" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "invoices_number_key" ON "invoices"  ("number") `);
    await runner.query(`CREATE UNIQUE INDEX "invoices_stripe_invoice_id_key" ON "invoices"  ("stripe_invoice_id") `);
    await runner.query(`CREATE INDEX "invoices_user_idx" ON "invoices"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "document_counters" ("kind" character varying(20) NOT NULL, "day" date NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_a5e66c0803db142dde1ee9edfb2" PRIMARY KEY ("kind", "day"))`,
    );
    await runner.query(
      `CREATE TABLE "orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "order_number" character varying(30) NOT NULL, "status" character varying(20) NOT NULL, "items" jsonb NOT NULL, "total_krw" bigint NOT NULL, "billing_address" jsonb, "shipping_address" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "orders_order_number_key" ON "orders"  ("order_number") `);
    await runner.query(`CREATE INDEX "orders_user_idx" ON "orders"  ("user_id", "created_at") `);
    await runner.query(
      `CREATE TABLE "payments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "reference" character varying(200) NOT NULL, "description" character varying(300) NOT NULL, "amount_krw" bigint NOT NULL, "currency" character varying(3) NOT NULL DEFAULT 'KRW', "status" character varying(20) NOT NULL, "stripe_payment_intent_id" character varying(255), "stripe_invoice_id" character varying(255), "stripe_subscription_id" character varying(255), "failure_reason" character varying(300), "refunded_krw" bigint NOT NULL DEFAULT '0', "paid_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "payments_stripe_payment_intent_id_key" ON "payments"  ("stripe_payment_intent_id") `);
    await runner.query(`CREATE UNIQUE INDEX "payments_stripe_invoice_id_key" ON "payments"  ("stripe_invoice_id") `);
    await runner.query(`CREATE INDEX "payments_user_idx" ON "payments"  ("user_id", "created_at") `);
    await runner.query(`CREATE UNIQUE INDEX "payments_charge_reference_key" ON "payments"  ("reference") WHERE kind = 'charge'`);
    await runner.query(
      `CREATE TABLE "refunds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "payment_id" uuid NOT NULL, "user_id" uuid NOT NULL, "reference" character varying(200) NOT NULL, "amount_krw" bigint NOT NULL, "reason" character varying(300) NOT NULL, "status" character varying(20) NOT NULL, "stripe_refund_id" character varying(255), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5106efb01eeda7e49a78b869738" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "refunds_payment_id_key" ON "refunds"  ("payment_id") `);
    await runner.query(`CREATE UNIQUE INDEX "refunds_stripe_refund_id_key" ON "refunds"  ("stripe_refund_id") `);
    await runner.query(
      `CREATE TABLE "subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "stripe_subscription_id" character varying(255) NOT NULL, "stripe_customer_id" character varying(255), "stripe_item_id" character varying(255), "stripe_price_id" character varying(255), "product_id" integer NOT NULL, "plan_id" integer NOT NULL, "plan_slug" character varying(20) NOT NULL, "plan_type" character varying(10) NOT NULL, "status" character varying(20) NOT NULL, "amount_krw" bigint NOT NULL, "current_period_start" TIMESTAMP WITH TIME ZONE, "current_period_end" TIMESTAMP WITH TIME ZONE, "cancel_at_period_end" boolean NOT NULL DEFAULT false, "canceled_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '0', "stripe_observed_at" bigint NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a87248d73155605cf782be9ee5e" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "subscriptions_stripe_subscription_id_key" ON "subscriptions"  ("stripe_subscription_id") `);
    await runner.query(`CREATE INDEX "subscriptions_user_product_idx" ON "subscriptions"  ("user_id", "product_id") `);
    await runner.query(
      `CREATE TABLE "stripe_events" ("id" character varying(255) NOT NULL, "type" character varying(100) NOT NULL, "stripe_created" bigint NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d3247bd5fc3f66b6982bbcdd897" PRIMARY KEY ("id"))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "stripe_events"`);
    await runner.query(`DROP INDEX "payment"."subscriptions_user_product_idx"`);
    await runner.query(`DROP INDEX "payment"."subscriptions_stripe_subscription_id_key"`);
    await runner.query(`DROP TABLE "subscriptions"`);
    await runner.query(`DROP INDEX "payment"."refunds_stripe_refund_id_key"`);
    await runner.query(`DROP INDEX "payment"."refunds_payment_id_key"`);
    await runner.query(`DROP TABLE "refunds"`);
    await runner.query(`DROP INDEX "payment"."payments_charge_reference_key"`);
    await runner.query(`DROP INDEX "payment"."payments_user_idx"`);
    await runner.query(`DROP INDEX "payment"."payments_stripe_invoice_id_key"`);
    await runner.query(`DROP INDEX "payment"."payments_stripe_payment_intent_id_key"`);
    await runner.query(`DROP TABLE "payments"`);
    await runner.query(`DROP INDEX "payment"."orders_user_idx"`);
    await runner.query(`DROP INDEX "payment"."orders_order_number_key"`);
    await runner.query(`DROP TABLE "orders"`);
    await runner.query(`DROP TABLE "document_counters"`);
    await runner.query(`DROP INDEX "payment"."invoices_user_idx"`);
    await runner.query(`DROP INDEX "payment"."invoices_stripe_invoice_id_key"`);
    await runner.query(`DROP INDEX "payment"."invoices_number_key"`);
    await runner.query(`DROP TABLE "invoices"`);
    await runner.query(`DROP TABLE "idempotency_records"`);
    await runner.query(`DROP INDEX "payment"."customers_stripe_customer_id_key"`);
    await runner.query(`DROP TABLE "customers"`);
    await runner.query(`DROP INDEX "payment"."checkout_sessions_user_idx"`);
    await runner.query(`DROP INDEX "payment"."checkout_sessions_stripe_session_id_key"`);
    await runner.query(`DROP TABLE "checkout_sessions"`);
    await runner.query(`DROP INDEX "payment"."prices_product_plan_type_key"`);
    await runner.query(`DROP TABLE "prices"`);
    await runner.query(`DROP INDEX "payment"."plans_slug_key"`);
    await runner.query(`DROP TABLE "plans"`);
    await runner.query(`DROP INDEX "payment"."products_slug_key"`);
    await runner.query(`DROP TABLE "products"`);
    await runner.query(`DROP TABLE "inbox"`);
    await runner.query(`DROP INDEX "payment"."outbox_pending_idx"`);
    await runner.query(`DROP TABLE "outbox"`);
  }
}
