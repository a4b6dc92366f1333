import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  CreateWebhookDto,
  listView,
  PageQuery,
  resolvePage,
  UpdateWebhookDto,
  UserContext,
  WEBHOOK_EVENTS,
  WEBHOOK_TEST_EVENT,
  WebhookDeliveryListView,
  WebhookDeliveryQuery,
  WebhookDeliveryView,
  WebhookEvent,
  WebhookListView,
  WebhookView,
  WebhookWithSecretView,
} from '@sf/contracts';
import { returnedRows } from '@sf/database';
import { Conflict, NotFound, ValidationFailed } from '@sf/errors';
import { notificationId } from '../inbox/notification-id';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications.config';
import { checkOutboundUrl, UnsafeUrl } from '@sf/outbound';
import { newWebhookSecret, SecretBox } from './secret-box';
import { WebhookDeliveries } from './webhook-deliveries.service';
import { DELIVERY_COLUMNS, DeliveryRow, ENDPOINT_COLUMNS, EndpointRow, toDeliveryView, toWebhookView } from './webhook-views';
import { inTransaction } from '@sf/idempotency';

/** Endpoints one user may register. */
export const MAX_ENDPOINTS_PER_USER = 20;

const isWebhookEvent = (type: string): type is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(type);

/** Customers' webhook endpoints: registration (URL checked), secrets, deliveries made from events. */
@Injectable()
export class WebhooksService {
  private readonly box: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: WebhookDeliveries,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {
    this.box = new SecretBox(config.webhooks.secretKey);
  }

  private async checkUrl(url: string): Promise<string> {
    try {
      return (await checkOutboundUrl(url, this.config.webhooks)).toString();
    } catch (error) {
      if (error instanceof UnsafeUrl) throw new ValidationFailed({ url: [error.message] });
      throw error;
    }
  }

