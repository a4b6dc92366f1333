import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  CreateOrderDto,
  listView,
  ORDER_SORT_FIELDS,
  OrderListView,
  OrdersQuery,
  OrderView,
  resolvePage,
  resolveSort,
  UserContext,
} from '@sf/contracts';
import { Conflict, NotFound, ValidationFailed } from '@sf/errors';
import { nextOrderNumber } from '../document-numbers/document-numbers';
import { PaymentEventLog } from '../events/payment-event-log';
import { Order } from './order.entity';
import { inTransaction } from '@sf/idempotency';

const SORT_COLUMNS: Record<(typeof ORDER_SORT_FIELDS)[number], keyof Order> = { created_at: 'createdAt', total_krw: 'totalKrw' };

function jsonOrNull(value: Record<string, unknown> | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

function view(order: Order): OrderView {
  return {
    id: order.id,
    order_id: order.id,
    order_number: order.orderNumber,
    status: order.status,
    items: order.items,
    total_krw: order.totalKrw,
    currency: 'KRW',
    billing_address: order.billingAddress,
    shipping_address: order.shippingAddress,
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
  };
}

@Injectable()
export class OrdersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: PaymentEventLog,
  ) {}

  /** A pending order (a repeat under one Idempotency-Key is answered by the endpoint's idempotency, ADR 0019). */
  async create(ctx: UserContext, dto: CreateOrderDto): Promise<OrderView> {
    const userId = ctx.user_id;
    const items = dto.items.map((i) => ({
      product_id: i.product_id,
      description: i.description ?? null,
      quantity: i.quantity,
      price_krw: i.price_krw,
      amount_krw: i.quantity * i.price_krw,
    }));
    const total = items.reduce((sum, i) => sum + i.amount_krw, 0);
    if (!Number.isSafeInteger(total)) throw new ValidationFailed({ items: ['the total is too large'] });
    return inTransaction(this.dataSource, async (manager) => {
      const orderNumber = await nextOrderNumber(manager);
      const billingAddress = dto.billing_address ?? null;
      const shippingAddress = dto.shipping_address ?? null;
      // The hot write of the service: one plain INSERT (no entity persistence, which costs more
      // than the statement; bench/RESULTS.md, "the order write's own cost").
      const [row] = (await manager.query(
        `INSERT INTO orders (user_id, order_number, status, items, total_krw, billing_address, shipping_address)
         VALUES ($1, $2, 'pending', $3, $4, $5, $6) RETURNING id, created_at, updated_at`,
        [userId, orderNumber, JSON.stringify(items), total, jsonOrNull(billingAddress), jsonOrNull(shippingAddress)],
      )) as { id: string; created_at: Date; updated_at: Date }[];
      const order: Order = {
        id: row.id,
        userId,
        orderNumber,
        status: 'pending',
        items,
        totalKrw: total,
        billingAddress,
        shippingAddress,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      };
      await this.record(manager, 'order.created', order);
      return view(order);
    });
  }

  private record(manager: EntityManager, type: 'order.created' | 'order.cancelled', order: Order) {
    return this.events.record(manager, type, order.userId, {
      order_id: order.id,
      user_id: order.userId,
      order_number: order.orderNumber,
      status: order.status,
      total_krw: order.totalKrw,
      items_count: order.items.length,
    });
  }

  async list(ctx: UserContext, query: OrdersQuery): Promise<OrderListView> {
    const page = resolvePage(query);
    const sort = resolveSort<(typeof ORDER_SORT_FIELDS)[number]>(query, { field: 'created_at', direction: 'DESC' });
    const [rows, total] = await this.dataSource.getRepository(Order).findAndCount({
      where: { userId: ctx.user_id, ...(query.status ? { status: query.status } : {}) },
      order: { [SORT_COLUMNS[sort.field]]: sort.direction, orderNumber: 'DESC' },
      skip: page.offset,
      take: page.limit,
    });
    return listView('orders', rows.map(view), total, page);
  }

  async get(ctx: UserContext, id: string): Promise<OrderView> {
    const order = await this.dataSource.getRepository(Order).findOneBy({ id, userId: ctx.user_id });
    if (!order) throw new NotFound('Order');
    return view(order);
  }

  async cancel(ctx: UserContext, id: string): Promise<OrderView> {
    return inTransaction(this.dataSource, async (manager) => {
      const order = await manager.getRepository(Order).findOne({ where: { id, userId: ctx.user_id }, lock: { mode: 'pessimistic_write' } });
      if (!order) throw new NotFound('Order');
      if (order.status === 'cancelled') return view(order);
      if (order.status !== 'pending') throw new Conflict(`A ${order.status} order cannot be cancelled`);
      order.status = 'cancelled';
      await manager.getRepository(Order).save(order);
      await this.record(manager, 'order.cancelled', order);
      return view(order);
    });
  }
}
