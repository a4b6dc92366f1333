import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource, EntityManager } from 'typeorm';
import {
  BinaryReply,
  CreateInvoiceDto,
  INVOICE_SORT_FIELDS,
  InvoiceListView,
  InvoicesQuery,
  InvoiceStatus,
  InvoiceView,
  listView,
  resolvePage,
  resolveSort,
  SendInvoiceDto,
  UserContext,
} from '@sf/contracts';
import { Conflict, NotFound, ValidationFailed } from '@sf/errors';
import { nextInvoiceNumber } from '../document-numbers/document-numbers';
import { PaymentEventLog } from '../events/payment-event-log';
import { Order } from '../orders/order.entity';
import { PAYMENT_CONFIG, PaymentConfig } from '../payment.config';
import type { SubscriptionInvoiceOwner } from '../payments/payments.service';
import { Subscription } from '../subscriptions/subscription.entity';
import { Invoice, InvoiceLine } from './invoice.entity';
import { renderInvoicePdf } from './invoice-pdf';
import { DEFAULT_TAX_PERCENT, invoiceTotals, vatIncludedTotals } from './invoice-totals';
import { inTransaction } from '@sf/idempotency';

/** An invoice's fields before it is numbered and stored. */
type InvoiceDraft = Omit<Invoice, 'id' | 'number' | 'issuedAt' | 'paidAt' | 'canceledAt' | 'sentAt' | 'createdAt' | 'updatedAt'> &
  Partial<Pick<Invoice, 'issuedAt' | 'paidAt'>>;

export const DEFAULT_DUE_DAYS = 30;

/** Where an invoice may go from each status; anything else is a 409. */
const TRANSITIONS: Record<InvoiceStatus, InvoiceStatus[]> = {
  draft: ['issued', 'canceled'],
  issued: ['paid', 'canceled'],
  paid: [],
  canceled: [],
};

const SORT_COLUMNS: Record<(typeof INVOICE_SORT_FIELDS)[number], keyof Invoice> = {
  created_at: 'createdAt',
  total_krw: 'totalKrw',
  due_date: 'dueDate',
  invoice_number: 'number',
};

/**
 * Every invoice is built here: the ones users make (VAT added on top) and the ones for
 * subscription charges (VAT included in what Stripe charged); each is numbered and announced
 * (`invoice.generated`) in the caller's transaction.
 */
