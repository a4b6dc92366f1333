import { io, Socket } from 'socket.io-client';
import { eventually } from '@sf/testing';

/** A socket.io-client connection to a namespace of the gateway, recording what it receives. */
export interface TestSocket {
  socket: Socket;
  received: { event: string; data: any }[];
  /** Waits (deadline-bound) for an event matching `predicate`; answers its data. */
  next(event: string, predicate?: (data: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
}

export function openSocket(
  baseUrl: string,
  namespace: string,
  options: { token?: string; headers?: Record<string, string> } = {},
): TestSocket {
  const socket = io(`${baseUrl}/${namespace}`, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    auth: options.token === undefined ? {} : { token: options.token },
    extraHeaders: options.headers,
    forceNew: true,
  });
  const received: { event: string; data: any }[] = [];
  socket.onAny((event: string, data: unknown) => received.push({ event, data }));
  return {
    socket,
    received,
    next: (event, predicate = () => true, timeoutMs = 15_000) =>
      eventually(async () => {
        const found = received.find((r) => r.event === event && predicate(r.data));
        if (!found) throw new Error(`no ${event} yet (received: ${received.map((r) => r.event).join(', ') || 'nothing'})`);
        return found.data;
      }, timeoutMs),
    close: () => socket.close(),
  };
}

/** Resolves once connected; rejects with the handshake's error (its `data.code` says why). */
export function connected(test: TestSocket, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (test.socket.connected) return resolve();
    const timer = setTimeout(() => reject(new Error('socket did not connect in time')), timeoutMs);
    test.socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    test.socket.once('connect_error', (error: Error & { data?: unknown }) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
