import { Invoice } from './invoice.entity';

const won = (amount: number) => `KRW ${amount.toLocaleString('en-US')}`;
const date = (value: Date | string | null) => (value ? (typeof value === 'string' ? value : value.toISOString().slice(0, 10)) : '-');

/** The invoice as a one-page A4 PDF (amounts in whole won, VAT shown separately). */
export async function renderInvoicePdf(invoice: Invoice, seller = 'SoftFactory'): Promise<Buffer> {
  // Loaded on the first PDF, not at start: pdfkit and its fonts cost every replica memory.
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Invoice ${invoice.number}`, Author: seller } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    doc.fontSize(22).text('INVOICE', { align: 'right' });
    doc.fontSize(10).text(seller, 50, 50);
    doc.moveDown(2);
    doc.fontSize(10);
    const facts: [string, string][] = [
      ['Invoice number', invoice.number],
      ['Status', invoice.status.toUpperCase()],
      ['Issued', date(invoice.issuedAt ?? invoice.createdAt)],
      ['Due', date(invoice.dueDate)],
    ];
    if (invoice.paidAt) facts.push(['Paid', date(invoice.paidAt)]);
    if (invoice.recipientEmail) facts.push(['Bill to', invoice.recipientEmail]);
    for (const [label, value] of facts) doc.text(`${label}: ${value}`);
    doc.moveDown();

    const columns = { description: 50, quantity: 330, price: 390, amount: 470 };
    const header = doc.y;
    doc.font('Helvetica-Bold');
    doc.text('Description', columns.description, header);
    doc.text('Qty', columns.quantity, header, { width: 50, align: 'right' });
    doc.text('Unit price', columns.price, header, { width: 70, align: 'right' });
    doc.text('Amount', columns.amount, header, { width: 75, align: 'right' });
    doc.font('Helvetica');
    doc
      .moveTo(50, doc.y + 4)
      .lineTo(545, doc.y + 4)
      .stroke();
    doc.moveDown(0.8);
    for (const item of invoice.items) {
      const y = doc.y;
      doc.text(item.description, columns.description, y, { width: 270 });
      const after = doc.y;
      doc.text(String(item.quantity), columns.quantity, y, { width: 50, align: 'right' });
      doc.text(won(item.price_krw), columns.price, y, { width: 70, align: 'right' });
      doc.text(won(item.amount_krw), columns.amount, y, { width: 75, align: 'right' });
      doc.y = Math.max(after, doc.y) + 4;
    }
    doc
      .moveTo(330, doc.y + 4)
      .lineTo(545, doc.y + 4)
      .stroke();
    doc.moveDown(0.8);
    const totals: [string, string][] = [
      ['Subtotal', won(invoice.subtotalKrw)],
      [`VAT (${invoice.taxPercent}%)`, won(invoice.taxKrw)],
      ['Total', won(invoice.totalKrw)],
    ];
    for (const [label, value] of totals) {
      const y = doc.y;
      if (label === 'Total') doc.font('Helvetica-Bold');
      doc.text(label, 330, y, { width: 130 });
      doc.text(value, columns.amount, y, { width: 75, align: 'right' });
      doc.font('Helvetica');
    }
    if (invoice.notes) {
      doc.moveDown(2);
      doc.text(invoice.notes, 50, doc.y, { width: 495 });
    }
    doc.end();
  });
}