  private async owned(manager: EntityManager, ctx: UserContext, id: string): Promise<EndpointRow> {
    const [row] = (await manager.query(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1 AND user_id = $2`, [
      id,
      ctx.user_id,
    ])) as EndpointRow[];
    if (!row) throw new NotFound('Webhook not found');
    return row;
  }

  async create(ctx: UserContext, body: CreateWebhookDto): Promise<WebhookWithSecretView> {
    const url = await this.checkUrl(body.url);
    const secret = newWebhookSecret();
    return inTransaction(this.dataSource, async (manager) => {
      // One user's registrations in turn, so the limit holds under concurrent calls.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('webhook_endpoints:' || $1))`, [ctx.user_id]);
      const [{ n }] = (await manager.query(`SELECT count(*)::int AS n FROM webhook_endpoints WHERE user_id = $1`, [ctx.user_id])) as {
        n: number;
      }[];
      if (n >= MAX_ENDPOINTS_PER_USER) throw new Conflict(`At most ${MAX_ENDPOINTS_PER_USER} webhook endpoints per account`);
      const [row] = returnedRows<EndpointRow>(
        await manager.query(
          `INSERT INTO webhook_endpoints (user_id, url, events, description, secret_sealed) VALUES ($1, $2, $3, $4, $5) RETURNING ${ENDPOINT_COLUMNS}`,
          [ctx.user_id, url, body.events, body.description ?? null, this.box.seal(secret)],
        ),
      );
      return { ...toWebhookView(row), secret };
    });
  }

  async list(ctx: UserContext, query: PageQuery): Promise<WebhookListView> {
    const page = resolvePage(query);
    const [rows, [{ n }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT ${page.limit} OFFSET ${page.offset}`,
        [ctx.user_id],
      ) as Promise<EndpointRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM webhook_endpoints WHERE user_id = $1`, [ctx.user_id]) as Promise<
        { n: number }[]
      >,
    ]);
    return listView('webhooks', rows.map(toWebhookView), n, page);
  }

  async get(ctx: UserContext, id: string): Promise<WebhookView> {
    return toWebhookView(await this.owned(this.dataSource.manager, ctx, id));
  }

  async update(ctx: UserContext, id: string, body: UpdateWebhookDto): Promise<WebhookView> {
    const url = body.url === undefined ? undefined : await this.checkUrl(body.url);
    return inTransaction(this.dataSource, async (manager) => {
      const row = await this.owned(manager, ctx, id);
      const active = body.active ?? row.active;
      const reenabled = active && !row.active;
      const [updated] = returnedRows<EndpointRow>(
        await manager.query(
          `UPDATE webhook_endpoints SET url = $2, events = $3, description = $4, active = $5::boolean,
             disabled_reason = CASE WHEN $5::boolean THEN NULL ELSE disabled_reason END,
             consecutive_failures = CASE WHEN $6::boolean THEN 0 ELSE consecutive_failures END, updated_at = now()
           WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
          [id, url ?? row.url, body.events ?? row.events, body.description ?? row.description, active, reenabled],
        ),
      );
      return toWebhookView(updated);
    });
  }

  async delete(ctx: UserContext, id: string): Promise<void> {
    const removed = returnedRows<{ id: string }>(
      await this.dataSource.query(`DELETE FROM webhook_endpoints WHERE id = $1 AND user_id = $2 RETURNING id`, [id, ctx.user_id]),
    );
    if (removed.length === 0) throw new NotFound('Webhook not found');
  }

  async rotateSecret(ctx: UserContext, id: string): Promise<WebhookWithSecretView> {
    const secret = newWebhookSecret();
    const [row] = returnedRows<EndpointRow>(
      await this.dataSource.query(
        `UPDATE webhook_endpoints SET secret_sealed = $3, updated_at = now() WHERE id = $1 AND user_id = $2 RETURNING ${ENDPOINT_COLUMNS}`,
        [id, ctx.user_id, this.box.seal(secret)],
      ),
    );
    if (!row) throw new NotFound('Webhook not found');
    return { ...toWebhookView(row), secret };
  }

  async test(ctx: UserContext, id: string): Promise<WebhookDeliveryView> {
    return inTransaction(this.dataSource, async (manager) => {
      const endpoint = await this.owned(manager, ctx, id);
      const deliveryId = randomUUID();
      const data = { webhook_id: endpoint.id, message: 'A test delivery from SoftFactory' };
      return toDeliveryView(
        await this.createDelivery(manager, endpoint.id, deliveryId, WEBHOOK_TEST_EVENT, new Date().toISOString(), data),
      );
    });
  }

  async listDeliveries(ctx: UserContext, id: string, query: WebhookDeliveryQuery): Promise<WebhookDeliveryListView> {
    await this.owned(this.dataSource.manager, ctx, id);
    const page = resolvePage(query);
    const params: unknown[] = [id];
    let where = 'endpoint_id = $1';
    if (query.status) {
      params.push(query.status);
      where += ' AND status = $2';
    }
    const [rows, [{ n }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE ${where} ORDER BY created_at DESC, id LIMIT ${page.limit} OFFSET ${page.offset}`,
        params,
      ) as Promise<DeliveryRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE ${where}`, params) as Promise<{ n: number }[]>,
    ]);
    return listView('deliveries', rows.map(toDeliveryView), n, page);
  }

  /** A finished delivery goes out again: same id and body, a fresh round of attempts. */
  async redeliver(ctx: UserContext, id: string, deliveryId: string): Promise<WebhookDeliveryView> {
    return inTransaction(this.dataSource, async (manager) => {
      const endpoint = await this.owned(manager, ctx, id);
      const [delivery] = (await manager.query(
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1 AND endpoint_id = $2 FOR UPDATE`,
        [deliveryId, endpoint.id],
      )) as DeliveryRow[];
      if (!delivery) throw new NotFound('Delivery not found');
      if (delivery.status === 'pending') throw new Conflict('The delivery is still being attempted');
      if (!endpoint.active) throw new Conflict('The endpoint is disabled; turn it on first');
      const [updated] = returnedRows<DeliveryRow>(
        await manager.query(
          `UPDATE webhook_deliveries SET status = 'pending', attempt_limit = attempts + $2::int, next_attempt_at = now() WHERE id = $1 RETURNING ${DELIVERY_COLUMNS}`,
          [delivery.id, this.config.webhooks.maxAttempts],
        ),
      );
      await this.deliveries.enqueue(manager, delivery.id, delivery.attempts + 1);
      return toDeliveryView(updated);
    });
  }

  /**
   * Deliveries of one event to every active endpoint of its owner that subscribed to it, in the
   * consumer's transaction. The delivery id derives from (event, endpoint): a redelivered event
   * makes none twice.
   */
  async fanOut(manager: EntityManager, event: { id: string; type: string; time: string }, userId: string, data: object): Promise<void> {
    if (!isWebhookEvent(event.type)) return;
    const endpoints = (await manager.query(`SELECT id FROM webhook_endpoints WHERE user_id = $1 AND active AND $2 = ANY(events)`, [
      userId,
      event.type,
    ])) as { id: string }[];
    for (const endpoint of endpoints) {
      await this.createDelivery(manager, endpoint.id, notificationId(event.id, endpoint.id, 'webhook'), event.type, event.time, data);
    }
  }

  private async createDelivery(
    manager: EntityManager,
    endpointId: string,
    deliveryId: string,
    event: string,
    timestamp: string,
    data: object,
  ): Promise<DeliveryRow> {
    const body = JSON.stringify({ id: deliveryId, event, timestamp, data });
    const [row] = returnedRows<DeliveryRow>(
      await manager.query(
        `INSERT INTO webhook_deliveries (id, endpoint_id, event, body, status, attempt_limit, next_attempt_at)
         VALUES ($1, $2, $3, $4, 'pending', $5, now()) ON CONFLICT (id) DO NOTHING RETURNING ${DELIVERY_COLUMNS}`,
        [deliveryId, endpointId, event, body, this.config.webhooks.maxAttempts],
      ),
    );
    if (row) await this.deliveries.enqueue(manager, deliveryId, 1);
    return row;
  }
}
