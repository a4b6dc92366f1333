import type { FastifyRequest } from 'fastify';
import jwt from 'jsonwebtoken';
import type { Socket } from 'socket.io';

/**
 * The handshake's credential as an Authorization header value: `auth: {token}` (a bare token is a
 * bearer token; `ApiKey <key>` and `Bearer <jwt>` are taken as they are), else the handshake's
 * own Authorization header; undefined when it carries neither.
 */
export function handshakeAuthorization(socket: Socket): string | undefined {
  const offered = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof offered === 'string' && offered.trim()) {
    const token = offered.trim();
    return /^(bearer|apikey) /i.test(token) ? token : `Bearer ${token}`;
  }
  const header = socket.handshake.headers.authorization;
  return typeof header === 'string' && header ? header : undefined;
}

/** Just what the Authenticator reads from a request, made from a handshake. */
export function handshakeRequest(socket: Socket, authorization: string | undefined, requestId: string): FastifyRequest {
  return {
    headers: authorization ? { authorization } : {},
    query: {},
    requestId,
    ip: socket.handshake.address,
  } as unknown as FastifyRequest;
}

/** When a (verified) bearer token expires, epoch ms; null for API keys and the demo token. */
export function bearerExpiry(authorization: string | undefined): number | null {
  if (!authorization || !/^bearer /i.test(authorization)) return null;
  const payload = jwt.decode(authorization.slice(7).trim());
  return payload && typeof payload === 'object' && typeof payload.exp === 'number' ? payload.exp * 1000 : null;
}