@Injectable()
export class InvoicesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PAYMENT_CONFIG) private readonly config: PaymentConfig,
    private readonly events: PaymentEventLog,
  ) {}

  view(invoice: Invoice, subscriptionId: string | null = null): InvoiceView {
    return {
      id: invoice.id,
      invoice_id: invoice.id,
      invoice_number: invoice.number,
      status: invoice.status as InvoiceStatus,
      items: invoice.items,
      subtotal_krw: invoice.subtotalKrw,
      tax_percent: invoice.taxPercent,
      tax_krw: invoice.taxKrw,
      total_krw: invoice.totalKrw,
      currency: 'KRW',
      due_date: invoice.dueDate,
      order_id: invoice.orderId,
      subscription_id: subscriptionId,
      recipient_email: invoice.recipientEmail,
      notes: invoice.notes,
      pdf_url: `${this.config.publicBaseUrl}/api/payment/invoices/${invoice.id}/pdf`,
      stripe_invoice_url: invoice.stripeInvoiceUrl,
      issued_at: invoice.issuedAt?.toISOString() ?? null,
      paid_at: invoice.paidAt?.toISOString() ?? null,
      canceled_at: invoice.canceledAt?.toISOString() ?? null,
      sent_at: invoice.sentAt?.toISOString() ?? null,
      created_at: invoice.createdAt.toISOString(),
      updated_at: invoice.updatedAt.toISOString(),
    };
  }

  private async viewWithSubscription(manager: EntityManager, invoice: Invoice): Promise<InvoiceView> {
    return this.view(invoice, await this.subscriptionIdOf(manager, invoice.stripeSubscriptionId));
  }

  /** Our id of the subscription a Stripe subscription id names, if we hold it. */
  private async subscriptionIdOf(manager: EntityManager, stripeSubscriptionId: string | null): Promise<string | null> {
    if (!stripeSubscriptionId) return null;
    const row = await manager.getRepository(Subscription).findOne({ select: { id: true }, where: { stripeSubscriptionId } });
    return row?.id ?? null;
  }

  /** Numbers and stores an invoice and records `invoice.generated`, in the caller's transaction. */
  private async issue(manager: EntityManager, draft: InvoiceDraft, now = new Date()): Promise<Invoice> {
    const invoice = await manager.getRepository(Invoice).save({ ...draft, number: await nextInvoiceNumber(manager, now) });
    await this.events.record(manager, 'invoice.generated', invoice.userId, {
      invoice_id: invoice.id,
      user_id: invoice.userId,
      number: invoice.number,
      status: invoice.status,
      subtotal_krw: invoice.subtotalKrw,
      tax_krw: invoice.taxKrw,
      total_krw: invoice.totalKrw,
      due_date: invoice.dueDate,
      subscription_id: await this.subscriptionIdOf(manager, invoice.stripeSubscriptionId),
    });
    return invoice;
  }

  /**
   * The invoice of a subscription charge Stripe reports paid, once per Stripe invoice: its lines
   * as Stripe billed them, VAT included in the total.
   */
  async recordSubscriptionInvoice(manager: EntityManager, stripeInvoice: Stripe.Invoice, owner: SubscriptionInvoiceOwner): Promise<void> {
    if (await manager.getRepository(Invoice).existsBy({ stripeInvoiceId: stripeInvoice.id })) return;
    const paid = stripeInvoice.status_transitions?.paid_at;
    const paidAt = paid ? new Date(paid * 1000) : new Date();
    const totals = vatIncludedTotals(stripeInvoice.amount_paid, DEFAULT_TAX_PERCENT);
    const items: InvoiceLine[] = (stripeInvoice.lines?.data ?? []).map((line) => {
      const quantity = line.quantity ?? 1;
      return {
        description: line.description ?? 'Subscription',
        quantity,
        price_krw: Math.round(line.amount / quantity),
        amount_krw: line.amount,
      };
    });
    const description = stripeInvoice.lines?.data?.[0]?.description ?? 'Subscription';
    await this.issue(manager, {
      userId: owner.userId,
      status: 'paid',
      items: items.length ? items : [{ description, quantity: 1, price_krw: totals.total, amount_krw: totals.total }],
      subtotalKrw: totals.subtotal,
      taxPercent: DEFAULT_TAX_PERCENT,
      taxKrw: totals.tax,
      totalKrw: totals.total,
      dueDate: null,
      orderId: null,
      recipientEmail: null,
      notes: null,
      stripeInvoiceId: stripeInvoice.id,
      stripeInvoiceUrl: stripeInvoice.hosted_invoice_url ?? null,
      stripeSubscriptionId: owner.stripeSubscriptionId,
      issuedAt: paidAt,
      paidAt,
    });
  }

  async create(ctx: UserContext, dto: CreateInvoiceDto): Promise<InvoiceView> {
    const userId = ctx.user_id;
    // A repeat under one Idempotency-Key is answered by the endpoint's idempotency (ADR 0019).
    return inTransaction(this.dataSource, async (manager) => {
      let items = dto.items;
      if (dto.order_id) {
        const order = await manager.getRepository(Order).findOneBy({ id: dto.order_id, userId });
        if (!order) throw new NotFound('Order');
        items ??= order.items.map((l) => ({
          description: l.description ?? `Item ${l.product_id}`,
          quantity: l.quantity,
          price_krw: l.price_krw,
        }));
      }
      if (!items?.length) throw new ValidationFailed({ items: ['give the items, or an order_id to take them from'] });
      const taxPercent = dto.tax_percent ?? DEFAULT_TAX_PERCENT;
      const totals = invoiceTotals(items, taxPercent);
      if (!Number.isSafeInteger(totals.total)) throw new ValidationFailed({ items: ['the total is too large'] });
      const now = new Date();
      const due = new Date(now.getTime() + (dto.due_days ?? DEFAULT_DUE_DAYS) * 86_400_000);
      const invoice = await this.issue(
        manager,
        {
          userId,
          status: 'draft',
          items: totals.lines,
          subtotalKrw: totals.subtotal,
          taxPercent,
          taxKrw: totals.tax,
          totalKrw: totals.total,
          dueDate: due.toISOString().slice(0, 10),
          orderId: dto.order_id ?? null,
          recipientEmail: dto.recipient_email?.toLowerCase() ?? null,
          notes: dto.notes ?? null,
          stripeInvoiceId: null,
          stripeInvoiceUrl: null,
          stripeSubscriptionId: null,
        },
        now,
      );
      return this.view(invoice);
    });
  }

  async list(ctx: UserContext, query: InvoicesQuery): Promise<InvoiceListView> {
    const page = resolvePage(query);
    const sort = resolveSort<(typeof INVOICE_SORT_FIELDS)[number]>(query, { field: 'created_at', direction: 'DESC' });
    const [rows, total] = await this.dataSource.getRepository(Invoice).findAndCount({
      where: { userId: ctx.user_id, ...(query.status ? { status: query.status } : {}) },
      order: { [SORT_COLUMNS[sort.field]]: sort.direction, number: 'DESC' },
      skip: page.offset,
      take: page.limit,
    });
    const views = await Promise.all(rows.map((r) => this.viewWithSubscription(this.dataSource.manager, r)));
    return listView('invoices', views, total, page);
  }

  private async owned(manager: EntityManager, ctx: UserContext, id: string, lock = false): Promise<Invoice> {
    const invoice = await manager
      .getRepository(Invoice)
      .findOne({ where: { id, userId: ctx.user_id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!invoice) throw new NotFound('Invoice');
    return invoice;
  }

  async get(ctx: UserContext, id: string): Promise<InvoiceView> {
    return this.viewWithSubscription(this.dataSource.manager, await this.owned(this.dataSource.manager, ctx, id));
  }

  async setStatus(ctx: UserContext, id: string, status: InvoiceStatus): Promise<InvoiceView> {
    return inTransaction(this.dataSource, async (manager) => {
      const invoice = await this.owned(manager, ctx, id, true);
      if (invoice.status === status) return this.viewWithSubscription(manager, invoice);
      if (!TRANSITIONS[invoice.status as InvoiceStatus].includes(status)) {
        throw new Conflict(`An invoice cannot go from ${invoice.status} to ${status}`, { status: invoice.status });
      }
      this.move(invoice, status);
      await manager.getRepository(Invoice).save(invoice);
      return this.viewWithSubscription(manager, invoice);
    });
  }

  private move(invoice: Invoice, status: InvoiceStatus): void {
    const now = new Date();
    invoice.status = status;
    if (status === 'issued') invoice.issuedAt = now;
    if (status === 'paid') invoice.paidAt = now;
    if (status === 'canceled') invoice.canceledAt = now;
  }

  /** Issues a draft, stamps the sending and records `invoice.sent` for whoever delivers mail. */
  async send(ctx: UserContext, id: string, dto: SendInvoiceDto): Promise<InvoiceView> {
    return inTransaction(this.dataSource, async (manager) => {
      const invoice = await this.owned(manager, ctx, id, true);
      if (invoice.status === 'canceled') throw new Conflict('A canceled invoice cannot be sent');
      const recipient = dto.email?.toLowerCase() ?? invoice.recipientEmail;
      if (!recipient) throw new ValidationFailed({ email: ['the invoice has no recipient: give an email'] });
      if (invoice.status === 'draft') this.move(invoice, 'issued');
      invoice.recipientEmail = recipient;
      invoice.sentAt = new Date();
      await manager.getRepository(Invoice).save(invoice);
      await this.events.record(manager, 'invoice.sent', invoice.userId, {
        invoice_id: invoice.id,
        user_id: invoice.userId,
        number: invoice.number,
        recipient_email: recipient,
        total_krw: invoice.totalKrw,
      });
      return this.viewWithSubscription(manager, invoice);
    });
  }

  async remove(ctx: UserContext, id: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const invoice = await this.owned(manager, ctx, id, true);
      if (invoice.status !== 'draft') throw new Conflict(`Only a draft invoice can be deleted; this one is ${invoice.status}`);
      await manager.getRepository(Invoice).delete({ id: invoice.id });
    });
  }

  async pdf(ctx: UserContext, id: string): Promise<BinaryReply> {
    const invoice = await this.owned(this.dataSource.manager, ctx, id);
    const bytes = await renderInvoicePdf(invoice);
    return { content_type: 'application/pdf', filename: `invoice-${invoice.number}.pdf`, content_base64: bytes.toString('base64') };
  }
}
