import type { FileCategory } from '@sf/contracts';

/** How much of a file's head the sniffer reads. */
export const SNIFF_BYTES = 4096;

/** What a file's own bytes say it is. */
export interface SniffedType {
  contentType: string;
  /** The category the type belongs to; null for known types no category accepts (programs, archives). */
  category: FileCategory | null;
  /** A short, human name for refusals ("a Windows executable"). */
  description: string;
}

const ascii = (head: Buffer, offset: number, text: string) => head.toString('latin1', offset, offset + text.length) === text;
const bytes = (head: Buffer, offset: number, values: number[]) => values.every((v, i) => head[offset + i] === v);
const extensionOf = (filename: string) => /\.([A-Za-z0-9]{1,10})$/.exec(filename)?.[1].toLowerCase() ?? '';

const image = (contentType: string, description: string): SniffedType => ({ contentType, category: 'image', description });
const video = (contentType: string, description: string): SniffedType => ({ contentType, category: 'video', description });
const document = (contentType: string, description: string): SniffedType => ({ contentType, category: 'document', description });
const refused = (contentType: string, description: string): SniffedType => ({ contentType, category: null, description });

/** ISO base media files (`....ftyp<brand>`): MP4, QuickTime, 3GP video; AVIF and HEIF images. */
function isoMedia(head: Buffer): SniffedType | null {
  if (!ascii(head, 4, 'ftyp')) return null;
  const brand = head.toString('latin1', 8, 12);
  if (['avif', 'avis'].includes(brand)) return image('image/avif', 'an AVIF image');
  if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return image('image/heic', 'a HEIF image');
  if (brand === 'qt  ') return video('video/quicktime', 'a QuickTime video');
  if (brand.startsWith('3g')) return video('video/3gpp', 'a 3GP video');
  if (['M4A ', 'M4B ', 'M4P '].includes(brand)) return refused('audio/mp4', 'an audio file');
  if (/^(iso[2-9m]|isom|mp4[12v]|avc1|dash|M4V |M4VH|M4VP|f4v |MSNV|XAVC|NDAS)$/.test(brand)) return video('video/mp4', 'an MP4 video');
  return null;
}

/** ZIP containers: Office Open XML and OpenDocument files are documents; other archives are not. */
function zipContainer(head: Buffer, extension: string): SniffedType {
  const text = head.toString('latin1');
  const odf = /mimetypeapplication\/vnd\.oasis\.opendocument\.(text|spreadsheet|presentation)/.exec(text);
  if (odf) return document(`application/vnd.oasis.opendocument.${odf[1]}`, 'an OpenDocument file');
  if (text.includes('mimetypeapplication/epub+zip')) return document('application/epub+zip', 'an EPUB book');
  const ooxml = text.includes('[Content_Types].xml') || /(word|xl|ppt|docProps|_rels)\/[\w.[\]-]+\.(xml|rels)/.test(text);
  if (ooxml) {
    if (text.includes('word/') || extension === 'docx')
      return document('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a Word document');
    if (text.includes('xl/') || extension === 'xlsx')
      return document('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'an Excel workbook');
    if (text.includes('ppt/') || extension === 'pptx')
      return document('application/vnd.openxmlformats-officedocument.presentationml.presentation', 'a PowerPoint presentation');
  }
  return refused('application/zip', 'a ZIP archive');
}

/** Legacy Office (OLE2 compound) files, named by their extension. */
function oleContainer(extension: string): SniffedType {
  if (extension === 'xls') return document('application/vnd.ms-excel', 'an Excel workbook');
  if (extension === 'ppt') return document('application/vnd.ms-powerpoint', 'a PowerPoint presentation');
  return document('application/msword', 'a Word document');
}

/**
 * Plain text: valid UTF-8 (a character cut by the end of the head is fine) without NUL or other
 * control bytes than tab, line breaks and form feed. Served as text, whatever the name says.
 */
function text(head: Buffer, extension: string): SniffedType | null {
  for (const byte of head) if (byte < 0x20 && ![0x09, 0x0a, 0x0c, 0x0d].includes(byte)) return null;
  let end = head.length;
  // Back off an incomplete multi-byte sequence at the very end.
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = head[end - back];
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      if (back < needed) end -= back;
    }
    break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
  } catch {
    return null;
  }
  if (extension === 'csv') return document('text/csv', 'a CSV file');
  if (extension === 'md' || extension === 'markdown') return document('text/markdown', 'a Markdown text');
  if (extension === 'json') return document('application/json', 'a JSON text');
  return document('text/plain', 'a plain text');
}

