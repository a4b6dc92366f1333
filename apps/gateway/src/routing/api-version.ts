import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EndpointDeprecation } from '@sf/contracts';
import { errorBody } from '../http/error-response';

/** The versions of the API this gateway serves; the last one is current (docs/api-versioning.md). */
export const API_VERSIONS = ['1'] as const;
export const CURRENT_API_VERSION = API_VERSIONS[API_VERSIONS.length - 1];

/** `/api/x` → `/api/v1/x`, the canonical path; anything outside `/api/` is left as it is. */
export function versionedPath(path: string, version: string = CURRENT_API_VERSION): string {
  return path.startsWith('/api/') ? `/api/v${version}${path.slice(4)}` : path;
}

const VERSION_IN_PATH = /^\/api\/v(\d+)(?:\/|$)/;
const VERSION_HEADER = /^v?(\d+)$/i;

/** The version a request names (header or path) that this gateway does not serve, if any. */
function unsupportedVersion(request: FastifyRequest): string | null {
  const header = request.headers['accept-version'];
  if (header !== undefined) {
    const value = (Array.isArray(header) ? header.join(',') : header).trim();
    const version = VERSION_HEADER.exec(value)?.[1];
    if (!version || !(API_VERSIONS as readonly string[]).includes(String(Number(version)))) return value;
  }
  const inPath = VERSION_IN_PATH.exec(request.url)?.[1];
  if (inPath && !(API_VERSIONS as readonly string[]).includes(inPath)) return `v${inPath}`;
  return null;
}

/**
 * `Accept-Version: 1` (or `v1`) is accepted on any API route, so is `/api/v1/...`; a version this
 * gateway does not serve is a 400 naming the ones it does, before any other work.
 */
export function installApiVersioning(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (!request.url.startsWith('/api')) return done();
    const asked = unsupportedVersion(request);
    if (asked === null) return done();
    const supported = API_VERSIONS.map((v) => `v${v}`);
    void reply
      .code(400)
      .header('Content-Type', 'application/json; charset=utf-8')
      .send(
        errorBody(
          'BAD_REQUEST',
          `API version '${asked.slice(0, 20)}' is not served; supported: ${supported.join(', ')}`,
          request.requestId,
          {
            supported_versions: [...API_VERSIONS],
          },
        ),
      );
  });
}

/** The headers every answer of a deprecated endpoint carries. */
export function deprecationHeaders(deprecation: EndpointDeprecation): Record<string, string> {
  const since = deprecation.since ? Date.parse(deprecation.since) : NaN;
  return {
    // RFC 9745 writes the date as a structured-field date (@epoch-seconds).
    Deprecation: Number.isNaN(since) ? 'true' : `@${Math.floor(since / 1000)}`,
    // RFC 8594: an HTTP-date.
    Sunset: new Date(deprecation.sunset).toUTCString(),
    Link: `<${versionedPath(deprecation.replacement)}>; rel="successor-version"`,
  };
}
