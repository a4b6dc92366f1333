import fastifyCors from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfig } from '../gateway.config';

/** Request headers a browser app may send (a preflight names them). */
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-ID', 'Accept-Version', 'X-Client-Version'];
/** Answer headers a browser app may read. */
const EXPOSED_HEADERS = [
  'X-Request-ID',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'Retry-After',
  'Deprecation',
  'Sunset',
  'Link',
  'Location',
  'Content-Disposition',
];

/**
 * helmet's headers, worked out once. They do not depend on the request (no CSP nonces), and
 * @fastify/helmet would build helmet's middleware again for every request (parsing the CSP each
 * time: 3 % of the gateway's CPU on the order write).
 */
function securityHeaders(): [string, string][] {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: string | number) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  helmet()({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * Security headers on every answer (helmet), and CORS for the origins CORS_ORIGINS lists: a
 * preflight from one of them is answered and cached for CORS_MAX_AGE_SECONDS; any other origin
 * gets no CORS header at all, so its browser keeps the answer from the page.
 */
export async function installBrowserAccess(app: NestFastifyApplication, cors: GatewayConfig['cors']): Promise<void> {
  // The API answers JSON only; helmet's defaults (CSP, nosniff, HSTS, frame denial) fit it.
  // Swagger UI sets the CSP its own page needs.
  const headers = securityHeaders();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      for (const [name, value] of headers) reply.raw.setHeader(name, value);
      done();
    });
  if (cors.origins.length === 0) return;
  const anyOrigin = cors.origins.includes('*');
  const allowed = new Set(cors.origins);
  const options = {
    origin: anyOrigin ? '*' : (cors.origins as string[]),
    credentials: cors.credentials,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: cors.maxAgeSeconds,
    strictPreflight: true,
  };
  await app.register(fastifyCors, {
    delegator: (request: FastifyRequest, callback: (error: Error | null, options: object) => void) => {
      const origin = request.headers.origin;
      // Another origin: no CORS headers whatsoever (a 404 for its preflight).
      callback(null, anyOrigin || (origin !== undefined && allowed.has(origin)) ? options : { origin: false });
    },
  });
}
