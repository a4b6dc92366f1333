import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PublishedObjectReply } from '@sf/contracts';
import { ServiceUnavailable } from '@sf/errors';

/** Whether an `If-None-Match` header names the tag (weak comparison, as RFC 9110 asks for it). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const candidate = tag.trim().replace(/^W\//, '');
    return candidate === '*' || candidate === etag;
  });
}

/**
 * Sends a published object (a site's page) whose location the owning service answered: 304
 * when the client holds the same version, else its bytes fetched from the object store, with
 * its `ETag` and `Content-Security-Policy`. The bytes never cross NATS; an object store that
 * does not answer in time, or answers more than announced, is a 503.
 */
export async function sendPublishedObject(
  request: FastifyRequest,
  reply: FastifyReply,
  object: PublishedObjectReply,
  timeoutMs: number,
): Promise<FastifyReply> {
  void reply
    .header('ETag', object.etag)
    .header('Content-Security-Policy', object.content_security_policy)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'strict-origin-when-cross-origin')
    // Shared caches may keep a page briefly; they must ask again (ETag) before serving it longer.
    .header('Cache-Control', 'public, max-age=0, must-revalidate');
  if (matches(request.headers['if-none-match'], object.etag)) return reply.code(304).send();
  let bytes: Buffer;
  try {
    const response = await fetch(object.url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`object store answered ${response.status}`);
    bytes = Buffer.from(await response.arrayBuffer());
  } catch {
    throw new ServiceUnavailable('The site could not be loaded; try again shortly');
  }
  if (bytes.length > object.max_bytes) throw new ServiceUnavailable('The site could not be loaded; try again shortly');
  return reply.code(200).header('Content-Type', object.content_type).send(bytes);
}