/**
 * What a file is, from the magic bytes at its head (and, for containers whose head cannot tell the
 * variants apart, the name's extension). Null when the bytes match nothing known.
 */
export function sniffContent(head: Buffer, filename: string): SniffedType | null {
  const extension = extensionOf(filename);
  if (head.length === 0) return null;

  // Programs first: never stored, whatever they are called.
  if (ascii(head, 0, 'MZ')) return refused('application/vnd.microsoft.portable-executable', 'a Windows executable');
  if (bytes(head, 0, [0x7f, 0x45, 0x4c, 0x46])) return refused('application/x-elf', 'an ELF executable');
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(head.length >= 4 ? head.readUInt32BE(0) : -1))
    return refused('application/x-mach-binary', 'a Mach-O executable');

  if (bytes(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return image('image/png', 'a PNG image');
  if (bytes(head, 0, [0xff, 0xd8, 0xff])) return image('image/jpeg', 'a JPEG image');
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return image('image/gif', 'a GIF image');
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return image('image/webp', 'a WebP image');
  if (ascii(head, 0, 'II*\0') || ascii(head, 0, 'MM\0*')) return image('image/tiff', 'a TIFF image');
  if (ascii(head, 0, 'BM') && head.length >= 18 && [12, 40, 52, 56, 108, 124].includes(head.readUInt32LE(14)))
    return image('image/bmp', 'a BMP image');

  const iso = isoMedia(head);
  if (iso) return iso;
  if (bytes(head, 0, [0x1a, 0x45, 0xdf, 0xa3]))
    return head.includes('webm', 0, 'latin1') ? video('video/webm', 'a WebM video') : video('video/x-matroska', 'a Matroska video');
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'AVI ')) return video('video/x-msvideo', 'an AVI video');
  if (bytes(head, 0, [0x00, 0x00, 0x01, 0xba]) || bytes(head, 0, [0x00, 0x00, 0x01, 0xb3])) return video('video/mpeg', 'an MPEG video');
  if (head[0] === 0x47 && head.length > 376 && head[188] === 0x47 && head[376] === 0x47)
    return video('video/mp2t', 'an MPEG transport stream');
  if (ascii(head, 0, 'FLV\x01')) return video('video/x-flv', 'a Flash video');
  if (bytes(head, 0, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return video('video/x-ms-asf', 'a Windows Media video');
  if (ascii(head, 0, 'OggS'))
    return head.includes('\x80theora', 0, 'latin1') ? video('video/ogg', 'an Ogg video') : refused('audio/ogg', 'an audio file');

  if (ascii(head, 0, '%PDF-')) return document('application/pdf', 'a PDF document');
  if (ascii(head, 0, '{\\rtf')) return document('application/rtf', 'an RTF document');
  if (bytes(head, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return oleContainer(extension);
  if (ascii(head, 0, 'PK\x03\x04')) return zipContainer(head, extension);
  if (bytes(head, 0, [0x1f, 0x8b]) || ascii(head, 0, '7z\xbc\xaf\x27\x1c') || ascii(head, 0, 'Rar!'))
    return refused('application/octet-stream', 'a compressed archive');

  const utf8Bom = bytes(head, 0, [0xef, 0xbb, 0xbf]);
  return text(utf8Bom ? head.subarray(3) : head, extension);
}
