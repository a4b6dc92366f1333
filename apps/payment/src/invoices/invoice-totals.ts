import { InvoiceLine } from './invoice.entity';

/** The VAT rate of an invoice unless the caller names another, and of every subscription charge. */
export const DEFAULT_TAX_PERCENT = 10;

/** `rate` percent in hundredths of a percent, so 7.5% stays exact in integer arithmetic. */
const basisPoints = (taxPercent: number): number => Math.round(taxPercent * 100);

/** Lines, subtotal, VAT and total in integer KRW, VAT added on top; rounded half up to the won. */
export function invoiceTotals(items: { description: string; quantity: number; price_krw: number }[], taxPercent: number) {
  const lines: InvoiceLine[] = items.map((i) => ({
    description: i.description,
    quantity: i.quantity,
    price_krw: i.price_krw,
    amount_krw: i.quantity * i.price_krw,
  }));
  const subtotal = lines.reduce((sum, l) => sum + l.amount_krw, 0);
  const tax = Math.round((subtotal * basisPoints(taxPercent)) / 10_000);
  return { lines, subtotal, tax, total: subtotal + tax };
}

/**
 * A VAT-inclusive total (what a subscription charges) split into subtotal and VAT: at 10% the VAT
 * is 10/110 of the total, rounded half up to the won.
 */
export function vatIncludedTotals(total: number, taxPercent: number): { subtotal: number; tax: number; total: number } {
  const bp = basisPoints(taxPercent);
  const tax = Math.round((total * bp) / (10_000 + bp));
  return { subtotal: total - tax, tax, total };
}
