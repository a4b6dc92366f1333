import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { sniffContent, SNIFF_BYTES } from './content-sniffer';

const picture = () => sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 50, b: 10 } } });

function pdf(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text('hello');
    doc.end();
  });
}

/** A PE header as Windows programs start: "MZ", DOS stub, NULs. */
const windowsExe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200), Buffer.from('PE\0\0', 'latin1')]);
const zipEntry = (name: string, content = '') =>
  Buffer.concat([
    Buffer.from('PK\x03\x04', 'latin1'),
    Buffer.alloc(22),
    Buffer.from([name.length, 0, 0, 0]),
    Buffer.from(name + content, 'latin1'),
  ]);
const ftyp = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from(`ftyp${brand}`, 'latin1'), Buffer.alloc(20)]);

describe('sniffContent: what the bytes say a file is', () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
    ['gif', 'image/gif'],
    ['tiff', 'image/tiff'],
    ['avif', 'image/avif'],
  ] as const)('knows a real %s image', async (format, contentType) => {
    const head = (await picture().toFormat(format).toBuffer()).subarray(0, SNIFF_BYTES);
    expect(sniffContent(head, `photo.${format}`)).toMatchObject({ contentType, category: 'image' });
  });

  it('knows a real PDF as a document', async () => {
    expect(sniffContent(await pdf(), 'report.pdf')).toMatchObject({ contentType: 'application/pdf', category: 'document' });
  });

  it('refuses a Windows program whatever its name says', () => {
    for (const name of ['holiday.png', 'cv.pdf', 'notes.txt', 'clip.mp4', 'setup.exe'])
      expect(sniffContent(windowsExe, name)).toMatchObject({ category: null, description: 'a Windows executable' });
  });

  it('refuses ELF and Mach-O programs and plain archives', () => {
    expect(sniffContent(Buffer.from('\x7fELF\x02\x01\x01\0\0\0', 'latin1'), 'a.png')?.category).toBeNull();
    expect(sniffContent(Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), 'a.png')?.category).toBeNull();
    expect(sniffContent(zipEntry('payload.exe'), 'report.docx')).toMatchObject({ contentType: 'application/zip', category: null });
    expect(sniffContent(Buffer.from([0x1f, 0x8b, 8, 0]), 'a.pdf')?.category).toBeNull();
  });

  it('tells video containers apart, and audio from video', () => {
    expect(sniffContent(ftyp('isom'), 'a.mp4')).toMatchObject({ contentType: 'video/mp4', category: 'video' });
    expect(sniffContent(ftyp('qt  '), 'a.mov')).toMatchObject({ contentType: 'video/quicktime', category: 'video' });
    expect(sniffContent(ftyp('3gp5'), 'a.3gp')).toMatchObject({ contentType: 'video/3gpp', category: 'video' });
    expect(sniffContent(ftyp('heic'), 'a.heic')).toMatchObject({ contentType: 'image/heic', category: 'image' });
    expect(sniffContent(ftyp('M4A '), 'a.mp4')).toMatchObject({ category: null });
    const webm = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84]), Buffer.from('webm', 'latin1')]);
    expect(sniffContent(webm, 'a.webm')).toMatchObject({ contentType: 'video/webm', category: 'video' });
    expect(sniffContent(Buffer.from('RIFF\0\0\0\0AVI LIST', 'latin1'), 'a.avi')).toMatchObject({ contentType: 'video/x-msvideo' });
    expect(sniffContent(Buffer.from('OggS\0\x02\0\0\0\0\0\0\0\0\x80theora', 'latin1'), 'a.ogv')).toMatchObject({ category: 'video' });
    expect(sniffContent(Buffer.from('OggS\0\x02\0\0\0\0\0\0\0\0\x01vorbis', 'latin1'), 'a.ogg')).toMatchObject({ category: null });
  });

  it('knows office documents by their containers', () => {
    expect(sniffContent(zipEntry('[Content_Types].xml', '<Types/>word/document.xml'), 'cv.docx')).toMatchObject({
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      category: 'document',
    });
    expect(sniffContent(zipEntry('[Content_Types].xml', '<Types/>xl/workbook.xml'), 'a.xlsx')?.contentType).toMatch(/spreadsheetml/);
    expect(sniffContent(zipEntry('mimetype', 'application/vnd.oasis.opendocument.text'), 'a.odt')).toMatchObject({
      contentType: 'application/vnd.oasis.opendocument.text',
      category: 'document',
    });
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(sniffContent(ole, 'old.xls')).toMatchObject({ contentType: 'application/vnd.ms-excel', category: 'document' });
    expect(sniffContent(ole, 'old.doc')).toMatchObject({ contentType: 'application/msword', category: 'document' });
    expect(sniffContent(Buffer.from('{\\rtf1\\ansi hello}'), 'a.rtf')).toMatchObject({ contentType: 'application/rtf' });
  });

  it('takes UTF-8 text as a plain-text document, even cut inside a character, and never binary as text', () => {
    expect(sniffContent(Buffer.from('name,price\nkimchi,5000\n'), 'menu.csv')).toMatchObject({
      contentType: 'text/csv',
      category: 'document',
    });
    const korean = Buffer.from('안녕하세요 '.repeat(500)).subarray(0, SNIFF_BYTES);
    expect(sniffContent(korean, 'notes.txt')).toMatchObject({ contentType: 'text/plain', category: 'document' });
    expect(sniffContent(Buffer.from('<html><script>alert(1)</script></html>'), 'page.html')).toMatchObject({ contentType: 'text/plain' });
    expect(sniffContent(Buffer.from([0x68, 0x69, 0x00, 0x01, 0x02]), 'notes.txt')).toBeNull();
    expect(sniffContent(Buffer.from([0xc3, 0x28, 0x41, 0x42]), 'notes.txt')).toBeNull(); // invalid UTF-8
    expect(sniffContent(Buffer.alloc(0), 'empty.txt')).toBeNull();
  });
});
