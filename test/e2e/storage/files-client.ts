import sharp from 'sharp';
import { ApiClient, ApiResponse } from '@sf/testing';

export interface UploadOptions {
  /** Send `category` before the file part (seeds' clients send it after). */
  categoryFirst?: boolean;
  /** Content type the client declares for the file part. */
  type?: string;
}

/** `POST /api/files/upload` as a browser or the seeds' clients send it: multipart/form-data. */
export async function uploadFile(
  api: ApiClient,
  token: string | undefined,
  file: { name: string; bytes: Uint8Array } | null,
  category: string | undefined,
  options: UploadOptions = {},
): Promise<ApiResponse> {
  const form = new FormData();
  if (options.categoryFirst && category !== undefined) form.append('category', category);
  if (file) form.append('file', new Blob([file.bytes], { type: options.type ?? 'application/octet-stream' }), file.name);
  if (!options.categoryFirst && category !== undefined) form.append('category', category);
  const response = await fetch(new URL('/api/files/upload', api.baseUrl), {
    method: 'POST',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    body: form,
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** A real PNG photo-like image (noise, so it does not compress to nothing). */
export async function pngImage(width = 640, height = 480): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7919 + (i >> 7) * 31) & 0xff;
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** What a Windows program looks like from its first bytes. */
export function windowsProgram(size = 64 * 1024): Buffer {
  const bytes = Buffer.alloc(size);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}

export async function fetchBytes(url: string): Promise<{ status: number; bytes: Buffer; type: string | null }> {
  const response = await fetch(url);
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), type: response.headers.get('content-type') };
}
