import { invoiceTotals, vatIncludedTotals } from './invoice-totals';

describe('invoice totals', () => {
  it('adds VAT in whole won, rounding half up', () => {
    expect(
      invoiceTotals(
        [
          { description: 'a', quantity: 3, price_krw: 150000 },
          { description: 'b', quantity: 1, price_krw: 99999 },
        ],
        10,
      ),
    ).toMatchObject({
      subtotal: 549999,
      tax: 55000,
      total: 604999,
    });
    expect(invoiceTotals([{ description: 'a', quantity: 1, price_krw: 15 }], 10).tax).toBe(2);
    expect(invoiceTotals([{ description: 'a', quantity: 1, price_krw: 1000 }], 7.5).tax).toBe(75);
    expect(invoiceTotals([{ description: 'a', quantity: 2, price_krw: 0 }], 10)).toMatchObject({ subtotal: 0, tax: 0, total: 0 });
  });
});

describe('VAT-included totals (subscription charges)', () => {
  it('takes 10/110 of the total as VAT, rounding half up', () => {
    expect(vatIncludedTotals(9900, 10)).toEqual({ subtotal: 9000, tax: 900, total: 9900 });
    expect(vatIncludedTotals(29000, 10)).toEqual({ subtotal: 26364, tax: 2636, total: 29000 });
    expect(vatIncludedTotals(16, 10).tax).toBe(1); // 1.45 rounds down
    expect(vatIncludedTotals(17, 10).tax).toBe(2); // 1.55 rounds up
    expect(vatIncludedTotals(0, 10)).toEqual({ subtotal: 0, tax: 0, total: 0 });
  });

  it('gives the same VAT as the rule subscription invoices were built with', () => {
    for (const total of [1, 15, 99, 1000, 9900, 12345, 29000, 99000, 1_234_567]) {
      expect(vatIncludedTotals(total, 10).tax).toBe(Math.round((total * 10) / 110));
    }
  });
});
