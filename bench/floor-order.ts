// The floor of the order write: the same work as `POST /api/orders` with an Idempotency-Key
// (lock and look up the key, take an order number from the sequence, insert the order and its outbox event,
// store the answer under the key, in one transaction, with the same statements and round trips
// as the service), done with raw `pg` in the floor responder, behind one NATS hop from a bare
// Fastify handler.
import { createHash, randomUUID } from 'node:crypto';
import { Pool } from 'pg';

export const FLOOR_ORDER_PATTERN = 'floor.order';

export interface FloorOrderRequest {
  user_id: string;
  key: string;
  items: { product_id: string; description?: string | null; quantity: number; price_krw: number }[];
}

/** The body check of the floor's handler: what CreateOrderDto asks, by hand. */
export function floorOrderBody(body: unknown): FloorOrderRequest['items'] | null {
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items) || items.length < 1 || items.length > 100) return null;
  for (const item of items as Record<string, unknown>[]) {
    if (typeof item?.product_id !== 'string' || !Number.isInteger(item.quantity) || !Number.isInteger(item.price_krw)) return null;
    if ((item.quantity as number) < 1 || (item.price_krw as number) < 0) return null;
  }
  return items as FloorOrderRequest['items'];
}

export async function floorOrder(pool: Pool, request: FloorOrderRequest): Promise<unknown> {
  const items = request.items.map((i) => ({
    product_id: i.product_id,
    description: i.description ?? null,
    quantity: i.quantity,
    price_krw: i.price_krw,
    amount_krw: i.quantity * i.price_krw,
  }));
  const total = items.reduce((sum, i) => sum + i.amount_krw, 0);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ items: request.items }))
    .digest('hex');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const [lock] = (
      await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok`, [
        `idem:${request.user_id}:payment.orders.create:${request.key}`,
      ])
    ).rows;
    if (!lock.ok) throw new Error('key busy');
    const first = await client.query(
      `SELECT fingerprint, response FROM idempotency_records
        WHERE user_id = $1 AND operation = $2 AND key = $3 AND created_at >= now() - make_interval(hours => 24)`,
      [request.user_id, 'payment.orders.create', request.key],
    );
    if (first.rowCount) throw new Error('repeated key');
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    const [sequence] = (await client.query<{ n: string }>(`SELECT nextval('order_numbers') AS n`)).rows;
    const number = `ORD-${day.replace(/-/g, '')}-${sequence.n.padStart(4, '0')}`;
    const [order] = (
      await client.query<{ id: string; created_at: Date; updated_at: Date }>(
        `INSERT INTO orders (user_id, order_number, status, items, total_krw, billing_address, shipping_address)
         VALUES ($1, $2, 'pending', $3, $4, NULL, NULL) RETURNING id, created_at, updated_at`,
        [request.user_id, number, JSON.stringify(items), total],
      )
    ).rows;
    const eventId = randomUUID();
    const data = {
      order_id: order.id,
      user_id: request.user_id,
      order_number: number,
      status: 'pending',
      total_krw: total,
      items_count: items.length,
    };
    await client.query(`INSERT INTO outbox (id, type, subject, data) VALUES ($1, 'order.created', $2, $3)`, [
      eventId,
      request.user_id,
      JSON.stringify(data),
    ]);
    const view = {
      id: order.id,
      order_id: order.id,
      order_number: number,
      status: 'pending',
      items,
      total_krw: total,
      currency: 'KRW',
      billing_address: null,
      shipping_address: null,
      created_at: order.created_at.toISOString(),
      updated_at: order.updated_at.toISOString(),
    };
    await client.query(
      `INSERT INTO idempotency_records (user_id, operation, key, fingerprint, response) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, operation, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, response = EXCLUDED.response, created_at = now()`,
      [request.user_id, 'payment.orders.create', request.key, fingerprint, JSON.stringify(view)],
    );
    await client.query('COMMIT');
    return view;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
